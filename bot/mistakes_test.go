package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// practiceOne answers the practice card served, right or wrong, and returns its question.
func (e *env) practiceOne(u bot.User, right bool) string {
	e.t.Helper()
	r := e.do(u, "/study practice")
	e.answerCard(u, r, right)
	return r.Card.QuestionID
}

// key and wrong are how a question's key and answerCard's wrong choice read in /study mistakes.
func (e *env) keyAndWrong(id string) (key, wrong string) {
	q, _ := e.pack.Question(id)
	w := (q.Answer + 1) % len(q.Choices)
	return "Answer: " + quiz.Letter(q.Answer) + ") " + q.Choices[q.Answer] + ".", "You chose " + quiz.Letter(w) + ") " + q.Choices[w]
}

// /study mistakes lists missed questions latest first, with the member's choice and the key; a question
// answered right later leaves the list; Retry serves it as a review card that can be answered.
func TestMistakesLatestFirstWithChoiceAndKeyAndRetry(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if r := e.do(alice, "/study mistakes"); !r.Private || !strings.Contains(r.Text, "No mistakes") {
		t.Fatalf("no answers: %+v", r)
	}
	var ids []string // oldest miss first
	for range 3 {
		ids = append(ids, e.practiceOne(alice, false))
		e.clock.Add(time.Hour)
	}
	r := e.do(alice, "/study mistakes")
	if !r.Private {
		t.Fatal("mistakes reply is not private")
	}
	a, b, c := strings.Index(r.Text, ids[2]+"]"), strings.Index(r.Text, ids[1]+"]"), strings.Index(r.Text, ids[0]+"]")
	if a < 0 || b < 0 || c < 0 || !(a < b && b < c) {
		t.Fatalf("want %v latest first:\n%s", ids, r.Text)
	}
	for _, id := range ids {
		key, wrong := e.keyAndWrong(id)
		after := r.Text[strings.Index(r.Text, id+"]"):]
		if !strings.Contains(after, wrong) || !strings.Contains(after, key) {
			t.Fatalf("%s: want %q and %q in:\n%s", id, wrong, key, after)
		}
	}

	// Retry 1 is the latest miss: answered right, it leaves the list.
	card := e.click(alice, button(t, r, "Retry 1"))
	if card.Card == nil || card.Card.QuestionID != ids[2] || !card.Private {
		t.Fatalf("Retry 1 served %+v, want %s's private card", card, ids[2])
	}
	fb := e.answerCard(alice, card, true)
	mustContain(t, fb.Text, "Correct!")
	r = e.do(alice, "/study mistakes")
	mustNotContain(t, r.Text, ids[2]+"]")
	mustContain(t, r.Text, ids[1]+"]")

	// Bob may not use Alice's buttons.
	if got := e.click(bob, button(t, r, "Retry 1")); got.Card != nil {
		t.Fatalf("bob got alice's retry: %+v", got)
	}

	for _, b := range []string{"Retry 1", "Retry 2"} {
		e.answerCard(alice, e.click(alice, button(t, r, b)), true)
	}
	r = e.do(alice, "/study mistakes")
	mustContain(t, r.Text, "every question you missed, you have since answered right")
}

// /study history shows answered, right and share per week for 12 weeks, weeks from Monday in the
// group's zone.
func TestHistorySharePerWeek(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // a Monday
	e.practiceOne(alice, true)
	e.practiceOne(alice, false)
	e.clock.Add(7 * 24 * time.Hour) // Monday 9 March
	e.practiceOne(alice, true)
	r := e.do(alice, "/study history")
	if !r.Private || r.Table == nil {
		t.Fatalf("history: %+v", r)
	}
	if len(r.Table.Rows) != 12 {
		t.Fatalf("want 12 weeks, got %d", len(r.Table.Rows))
	}
	last, before := r.Table.Rows[11], r.Table.Rows[10]
	if strings.Join(last, "|") != "9 Mar (this week)|1|1|100%" || strings.Join(before, "|") != "2 Mar|2|1|50%" {
		t.Fatalf("weeks: %q, %q", before, last)
	}
	if strings.Join(r.Table.Rows[0], "|") != "22 Dec 2025|0|0|-" {
		t.Fatalf("first week: %q", r.Table.Rows[0])
	}
	if got := e.do(bob, "/study history"); got.Table != nil || !strings.Contains(got.Text, "No answers") {
		t.Fatalf("bob without answers: %+v", got)
	}
}
