package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// packOf returns a pack of n questions over two domains, with a mock exam of 4: more questions than review
// introduces in a day.
func packOf(t *testing.T, n int) *quiz.Pack {
	t.Helper()
	var b strings.Builder
	b.WriteString(`pack: many
title: Many questions
version: 1
exam:
  name: Test Exam
  questions: 4
  minutes: 60
  pass_percent: 70
domains:
  - {id: one, name: Domain One, weight: 50}
  - {id: two, name: Domain Two, weight: 50}
questions:
`)
	for i := range n {
		domain := []string{"one", "two"}[i%2]
		fmt.Fprintf(&b, "  - id: q-%02d\n    domain: %s\n    objective: \"1.%d\"\n    difficulty: 1\n    question: Which option is number %d?\n"+
			"    choices: [\"Option %d-a\", \"Option %d-b\", \"Option %d-c\", \"Option %d-d\"]\n    answer: %d\n"+
			"    explanation: Option %d is the one.\n    source: the test\n", i, domain, i+1, i, i, i, i, i, i%4, i)
	}
	p, err := quiz.Parse("many.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// reviewNew runs a review session for u, answering every card right, and returns how many new questions it
// served and its last reply. Every card must be new (the caller makes sure nothing is due).
func (e *env) reviewNew(u bot.User) (int, bot.Reply) {
	e.t.Helper()
	r := e.do(u, "/study review")
	n := 0
	for r.Card != nil {
		n++
		if want := fmt.Sprintf("new question, %d of %d today", n, bot.ReviewNewPerDay); !strings.Contains(r.Card.Heading(), want) {
			e.t.Fatalf("review card %d: heading %q, want %q", n, r.Card.Heading(), want)
		}
		if n > bot.ReviewNewPerDay {
			e.t.Fatalf("review served %d new questions", n)
		}
		fb := e.answerCard(u, r, true)
		r = e.click(u, button(e.t, fb, "Next"))
	}
	return n, r
}

// Review's daily allowance of new questions counts only the questions review introduced: a member who
// practised and sat a mock exam this morning still gets review's 10 new questions (issue 26, defect 4).
func TestReviewNewQuestionsCountOnlyReviewsOwn(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.pack = packOf(t, 24)
	e.bot = e.newBot(e.db)
	for range 6 {
		e.answerCard(alice, e.do(alice, "/study practice"), true)
	}
	r := e.do(alice, "/study exam start")
	for r.Card != nil {
		r = e.answerCard(alice, r, true)
	}
	mustContain(t, r.Text, "Mock exam report: 4 of 4 right")
	e.clock.Add(time.Hour)

	n, r := e.reviewNew(alice)
	if n != bot.ReviewNewPerDay {
		t.Fatalf("review served %d new questions after 10 met in practice and an exam, want %d", n, bot.ReviewNewPerDay)
	}
	mustContain(t, r.Text, "you have had review's 10 new questions for today; the next come tomorrow at 00:00 UTC.")
}

// The allowance is by the member's day, from midnight in the group's zone (its schedule's), not the last
// 24 hours: ten new questions at 22:00 in New York, none more at 23:30, the next ones at 00:30, and the
// reply says when (issue 26, defect 4).
func TestReviewNewQuestionsComeBackAtMidnightInTheGroupsZone(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 21, 0, 0, 0, newYork)) // a Monday
	e.pack = packOf(t, 24)
	e.bot = e.newBot(e.db)
	mustContain(t, e.do(mod, "/study schedule 09:00 America/New_York").Text, "America/New_York")
	e.clock.Add(time.Hour) // 22:00 EST

	if n, _ := e.reviewNew(alice); n != bot.ReviewNewPerDay {
		t.Fatalf("review served %d new questions at 22:00, want %d", n, bot.ReviewNewPerDay)
	}
	e.clock.Add(90 * time.Minute) // 23:30 EST, the same day
	n, r := e.reviewNew(alice)
	if n != 0 {
		t.Fatalf("review served %d more new questions at 23:30, the same day", n)
	}
	mustContain(t, r.Text, "you have had review's 10 new questions for today; the next come tomorrow at 00:00 EST.")
	e.clock.Add(time.Hour) // 00:30 EST, Tuesday: 2.5 hours after the first ten
	if n, _ := e.reviewNew(alice); n != bot.ReviewNewPerDay {
		t.Fatalf("review served %d new questions after midnight in New York, want %d", n, bot.ReviewNewPerDay)
	}
}
