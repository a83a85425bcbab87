package quiz

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Exam is the exam a pack prepares for, as the pack's `exam:` block states it: readiness, the mock exam,
// the report and help texts are built from it, so no exam's facts are written in code.
type Exam struct {
	Name   string // "CompTIA A+ Core 1"
	Code   string // "220-1201"; may be empty
	Status string // "current", or when and why it was retired; may be empty
	// Questions and Minutes are the mock exam's length and time.
	Questions int
	Minutes   int
	// Scale is the exam's published score scale and pass mark; nil when it publishes none, and then
	// PassPercent is the mark on the share right.
	Scale       *Scale
	PassPercent int
	// Stated is false when the pack has no exam block and Exam holds the defaults DefaultExam built.
	Stated bool
}

// Scale is a published score scale with its pass mark.
type Scale struct {
	Min, Max, Pass int
}

// DefaultPassPercent is the mark a pack without an exam block is measured against.
const DefaultPassPercent = 70

// defaultExamMax is the longest mock exam a pack without an exam block gets.
const defaultExamMax = 50

// DefaultExam is the exam of a pack that states none: named after the pack, as many questions as the pack
// holds up to 50, a minute each, against DefaultPassPercent of the share right.
func DefaultExam(title string, questions int) Exam {
	n := min(max(questions, 1), defaultExamMax)
	return Exam{Name: title, Questions: n, Minutes: n, PassPercent: DefaultPassPercent}
}

// Duration is how long the mock exam gives.
func (e Exam) Duration() time.Duration { return time.Duration(e.Minutes) * time.Minute }

// Title is the exam's name with its code: "CompTIA A+ Core 1 (220-1201)".
func (e Exam) Title() string {
	if e.Code == "" {
		return e.Name
	}
	return e.Name + " (" + e.Code + ")"
}

// Score maps a mastery in [0, 1] onto the exam's scale, linearly and rounded, or onto a percentage where
// the exam publishes no scale. A linear mapping is our estimate: exams rarely publish their conversion.
func (e Exam) Score(mastery float64) int {
	m := clamp01(mastery)
	if e.Scale == nil {
		return int(math.Round(100 * m))
	}
	return int(math.Round(float64(e.Scale.Min) + float64(e.Scale.Max-e.Scale.Min)*m))
}

// Pass is the pass mark on Score's scale.
func (e Exam) Pass() int {
	if e.Scale == nil {
		return e.PassPercent
	}
	return e.Scale.Pass
}

// Mark writes a score on the exam's scale: "712" on a published scale, "71%" otherwise.
func (e Exam) Mark(score int) string {
	if e.Scale == nil {
		return fmt.Sprintf("%d%%", score)
	}
	return fmt.Sprint(score)
}

// Range writes an interval of scores: "640-780" or "64%-78%".
func (e Exam) Range(lo, hi int) string { return e.Mark(lo) + "-" + e.Mark(hi) }

// ScaleText names the scale and the pass mark: "the exam's 200-800 scale (pass mark 675)", or "the share
// right (pass mark 70%)".
func (e Exam) ScaleText() string {
	if e.Scale == nil {
		return fmt.Sprintf("the share right (pass mark %d%%)", e.PassPercent)
	}
	return fmt.Sprintf("the exam's %d-%d scale (pass mark %d)", e.Scale.Min, e.Scale.Max, e.Scale.Pass)
}

// Caveat says what a score estimate rests on, for the end of a readiness report or a mock exam's report.
func (e Exam) Caveat() string {
	var b strings.Builder
	b.WriteString("This is an estimate for the material, not a prediction of a real score")
	switch {
	case !e.Stated:
		fmt.Fprintf(&b, ": this pack names no exam, so the estimate is the share right, against a pass mark of %d%%.", e.PassPercent)
		return b.String()
	case e.Status != "":
		fmt.Fprintf(&b, ": %s, %s.", e.Title(), e.Status)
	default:
		b.WriteString(".")
	}
	if e.Scale != nil {
		fmt.Fprintf(&b, " The %d-%d scale and the %d mark are the exam's published format; how raw answers become scaled scores is not published, so the scale here is a straight line.",
			e.Scale.Min, e.Scale.Max, e.Scale.Pass)
	} else {
		fmt.Fprintf(&b, " The exam publishes no score scale, so the estimate is the share right, against a pass mark of %d%%.", e.PassPercent)
	}
	return b.String()
}
