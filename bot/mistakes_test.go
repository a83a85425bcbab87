package bot_test

import (
	"fmt"
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

// withMoreQuestions returns the test pack with n more security questions (ids more-1 …), for lists that
// need more than a page.
func withMoreQuestions(t *testing.T, n int) *quiz.Pack {
	t.Helper()
	var extra strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&extra, `  - id: more-%d
    domain: security
    objective: "5.1"
    difficulty: 1
    question: Extra question number %d?
    choices: [Alpha, Bravo, Charlie]
    answer: 0
    why: ["", "Bravo is not it.", "Charlie is not it."]
    explanation: Alpha it is.
    source: none
`, i, i)
	}
	src := strings.Replace(testPack, "faq:\n", extra.String()+"faq:\n", 1)
	p, err := quiz.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Five mistakes take two pages: Next page shows the oldest, numbered on from the first page, with its own
// Retry; Previous page goes back.
func TestMistakesArePaged(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.pack = withMoreQuestions(t, 1)
	e.bot = e.newBot(e.db)
	var ids []string
	for range 5 {
		ids = append(ids, e.practiceOne(alice, false))
		e.clock.Add(time.Hour)
	}
	r := e.do(alice, "/study mistakes")
	mustContain(t, r.Text, "5 questions; page 1 of 2")
	mustNotContain(t, r.Text, ids[0]+"]")
	if hasButton(r, "Previous page") || hasButton(r, "Retry 5") {
		t.Fatalf("page 1's buttons: %+v", r.Buttons)
	}
	p2 := e.click(alice, button(t, r, "Next page"))
	mustContain(t, p2.Text, "page 2 of 2")
	mustContain(t, p2.Text, "5. [")
	mustContain(t, p2.Text, ids[0]+"]")
	if hasButton(p2, "Next page") {
		t.Fatalf("the last page has a Next page button: %+v", p2.Buttons)
	}
	if c := e.click(alice, button(t, p2, "Retry 5")); c.Card == nil || c.Card.QuestionID != ids[0] {
		t.Fatalf("Retry 5 served %+v, want %s", c.Card, ids[0])
	}
	p1 := e.click(alice, button(t, p2, "Previous page"))
	mustContain(t, p1.Text, "page 1 of 2")
	mustContain(t, p1.Text, ids[4]+"]")
}

// A mock exam in progress promises no feedback, so its wrong answers are no mistakes until it ends.
func TestMistakesWaitForTheExamInProgress(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study exam start")
	missed := r.Card.QuestionID
	e.answerCard(alice, r, false)
	e.clock.Add(time.Minute)
	mustContain(t, e.do(alice, "/study mistakes").Text, "No mistakes")
	e.do(alice, "/study exam stop")
	r = e.do(alice, "/study mistakes")
	mustContain(t, r.Text, missed+"]")
}
