package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// click presses a button as u.
func (e *env) click(u bot.User, b bot.Button) bot.Reply {
	e.t.Helper()
	return handled(e.bot.HandleErr(context.Background(), b.Action.Command(e.ch, u)))
}

// button returns the reply's button with the label, failing the test if there is none.
func button(t *testing.T, r bot.Reply, label string) bot.Button {
	t.Helper()
	for _, b := range r.Buttons {
		if b.Label == label {
			return b
		}
	}
	t.Fatalf("no %q button in %+v", label, r)
	return bot.Button{}
}

func hasButton(r bot.Reply, label string) bool {
	for _, b := range r.Buttons {
		if b.Label == label {
			return true
		}
	}
	return false
}

// answerCard answers a private card (practice, review or exam) right or wrong.
func (e *env) answerCard(u bot.User, r bot.Reply, right bool) bot.Reply {
	e.t.Helper()
	if r.Card == nil {
		e.t.Fatalf("no card to answer: %+v", r)
	}
	q, _ := e.pack.Question(r.Card.QuestionID)
	choice := q.Answer
	if !right {
		choice = (q.Answer + 1) % len(q.Choices)
	}
	return e.click(u, r.Buttons[choice])
}

// A member's week of reviews: every card a session serves is one the member's own history makes due (an
// independent replay of the same answers), most overdue first; new questions come only while the daily
// allowance lasts; a wrong answer comes back the next day, a guessed one sooner than a sure one, and a
// daily answer counts as a review.
func TestReviewWeek(t *testing.T) {
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC) // a Monday
	e := newEnv(t, start)
	f := quiz.DefaultFSRS()
	var log []quiz.Graded // what alice answered, as the test saw it

	// The daily question, answered right: its card exists before any review.
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	fb := e.answer(alice, p.ID, right)
	mustContain(t, fb.Text, "Correct!")
	if !hasButton(fb, "I guessed") || !hasButton(fb, "Report a problem") {
		t.Fatalf("daily feedback buttons: %+v", fb.Buttons)
	}
	log = append(log, quiz.Graded{QuestionID: p.QuestionID, Correct: true, At: e.clock.Now()})

	wrongOn := map[string]bool{"reg-1": true} // alice keeps missing reg-1 on day 0 and 1
	served := map[int][]string{}
	for d := 0; d < 7; d++ {
		now := e.clock.Now()
		cards := f.Cards(slices.Clone(log))
		var due []string
		for id, c := range cards {
			if !c.Due.After(now) {
				due = append(due, id)
			}
		}
		slices.SortFunc(due, func(a, b string) int {
			return cmpTime(cards[a].Due, cards[b].Due, a, b)
		})
		r := e.do(alice, "/study review")
		var got []string
		for r.Card != nil {
			if r.Card.Kind != bot.KindReview || !r.Private {
				t.Fatalf("day %d: not a private review card: %+v", d, r.Card)
			}
			id := r.Card.QuestionID
			got = append(got, id)
			ok := !wrongOn[id] || d >= 2
			fb := e.answerCard(alice, r, ok)
			g := quiz.Graded{QuestionID: id, Correct: ok, At: e.clock.Now()}
			if ok && d == 0 && id == "sec-2" {
				// "I guessed": Hard instead of Good.
				mustContain(t, e.click(alice, button(t, fb, "I guessed")).Text, "Noted as a guess")
				mustContain(t, e.click(alice, button(t, fb, "I guessed")).Text, "Already noted")
				g.Guessed = true
			}
			if !ok && hasButton(fb, "I guessed") {
				t.Fatalf("a wrong answer offers I guessed: %+v", fb.Buttons)
			}
			log = append(log, g)
			r = e.click(alice, button(t, fb, "Next"))
			if len(got) > 10 {
				t.Fatalf("day %d: the session does not end: %v", d, got)
			}
		}
		mustContain(t, r.Text, "That's all for now")
		served[d] = got
		if d == 0 {
			// Day 0: the three questions alice never saw, then nothing is due.
			if len(got) != 3 || slices.Contains(got, p.QuestionID) {
				t.Fatalf("day 0 served %v, want the 3 questions other than the daily %s", got, p.QuestionID)
			}
			// reg-1 (Again) and sec-2 (Hard) come back tomorrow; the Good ones later.
			mustContain(t, r.Text, "Next review due: Tue 14:00 UTC, 2 cards")
		} else if !slices.Equal(got, due) {
			t.Fatalf("day %d served %v, want the due cards %v", d, got, due)
		}
		e.clock.Add(24 * time.Hour)
	}
	t.Logf("served per day: %v", served)
	if !slices.Equal(served[1], []string{"reg-1", "sec-2"}) {
		t.Errorf("Tuesday served %v, want the missed and the guessed card", served[1])
	}
	total := 0
	for _, s := range served {
		total += len(s)
	}
	if total < 8 {
		t.Errorf("a week served only %d cards: %v", total, served)
	}
	// Practice serves a due review first.
	e.clock.Add(30 * 24 * time.Hour)
	r := e.do(alice, "/study practice")
	if r.Card == nil || !strings.Contains(r.Card.Heading(), "due for review") {
		t.Fatalf("practice after a month: %+v", r.Card)
	}
	// Nothing of this is on the leaderboard beyond the one daily answer.
	lb := e.do(alice, "/study leaderboard all")
	if lb.Table == nil || len(lb.Table.Rows) != 1 || lb.Table.Rows[0][2] != "10" {
		t.Fatalf("leaderboard: %+v", lb.Table)
	}
}

func cmpTime(a, b time.Time, ida, idb string) int {
	if c := a.Compare(b); c != 0 {
		return c
	}
	return strings.Compare(ida, idb)
}

// Readiness says plainly what it is, shows a band rather than a score, and names what to study next.
func TestReadiness(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study readiness")
	for _, want := range []string{"not enough answers", "Test Exam (T-100), retired in February 2017", "100-900 scale", "650 mark"} {
		mustContain(t, r.Text, want)
	}
	if !r.Private || r.Table == nil || len(r.Table.Rows) != 2 {
		t.Fatalf("readiness reply: %+v", r)
	}
	// 24 practice answers, all right: enough for a verdict.
	for i := 0; i < 24; i++ {
		c := e.do(alice, "/study practice")
		e.answerCard(alice, c, true)
		e.clock.Add(time.Hour)
	}
	r = e.do(alice, "/study readiness")
	mustContain(t, r.Text, "Readiness for Alice (Test Exam (T-100)): likely to pass.")
	mustContain(t, r.Text, "from 24 answers")
	mustNotContain(t, r.Text, "not enough")
	// Readiness is the member's own: it is built from private practice and exams. Neither a member nor a
	// moderator reads another's (issue 26, defect 8).
	for _, u := range []bot.User{bob, mod} {
		r = e.do(u, "/study readiness u-alice")
		mustNotContain(t, r.Text, "Readiness for Alice")
		mustNotContain(t, r.Text, "likely to pass")
		if !r.Private {
			t.Fatalf("%s's refused readiness was public", u.Name)
		}
	}
	mustContain(t, e.do(bob, "/study readiness").Text, "Readiness for Bob")
}

// A mock exam survives a restart (everything is in the database), gives no feedback until the end, and is
// finished when its time is up: the next answer is refused with the report, where unanswered questions
// count as wrong.
func TestExamResumesAfterRestartAndTimesOut(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study exam start")
	mustContain(t, r.Text, "Mock exam: 4 questions")
	if r.Card == nil || r.Card.Kind != bot.KindExam || !strings.Contains(r.Card.Heading(), "question 1 of 4 · 60 min left") {
		t.Fatalf("first exam card: %+v", r.Card)
	}
	first := r
	r = e.answerCard(alice, r, true)
	mustNotContain(t, r.Text, "Correct")
	mustContain(t, r.Text, "Answer")
	if r.Card == nil || !strings.Contains(r.Card.Heading(), "question 2 of 4") {
		t.Fatalf("second exam card: %+v", r.Card)
	}
	// Bob cannot answer alice's exam; alice cannot answer question 1 twice.
	mustContain(t, e.answerCard(bob, r, true).Text, "someone else's")
	mustContain(t, e.answerCard(alice, first, false).Text, "already answered question 1")

	// Restart: close the store and build a new core on the same file.
	e.db.Close()
	e.clock.Add(20 * time.Minute)
	e.open()
	r = e.do(alice, "/study exam status")
	if r.Card == nil || !strings.Contains(r.Card.Heading(), "question 2 of 4 · 40 min left") {
		t.Fatalf("status after restart: %+v", r.Card)
	}
	r = e.answerCard(alice, r, false)
	if r.Card == nil || !strings.Contains(r.Card.Heading(), "question 3 of 4") {
		t.Fatalf("third exam card: %+v", r.Card)
	}
	// Time runs out; the answer after it does not count.
	e.clock.Add(41 * time.Minute)
	r = e.answerCard(alice, r, true)
	mustContain(t, r.Text, "Time ran out before that answer")
	mustContain(t, r.Text, "Mock exam report: 1 of 4 right (25%); time ran out")
	mustContain(t, r.Text, "Estimated score for Test Exam (T-100): 400 on the exam's 100-900 scale (pass mark 650)")
	mustContain(t, r.Text, "retired in February 2017")
	if r.Table == nil || r.Table.Title != "Score per domain" {
		t.Fatalf("report table: %+v", r.Table)
	}
	// The missed questions, with explanations, on the next page; bob cannot page alice's report.
	next := button(t, r, "Next page")
	mustContain(t, e.click(bob, next).Text, "someone else's")
	page := e.click(alice, next)
	mustContain(t, page.Text, "missed questions, page 1 of 1 (3 missed in all)")
	mustContain(t, page.Text, "No answer.")
	mustContain(t, page.Text, "You chose")
	if strings.Count(page.Text, "Answer: ") != 3 {
		t.Fatalf("page 2 should list the 3 missed questions:\n%s", page.Text)
	}
	// The exam is over: status shows the last report, a new start draws a new exam.
	mustContain(t, e.do(alice, "/study exam status").Text, "No exam in progress")
	r = e.do(alice, "/study exam start")
	if r.Card == nil || !strings.Contains(r.Card.Heading(), "question 1 of 4") {
		t.Fatalf("second exam: %+v", r)
	}
	mustContain(t, e.do(alice, "/study exam stop").Text, "stopped early")
	// Nothing on the leaderboard.
	mustContain(t, e.do(alice, "/study leaderboard all").Table.Footer, "No answers yet")
}

// An exam left alone past its time is finished when its member comes back, also after a restart, and the
// report says time ran out.
func TestExamTimedOutWhileAway(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.answerCard(alice, e.do(alice, "/study exam start"), true)
	e.db.Close()
	e.clock.Add(2 * time.Hour)
	e.open()
	r := e.do(alice, "/study exam start")
	mustContain(t, r.Text, "ran out of time before you came back")
	mustContain(t, r.Text, "1 of 4 right")
	if r.Card != nil {
		t.Fatalf("a new exam started at once: %+v", r.Card)
	}
	if r = e.do(alice, "/study exam start"); r.Card == nil {
		t.Fatalf("no new exam: %+v", r)
	}
}

// practiceAll has u answer every question of the pack once through practice; right decides per question.
func (e *env) practiceAll(u bot.User, right func(id string) bool) {
	e.t.Helper()
	for range e.pack.Questions {
		r := e.do(u, "/study practice")
		e.answerCard(u, r, right(r.Card.QuestionID))
	}
}

// A question flagged by three members is suspended; one that stronger members miss more often than weaker
// ones over 30 answers (negative discrimination) is suspended when the statistics are computed. The next
// moderator command is told, once; the rotation, practice and exams skip both until a moderator keeps one
// (back in rotation) and retires the other (out for good).
func TestSuspensionByFlagsAndDiscrimination(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	// 32 members answer every question: half are strong (right on everything but sec-1), half weak (wrong
	// on everything but sec-1). sec-1 then discriminates negatively; the others positively.
	for i := 0; i < 32; i++ {
		u := bot.User{ID: fmt.Sprintf("u-%02d", i), Name: fmt.Sprintf("M%02d", i)}
		strong := i%2 == 0
		e.practiceAll(u, func(id string) bool { return (id == "sec-1") != strong })
	}
	// Three flags on reg-1, one of them from the feedback button; a member's second flag only adds a reason.
	r := e.do(alice, "/study practice regulatory")
	fb := e.answerCard(alice, r, true)
	for r.Card.QuestionID != "reg-1" {
		r = e.do(alice, "/study practice regulatory")
		fb = e.answerCard(alice, r, true)
	}
	mustContain(t, e.click(bob, button(t, fb, "Report a problem")).Text, "someone else's")
	mustContain(t, e.click(alice, button(t, fb, "Report a problem")).Text, "I reported question reg-1")
	mustContain(t, e.do(alice, "/study flag the key is wrong").Text, "replaced your reason")
	for _, u := range []bot.User{bob, carol} {
		r := e.do(u, "/study practice regulatory")
		for r.Card.QuestionID != "reg-1" {
			e.answerCard(u, r, true)
			r = e.do(u, "/study practice regulatory")
		}
		e.answerCard(u, r, false)
		mustContain(t, e.do(u, "/study flag").Text, "I reported question reg-1")
	}
	// Members are not told; the next moderator command is, once.
	mustNotContain(t, e.do(alice, "/study help").Text, "was suspended")
	r = e.do(mod, "/study help")
	mustContain(t, r.Text, "Question reg-1 was suspended from this group's rotation: 3 flags")
	mustNotContain(t, e.do(mod, "/study help").Text, "was suspended")

	// The statistics: computed when a moderator asks (there is no snapshot yet).
	r = e.do(mod, "/study items worst")
	if r.Table == nil || len(r.Table.Rows) == 0 || r.Table.Rows[0][0] != "sec-1" || !strings.HasPrefix(r.Table.Rows[0][3], "-") {
		t.Fatalf("worst items: %+v", r.Table)
	}
	mustContain(t, r.Text, "Question sec-1 was suspended from this group's rotation: negative discrimination")
	r = e.do(mod, "/study items sec-1")
	mustContain(t, r.Text, "state: suspended (negative discrimination")
	if r.Table == nil || len(r.Table.Rows) != 3 || r.Table.Rows[2][2] != "✓" || r.Table.Rows[2][1] != "50%" {
		t.Fatalf("option shares of sec-1: %+v", r.Table)
	}
	r = e.do(mod, "/study items flagged")
	mustContain(t, r.Text, `reg-1: "the key is wrong"`)
	if r.Table == nil || r.Table.Rows[0][0] != "reg-1" || r.Table.Rows[0][4] != "3" {
		t.Fatalf("flagged: %+v", r.Table)
	}
	r = e.do(mod, "/study items")
	if r.Table == nil || len(r.Table.Rows) != 2 {
		t.Fatalf("overview: %+v", r)
	}
	// Members cannot see or decide.
	mustContain(t, e.do(alice, "/study items").Text, "Only moderators")
	mustContain(t, e.do(alice, "/study items keep reg-1").Text, "Only moderators")

	// Suspended questions are skipped by the rotation, practice and exams.
	posted := func(n int) map[string]int {
		seen := map[string]int{}
		for i := 0; i < n; i++ {
			e.do(mod, "/study post")
			seen[e.openPost().QuestionID]++
		}
		return seen
	}
	if got := posted(6); got["reg-1"]+got["sec-1"] != 0 || len(got) != 2 {
		t.Fatalf("posted while suspended: %v", got)
	}
	for i := 0; i < 6; i++ {
		if id := e.do(carol, "/study practice").Card.QuestionID; id == "reg-1" || id == "sec-1" {
			t.Fatalf("practice served suspended %s", id)
		}
	}
	mustContain(t, e.do(carol, "/study exam start").Text, "Mock exam: 2 questions")
	e.do(carol, "/study exam stop")

	// Keep one, retire the other.
	mustContain(t, e.do(mod, "/study items keep reg-1").Text, "Kept reg-1")
	mustContain(t, e.do(mod, "/study items retire sec-1").Text, "Retired sec-1")
	if got := posted(9); got["sec-1"] != 0 || got["reg-1"] == 0 {
		t.Fatalf("posted after keep/retire: %v", got)
	}
	// The statistics no longer suspend a kept question, and its old flags do not either.
	e.clock.Add(10 * time.Minute)
	if err := e.bot.RefreshItemStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustContain(t, e.do(mod, "/study items reg-1").Text, "state: kept")
}

// Members cannot press one another's feedback buttons.
func TestButtonsBelongToTheirMember(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	fb := e.answer(alice, p.ID, right)
	e.answer(bob, p.ID, right) // bob answered the same post: the button is still alice's
	for _, label := range []string{"I guessed", "Report a problem"} {
		mustContain(t, e.click(bob, button(t, fb, label)).Text, "someone else's")
	}
	r := e.do(alice, "/study review")
	fb = e.answerCard(alice, r, true)
	mustContain(t, e.click(bob, button(t, fb, "Next")).Text, "someone else's")
	mustContain(t, e.answerCard(bob, r, true).Text, "someone else's")
	// Nothing changed for alice: her guess button still works once.
	mustContain(t, e.click(alice, button(t, fb, "I guessed")).Text, "Noted as a guess")
	items, err := e.db.Flags(context.Background(), e.ch.Group())
	if err != nil || len(items) != 0 {
		t.Fatalf("flags after bob's clicks: %v, %v", items, err)
	}
}

// A pack's exam block drives the mock exam and readiness: its length, its minutes and its pass mark on the
// share right, with no other exam's scale in sight.
func TestAnotherPacksExamDrivesTheMockExamAndReadiness(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	block := "exam:\n  name: Biology 101 final\n  questions: 2\n  minutes: 5\n  pass_percent: 80\n"
	src := strings.Replace(testPack, "exam:\n  name: Test Exam\n  code: T-100\n  status: retired in February 2017\n  questions: 4\n  minutes: 60\n  scale: {min: 100, max: 900, pass: 650}\n", block, 1)
	if src == testPack {
		t.Fatal("the test pack's exam block was not replaced")
	}
	p, err := quiz.Parse("bio.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e.pack = p
	e.bot = e.newBot(e.db)

	r := e.do(alice, "/study exam start")
	mustContain(t, r.Text, "Mock exam: 2 questions")
	mustContain(t, r.Text, "5 minutes from now")
	if r.Card == nil || !strings.Contains(r.Card.Heading(), "question 1 of 2 · 5 min left") {
		t.Fatalf("first exam card: %+v", r.Card)
	}
	r = e.answerCard(alice, r, true)
	r = e.answerCard(alice, r, true)
	mustContain(t, r.Text, "Mock exam report: 2 of 2 right")
	mustContain(t, r.Text, "Estimated score for Biology 101 final: ")
	mustContain(t, r.Text, "on the share right (pass mark 80%)")
	for _, other := range []string{"100-900", "650", "scaled"} {
		mustNotContain(t, r.Text, other)
	}
	r = e.do(alice, "/study readiness")
	mustContain(t, r.Text, "Readiness for Alice (Biology 101 final)")
	mustContain(t, r.Text, "on the share right (pass mark 80%)")
	mustNotContain(t, r.Text, "100-900")
}

// Readiness after a long pause says the answers are old and asks for new ones, instead of a verdict the
// member did nothing to earn.
func TestReadinessAfterALongPauseAsksForNewAnswers(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	for i := 0; i < 24; i++ {
		c := e.do(alice, "/study practice")
		e.answerCard(alice, c, i%4 == 0)
		e.clock.Add(time.Hour)
	}
	mustContain(t, e.do(alice, "/study readiness").Text, "Readiness for Alice (Test Exam (T-100)): not yet.")
	e.clock.Add(270 * 24 * time.Hour)
	r := e.do(alice, "/study readiness")
	mustContain(t, r.Text, "not enough answers to say")
	mustContain(t, r.Text, "Most of your 24 answers are old")
	mustNotContain(t, r.Text, "borderline")
}

// Mastery says what it is: beside the estimate (67 % after one right answer) stands the share as it is.
func TestReadinessShowsTheShareRightBesideTheEstimate(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	c := e.do(alice, "/study practice regulatory")
	e.answerCard(alice, c, true)
	r := e.do(alice, "/study readiness")
	if r.Table == nil || r.Table.Columns[2] != "Right" || r.Table.Columns[3] != "Mastery" {
		t.Fatalf("table %+v", r.Table)
	}
	row := r.Table.Rows[0]
	if row[2] != "1 of 1" || row[3] != "67%" {
		t.Fatalf("regulatory row %v, want 1 of 1 beside an estimate of 67%%", row)
	}
	mustContain(t, r.Text, "Mastery is an estimate of the share you would get right")
}
