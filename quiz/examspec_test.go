package quiz_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/quiz"
)

// smallPack is a valid two-domain pack with three questions in each domain, and exam as its exam block
// (none when empty).
func smallPack(exam string) string {
	var b strings.Builder
	b.WriteString("pack: small\ntitle: Small course\nversion: 1\n")
	b.WriteString(exam)
	b.WriteString("domains:\n  - {id: a, name: Alpha, weight: 60}\n  - {id: b, name: Beta, weight: 40}\nquestions:\n")
	for _, d := range []string{"a", "b"} {
		for i := range 3 {
			id := d + string(rune('1'+i))
			b.WriteString("  - id: " + id + "\n    domain: " + d + "\n    objective: \"1\"\n    difficulty: 2\n    question: Q " + id + "?\n")
			b.WriteString("    choices: [one " + id + ", two " + id + "]\n    answer: 0\n    explanation: Because.\n    source: the test\n")
		}
	}
	return b.String()
}

func TestExamBlockIsRead(t *testing.T) {
	tests := []struct {
		name  string
		block string
		want  quiz.Exam
		pass  int
		mark  string // Mark(Score(0.75))
	}{
		{"published scale", "exam:\n  name: Small Cert\n  code: SC-1\n  status: current\n  questions: 5\n  minutes: 10\n  scale: {min: 200, max: 800, pass: 500}\n",
			quiz.Exam{Name: "Small Cert", Code: "SC-1", Status: "current", Questions: 5, Minutes: 10, Scale: &quiz.Scale{Min: 200, Max: 800, Pass: 500}, Stated: true}, 500, "650"},
		{"pass percent", "exam:\n  name: Course final\n  questions: 4\n  minutes: 8\n  pass_percent: 60\n",
			quiz.Exam{Name: "Course final", Questions: 4, Minutes: 8, PassPercent: 60, Stated: true}, 60, "75%"},
		{"no block", "",
			quiz.Exam{Name: "Small course", Questions: 6, Minutes: 6, PassPercent: quiz.DefaultPassPercent}, quiz.DefaultPassPercent, "75%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := quiz.Parse("small.yaml", []byte(smallPack(tt.block)))
			if err != nil {
				t.Fatal(err)
			}
			got := p.Exam
			if got.Name != tt.want.Name || got.Code != tt.want.Code || got.Status != tt.want.Status || got.Questions != tt.want.Questions ||
				got.Minutes != tt.want.Minutes || got.PassPercent != tt.want.PassPercent || got.Stated != tt.want.Stated ||
				(got.Scale == nil) != (tt.want.Scale == nil) || (got.Scale != nil && *got.Scale != *tt.want.Scale) {
				t.Fatalf("exam %+v, want %+v", got, tt.want)
			}
			if got.Pass() != tt.pass {
				t.Errorf("pass mark %d, want %d", got.Pass(), tt.pass)
			}
			if m := got.Mark(got.Score(0.75)); m != tt.mark {
				t.Errorf("75%% mastery reads %q, want %q", m, tt.mark)
			}
			if got.Duration() != time.Duration(tt.want.Minutes)*time.Minute {
				t.Errorf("duration %v", got.Duration())
			}
			if n := len(p.DrawExam(nil, nil, 1)); n != tt.want.Questions {
				t.Errorf("the mock exam draws %d questions, want the exam's %d", n, tt.want.Questions)
			}
		})
	}
}

// TestExamBlockProblems: every problem with the block is reported with its field, and the pack is refused.
func TestExamBlockProblems(t *testing.T) {
	tests := []struct {
		name, block, field, msg string
	}{
		{"neither scale nor percent", "exam:\n  name: X\n  questions: 4\n  minutes: 5\n", "exam", "needs a scale"},
		{"both", "exam:\n  name: X\n  questions: 4\n  minutes: 5\n  scale: {min: 100, max: 900, pass: 650}\n  pass_percent: 70\n", "exam.pass_percent", "not both"},
		{"pass outside the scale", "exam:\n  name: X\n  questions: 4\n  minutes: 5\n  scale: {min: 100, max: 900, pass: 950}\n", "exam.scale", "pass mark between"},
		{"percent over 100", "exam:\n  name: X\n  questions: 4\n  minutes: 5\n  pass_percent: 120\n", "exam.pass_percent", "between 1 and 100"},
		{"no name", "exam:\n  questions: 4\n  minutes: 5\n  pass_percent: 70\n", "exam.name", "missing"},
		{"no minutes", "exam:\n  name: X\n  questions: 4\n  pass_percent: 70\n", "exam.minutes", "missing"},
		{"unknown key", "exam:\n  name: X\n  questions: 4\n  minutes: 5\n  pass_percent: 70\n  length: 9\n", "exam.length", "unknown key"},
		// 6 questions split 60/40 ask 4 of Alpha, which has 3.
		{"more than a domain holds", "exam:\n  name: X\n  questions: 6\n  minutes: 5\n  pass_percent: 70\n", "exam.questions", `need 4 from domain "a", which has 3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := quiz.Parse("small.yaml", []byte(smallPack(tt.block)))
			var ve *quiz.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err %v, want a ValidationError", err)
			}
			for _, p := range ve.Problems {
				if p.Field == tt.field && strings.Contains(p.Message, tt.msg) {
					return
				}
			}
			t.Fatalf("no problem on %s saying %q in:\n%v", tt.field, tt.msg, err)
		})
	}
}

// TestReadinessUsesThePacksExam: the same answers read against two exams' pass marks give two verdicts.
func TestReadinessUsesThePacksExam(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	var ev []quiz.Evidence
	for i := range 60 {
		d := []string{"a", "b"}[i%2]
		ev = append(ev, quiz.Evidence{Domain: d, Correct: i%10 < 8, At: now.Add(-time.Duration(i) * time.Hour)})
	}
	easy, err := quiz.Parse("easy.yaml", []byte(smallPack("exam:\n  name: Easy\n  questions: 5\n  minutes: 5\n  pass_percent: 50\n")))
	if err != nil {
		t.Fatal(err)
	}
	hard, err := quiz.Parse("hard.yaml", []byte(smallPack("exam:\n  name: Hard\n  questions: 5\n  minutes: 5\n  scale: {min: 0, max: 1000, pass: 950}\n")))
	if err != nil {
		t.Fatal(err)
	}
	if r := easy.Readiness(ev, now); r.Band != quiz.BandLikely || r.Scaled < 70 || r.Scaled > 90 {
		t.Errorf("80%% right against a 50%% mark: %q at %d%%", r.Band, r.Scaled)
	}
	if r := hard.Readiness(ev, now); r.Band != quiz.BandNotYet || r.Scaled < 700 || r.Scaled > 900 {
		t.Errorf("80%% right against 950 of 1000: %q at %d", r.Band, r.Scaled)
	}
}
