package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// flashcardPack is a pack of flashcards and the questions given (YAML list items, possibly none).
func flashcardPack(t *testing.T, questions string) *quiz.Pack {
	t.Helper()
	src := `pack: cards
title: Cell biology
version: 1
domains:
  - {id: cells, name: Cells, weight: 100}
`
	if questions != "" {
		src += "questions:\n" + questions
	}
	src += `flashcards:
  - id: c-mitosis
    domain: cells
    front: mitosis
    back: Cell division giving two identical daughter cells
    source: the course notes
`
	p, err := quiz.Parse("cards.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const oneQuestion = `  - id: q-atp
    domain: cells
    objective: "1.1"
    difficulty: 1
    question: Which molecule carries the cell's energy?
    choices: [ATP, DNA, RNA, NADH]
    answer: 0
    explanation: ATP is the cell's energy currency.
    source: the course notes
`

// reviewFlashcard runs /study review as u and returns the reply, which must show the flashcard's front.
func (e *env) reviewFlashcard(u bot.User, progress string) bot.Reply {
	e.t.Helper()
	r := e.do(u, "/study review")
	if r.Card != nil {
		e.t.Fatalf("review served question %s, want the flashcard", r.Card.QuestionID)
	}
	mustContain(e.t, r.Text, "Flashcard")
	mustContain(e.t, r.Text, progress)
	mustContain(e.t, r.Text, "mitosis")
	mustNotContain(e.t, r.Text, "identical daughter cells")
	return r
}

// grade shows the flashcard's back and grades it.
func (e *env) grade(u bot.User, front bot.Reply, label string) bot.Reply {
	e.t.Helper()
	back := e.click(u, button(e.t, front, "Show answer"))
	mustContain(e.t, back.Text, "identical daughter cells")
	return e.click(u, button(e.t, back, label))
}

// In a channel whose pack holds only flashcards, /study review serves them: the front with "Show answer",
// then the back with "I knew it" / "I didn't". "I didn't" brings the card back the next day; "I knew it"
// sends it further out. /study practice says there are only flashcards here.
func TestReviewServesFlashcardsSelfGraded(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.pack = flashcardPack(t, "")
	e.bot = e.newBot(e.db)

	r := e.do(alice, "/study practice")
	mustContain(t, r.Text, "only flashcards here")
	mustContain(t, r.Text, "/study review")

	r = e.grade(alice, e.reviewFlashcard(alice, "new flashcard, 1 of 10 today"), "I didn't")
	mustContain(t, r.Text, "Tue 09:00 UTC")
	r = e.click(alice, button(t, r, "Next"))
	mustContain(t, r.Text, "nothing is due")

	e.clock.Add(25 * time.Hour)
	r = e.grade(alice, e.reviewFlashcard(alice, "1 card due"), "I knew it")
	mustContain(t, r.Text, "comes back")

	e.clock.Add(25 * time.Hour)
	r = e.do(alice, "/study review")
	mustContain(t, r.Text, "nothing is due")
	mustNotContain(t, r.Text, "mitosis")

	e.clock.Add(30 * 24 * time.Hour)
	e.reviewFlashcard(alice, "1 card due")

	// A grade is kept once: the back's buttons clicked again change nothing.
	front := e.do(bob, "/study review")
	back := e.click(bob, button(t, front, "Show answer"))
	e.click(bob, button(t, back, "I knew it"))
	mustContain(t, e.click(bob, button(t, back, "I didn't")).Text, "already graded")
	mustContain(t, e.click(alice, button(t, back, "I didn't")).Text, "someone else's")
}

// Flashcards stand beside questions in review, and never on the daily post: a channel whose pack holds a
// question and a flashcard posts the question day after day, never the card, and the card's self-grade
// earns no points.
func TestFlashcardsAreNeverPostedOrScored(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	e.pack = flashcardPack(t, oneQuestion)
	e.bot = e.newBot(e.db)
	e.do(mod, "/study schedule 09:00")
	for day := range 5 {
		e.clock.Set(time.Date(2026, 3, 2+day, 9, 0, 30, 0, time.UTC))
		e.tick()
	}
	cards := e.chat.cards()
	if len(cards) != 5 {
		t.Fatalf("%d daily posts in 5 days, want 5", len(cards))
	}
	for _, c := range cards {
		if c.reply.Card.QuestionID != "q-atp" {
			t.Fatalf("posted %s as the daily question", c.reply.Card.QuestionID)
		}
	}

	served := map[string]bool{}
	r := e.do(alice, "/study review")
	for range 2 {
		if r.Card != nil {
			served[r.Card.QuestionID] = true
			r = e.click(alice, button(t, e.answerCard(alice, r, true), "Next"))
			continue
		}
		if !strings.Contains(r.Text, "mitosis") {
			t.Fatalf("review showed %q", r.Text)
		}
		served["c-mitosis"] = true
		r = e.click(alice, button(t, e.grade(alice, r, "I knew it"), "Next"))
	}
	if !served["q-atp"] || !served["c-mitosis"] {
		t.Fatalf("review served %v, want the question and the flashcard", served)
	}
	mustContain(t, r.Text, "nothing is due")
	if lb := e.do(alice, "/study leaderboard all").Table; lb == nil || len(lb.Rows) != 0 {
		t.Fatalf("leaderboard after a review: %+v", lb)
	}
}

// A channel whose pack holds only flashcards has no daily question: /study schedule and /study post say so,
// and point to /study review, rather than to domains that would not help.
func TestOnlyFlashcardsHaveNoDailyPost(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	e.pack = flashcardPack(t, "")
	e.bot = e.newBot(e.db)
	r := e.do(mod, "/study schedule 09:00")
	mustContain(t, r.Text, "Scheduled")
	mustContain(t, r.Text, "holds only flashcards")
	r = e.do(mod, "/study post")
	mustContain(t, r.Text, "holds only flashcards")
	mustContain(t, r.Text, "/study review")
	if n := len(e.chat.cards()); n != 0 {
		t.Fatalf("%d questions posted", n)
	}
}

// New flashcards count in review's daily allowance of new cards like new questions: of 12 new cards, review
// shows 10 today and says the next come tomorrow.
func TestReviewNewFlashcardsWithinTheDailyLimit(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	var b strings.Builder
	b.WriteString("pack: cards\ntitle: Many cards\nversion: 1\ndomains:\n  - {id: cells, name: Cells, weight: 100}\nflashcards:\n")
	for i := range 12 {
		fmt.Fprintf(&b, "  - {id: c-%02d, domain: cells, front: term %d, back: definition %d}\n", i, i, i)
	}
	p, err := quiz.Parse("cards.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	e.pack = p
	e.bot = e.newBot(e.db)
	n := 0
	r := e.do(alice, "/study review")
	for hasButton(r, "Show answer") {
		n++
		mustContain(t, r.Text, fmt.Sprintf("new flashcard, %d of %d today", n, bot.ReviewNewPerDay))
		back := e.click(alice, button(t, r, "Show answer"))
		r = e.click(alice, button(t, e.click(alice, button(t, back, "I knew it")), "Next"))
	}
	if n != bot.ReviewNewPerDay {
		t.Fatalf("review showed %d new flashcards today, want %d", n, bot.ReviewNewPerDay)
	}
	mustContain(t, r.Text, "the next come tomorrow")
}
