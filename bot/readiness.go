package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// bandText says a readiness band in a sentence.
func bandText(b quiz.Band) string {
	switch b {
	case quiz.BandLikely:
		return "likely to pass"
	case quiz.BandBorderline:
		return "borderline"
	case quiz.BandNotYet:
		return "not yet"
	}
	return "not enough answers to say"
}

// cmdReadiness estimates how a member would do on the exam today from all their graded answers (daily,
// practice, review and finished mock exams; recent ones weigh more), per domain and overall, as a band rather than a
// falsely precise score, and names the domain to study next; with an exam date (/study goal), the countdown
// and today's target.
func (b *Bot) cmdReadiness(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	g := cmd.Channel.Group()
	// Readiness rests on private practice and mock exams: it is the member's own, moderators' included, and
	// the command takes no member; what a group does shows in aggregates (the recap, /study items, the web
	// page).
	userID, name := cmd.User.ID, cmd.User.Name
	if name == "" {
		name = userID
	}
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	ls, err := b.learnerState(ctx, g, userID, pk)
	if err != nil {
		return Reply{}, err
	}
	now := b.clock.Now()
	r := pk.Readiness(evidence(ls.attempts), now)
	text, err := b.withGoal(ctx, g, pk, userID, ls, now, readinessText(pk, name, r))
	if err != nil {
		return Reply{}, fmt.Errorf("goal: %w", err)
	}
	return Reply{Private: true, Text: text, Table: readinessTable(pk, r)}, nil
}

func readinessText(pk *quiz.Pack, name string, r quiz.Readiness) string {
	var lines []string
	ex := pk.Exam
	lines = append(lines, fmt.Sprintf("Readiness for %s (%s): %s.", name, ex.Title(), bandText(r.Band)))
	switch r.Band {
	case quiz.BandNotEnough:
		if r.Stale {
			lines = append(lines, fmt.Sprintf("Most of your %s are old (an answer counts half after 30 days), so they say little about today: "+
				"answer a few questions (/study review) to bring the estimate up to date. From them, the estimate spans %s on %s.",
				count(r.Answers, "answer", "answers"), ex.Range(r.ScaledLow, r.ScaledHigh), ex.ScaleText()))
			break
		}
		short := quiz.ReadinessMinAnswers - r.Answers
		var thin []string
		for _, d := range r.Domains {
			if d.Answers < quiz.ReadinessMinPerDomain {
				thin = append(thin, domainName(pk, d.Domain))
			}
		}
		need := fmt.Sprintf("A verdict needs %s in all and %d in every domain", count(quiz.ReadinessMinAnswers, "answer", "answers"), quiz.ReadinessMinPerDomain)
		switch {
		case short > 0 && len(thin) > 0:
			need += fmt.Sprintf(": %d more, and more in %s.", short, strings.Join(thin, ", "))
		case short > 0:
			need += fmt.Sprintf(": %d more.", short)
		default:
			need += fmt.Sprintf(": more in %s.", strings.Join(thin, ", "))
		}
		lines = append(lines, need)
		if r.Answers > 0 {
			lines = append(lines, fmt.Sprintf("So far the estimate spans %s on %s, from %s.",
				ex.Range(r.ScaledLow, r.ScaledHigh), ex.ScaleText(), count(r.Answers, "answer", "answers")))
		}
	default:
		lines = append(lines, fmt.Sprintf("Estimated score: %s on %s (90%% interval), from %s.",
			ex.Range(r.ScaledLow, r.ScaledHigh), ex.ScaleText(), count(r.Answers, "answer", "answers")))
	}
	if d, ok := pk.Domain(r.Next); ok {
		for _, dr := range r.Domains {
			if dr.Domain != d.ID {
				continue
			}
			mastery := "no answers yet"
			if dr.Answers > 0 {
				mastery = "mastery " + pct(dr.Mastery)
			}
			lines = append(lines, fmt.Sprintf("Study next: %s (%d%% of the exam, %s): the largest weight × gap. /study practice %s",
				d.Name, d.Weight, mastery, d.ID))
		}
	}
	lines = append(lines, ex.Caveat()+" "+
		"Right is your answers as they are; Mastery is an estimate of the share you would get right, from daily, practice, review and finished mock exam answers "+
		"(recent ones weigh more; it starts at 50% with no answers, so 1 right of 1 reads 67%), with its 90% credible interval.")
	return strings.Join(lines, "\n")
}

func readinessTable(pk *quiz.Pack, r quiz.Readiness) *Table {
	t := &Table{Title: "Mastery per domain", Columns: []string{"Domain", "Weight", "Right", "Mastery", "90% interval"}}
	for _, dr := range r.Domains {
		d, _ := pk.Domain(dr.Domain)
		mastery, interval := "-", "-"
		if dr.Answers > 0 {
			mastery, interval = pct(dr.Mastery), pct(dr.Low)+"-"+pct(dr.High)
		}
		t.Rows = append(t.Rows, []string{d.Name, strconv.Itoa(d.Weight) + "%", fmt.Sprintf("%d of %d", dr.Right, dr.Answers), mastery, interval})
	}
	return t
}
