package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/console"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
)

const testPack = `pack: test
title: Test
version: 1
domains:
  - {id: regulatory, name: Regulatory Requirements, weight: 50}
  - {id: security, name: Security, weight: 50}
questions:
  - {id: r1, domain: regulatory, objective: "1.2", difficulty: 1, question: "Breach notice deadline?", choices: ["30 days", "45 days", "60 days", "90 days"], answer: 2, explanation: "60 calendar days at the latest.", source: "45 CFR 164.404"}
  - {id: s1, domain: security, objective: "5.5", difficulty: 2, question: "Which level leaves media unusable?", choices: [Clear, Purge, Destroy, Wipe], answer: 2, explanation: "Destroy leaves media unusable.", source: "NIST SP 800-88"}
`

// session runs console input against the real core and a real SQLite file, and returns what it printed.
func session(t *testing.T, start time.Time, echo bool, input string) string {
	t.Helper()
	return sessionWith(t, testPackParsed(t), start, echo, input)
}

// newCore is the real core on a real SQLite file in a temporary directory, with a manual clock at start.
func newCore(t *testing.T, pack *quiz.Pack, start time.Time) (*bot.Bot, *bot.ManualClock) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := bot.NewManualClock(start)
	b, err := bot.New(bot.Config{Store: db, Pack: pack, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	return b, clock
}

// testPackParsed is testPack, parsed.
func testPackParsed(t *testing.T) *quiz.Pack {
	t.Helper()
	pack, err := quiz.Parse("test.yaml", []byte(testPack))
	if err != nil {
		t.Fatal(err)
	}
	return pack
}

// sessionWith is session on a given pack.
func sessionWith(t *testing.T, pack *quiz.Pack, start time.Time, echo bool, input string) string {
	t.Helper()
	b, clock := newCore(t, pack, start)
	var out strings.Builder
	c := console.New(b, clock, &out, echo)
	b.SetChat(bot.PlatformConsole, c)
	if err := c.Run(context.Background(), strings.NewReader(input)); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out.String()
}

var monday = time.Date(2026, 3, 2, 8, 0, 0, 0, time.FixedZone("", -5*3600))

// A bad letter on an open practice question changes nothing: the practice question stays open, and the
// next good letter answers it, not the channel's daily question.
func TestBadLetterKeepsThePracticeQuestion(t *testing.T) {
	out := session(t, monday, true, "/study post\n/as bob\n/study practice\n/answer Z\n/answer A\n/study stats\n")
	if !strings.Contains(out, "Choose one of A to D.") {
		t.Fatalf("no refusal of Z:\n%s", out)
	}
	if !strings.Contains(out, "Practice counts for your stats") {
		t.Fatalf("the good letter did not answer the practice question:\n%s", out)
	}
	if !strings.Contains(out, "Daily questions: 0 answered") || !strings.Contains(out, "Practice: 1 answered") {
		t.Fatalf("the answer went to the daily question:\n%s", out)
	}
}

// Posts are labelled in the console's zone (New York here), also after the clock moved to a slot
// computed in another zone.
func TestPostLabelsUseTheConsoleZone(t *testing.T) {
	out := session(t, monday, true, "/study schedule 09:00 America/New_York mon-fri\n/advance 2h\n/study schedule 14:00 UTC\n/advance 24h\n")
	for _, want := range []string{"[#study Mon 09:00]", "[#study Tue 09:00]"} {
		if !strings.Contains(out, want) {
			t.Errorf("no post labelled %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "14:00]") {
		t.Errorf("a post is labelled in UTC:\n%s", out)
	}
}

// A line over MaxLine is refused and the session carries on with the next line.
func TestOverlongLineIsRefusedAndTheSessionGoesOn(t *testing.T) {
	long := "/study faq " + strings.Repeat("x", console.MaxLine+10)
	out := session(t, monday, true, long+"\n/time\n")
	if !strings.Contains(out, "over 1048576 bytes; ignored") || !strings.Contains(out, "It is Mon 2 Mar 2026 08:00") {
		t.Fatalf("session:\n%.500s", out)
	}
}

// At a terminal (no echo) each line is prompted for with the current member's name; piped input is echoed
// instead, with no prompts.
func TestPromptShowsWhoYouAre(t *testing.T) {
	out := session(t, monday, false, "/as bob\n/time\n")
	if !strings.Contains(out, "you> You are now bob (member).") || !strings.Contains(out, "bob> It is") {
		t.Fatalf("terminal session:\n%s", out)
	}
	out = session(t, monday, true, "/as bob\n")
	if !strings.Contains(out, "\nyou> /as bob\n") || strings.Contains(out, "you> You are now") {
		t.Fatalf("piped session:\n%s", out)
	}
}

// Private replies say who sees them in good English.
func TestPrivateReplyGrammar(t *testing.T) {
	out := session(t, monday, true, "/study help\n/as bob\n/study help\n")
	if !strings.Contains(out, "(only you see this)") || !strings.Contains(out, "(only bob sees this)") {
		t.Fatalf("session:\n%s", out)
	}
}

// /answer answers the open review or exam card, /click presses a button of the last private reply by a
// unique start of its label, in any case, and an unknown label names the buttons there are.
func TestAnswerAndClickPrivateCards(t *testing.T) {
	out := session(t, monday, true, "/study review\n/answer C\n/click i g\n/click nope\n/click next\n/answer C\n/click n\n"+
		"/study exam start\n/answer C\n/study exam status\n/answer A\n/click next page\n")
	for _, want := range []string{
		"Review · ", "Correct!", "[/click Next] [/click I guessed] [/click Report a problem]",
		"Noted as a guess", `There is no "nope" button; the buttons are: Next, Report a problem.`,
		"That's all for now: nothing is due.",
		"Mock exam · ", "question 1 of 2", "Answer C recorded.", "question 2 of 2",
		"Mock exam report: 1 of 2 right", "missed questions, page 1 of 1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// The FAQ's "Did you mean" entries are numbered lines, and /click N answers with the Nth.
func TestDidYouMeanIsNumbered(t *testing.T) {
	pack, err := packs.Default()
	if err != nil {
		t.Fatal(err)
	}
	out := sessionWith(t, pack, monday, true, "/study faq what about informatics?\n/click 1\n")
	if !strings.Contains(out, "I am not sure which of these you mean:\n  1. ") || !strings.Contains(out, "[/click 1]") {
		t.Fatalf("no numbered did-you-mean:\n%s", out)
	}
	first := out[strings.Index(out, "  1. ")+5:]
	first = first[:strings.Index(first, "\n")]
	if !strings.Contains(out, "you> /click 1\n(only you see this)\n  "+first+"\n") {
		t.Fatalf("/click 1 did not answer with %q:\n%s", first, out)
	}
}

// TestWeeklyRecapInTheConsole: across a week the console prints the recap once, at the next Monday's slot,
// with its chart written as a PNG next to the database; a restart later that day prints no second one.
func TestWeeklyRecapInTheConsole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.db")
	pack, err := quiz.Parse("test.yaml", []byte(testPack))
	if err != nil {
		t.Fatal(err)
	}
	run := func(start time.Time, input string) string {
		t.Helper()
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		clock := bot.NewManualClock(start)
		b, err := bot.New(bot.Config{Store: db, Pack: pack, Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		c := console.New(b, clock, &out, true)
		c.SetChartDir(dir)
		b.SetChat(bot.PlatformConsole, c)
		if err := b.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := b.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := c.Run(context.Background(), strings.NewReader(input)); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	ny, _ := time.LoadLocation("America/New_York")
	out := run(time.Date(2026, 3, 2, 8, 0, 0, 0, ny), `/study schedule 09:00 America/New_York mon-fri
/advance 90m
/as alice
/answer C
/as bob
/answer A
/as you
/advance 24h
/as alice
/answer C
/as you
/advance 168h
`)
	if os.Getenv("SHOW") != "" {
		t.Log(out)
	}
	if n := strings.Count(out, "Weekly recap · week of Mon 2 Mar 2026"); n != 1 {
		t.Fatalf("%d weekly recaps printed, want 1:\n%s", n, out)
	}
	png := filepath.Join(dir, "recap-w2026-03-02.png")
	if !strings.Contains(out, "[chart: Share right per domain — "+png+"]") {
		t.Fatalf("no chart path in the recap:\n%s", out)
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() == 0 {
		t.Fatalf("chart file: %v", err)
	}
	// Restart on the same database later that Monday: no second recap.
	out = run(time.Date(2026, 3, 9, 13, 0, 0, 0, ny), "/advance 2h\n")
	if strings.Contains(out, "Weekly recap") {
		t.Fatalf("a restart printed the recap again:\n%s", out)
	}
}

// An answer goes to the card the member saw last (issue 26, defect 2): /study today after a practice card
// makes the daily question the one answered; once a practice card opened during a mock exam is answered,
// a stray /answer answers nothing rather than the daily question; nor does one after a review session.
func TestAnswerGoesToTheCardLastSeen(t *testing.T) {
	out := session(t, monday, true, "/study post\n/as bob\n/study practice\n/study today\n/answer A\n/study stats\n")
	if !strings.Contains(out, "your answer goes to today's question, the card you saw last; your practice question is still open") {
		t.Fatalf("the answer's card is not said:\n%s", out)
	}
	if !strings.Contains(out, "Daily questions: 1 answered") || !strings.Contains(out, "Practice: 0 answered") {
		t.Fatalf("after /study today the answer went to the practice card:\n%s", out)
	}

	// Practice serves no question of a mock exam in progress, so this pack has one outside the exam.
	examOfTwo := strings.Replace(testPack, "domains:", "exam: {name: Test, questions: 2, minutes: 2, pass_percent: 70}\ndomains:", 1) +
		`  - {id: r2, domain: regulatory, objective: "1.1", difficulty: 1, question: "Which act created the EHR incentives?", choices: [HIPAA, HITECH, CLIA, EMTALA], answer: 1, explanation: "HITECH, part of ARRA 2009.", source: "Federal Register E9-26203"}
`
	pack, err := quiz.Parse("exam.yaml", []byte(examOfTwo))
	if err != nil {
		t.Fatal(err)
	}
	out = sessionWith(t, pack, monday, true, "/study post\n/as bob\n/study exam start\n/study practice\n/answer A\n/answer B\n/study stats\n")
	if !strings.Contains(out, "(your answer goes to your practice question, the card you saw last)") {
		t.Fatalf("the practice answer is not said:\n%s", out)
	}
	if !strings.Contains(out, "No question is waiting for your answer") || !strings.Contains(out, "Daily questions: 0 answered") {
		t.Fatalf("the stray answer after the practice card went to the daily question:\n%s", out)
	}

	out = session(t, monday, true, "/study post\n/as bob\n/study review\n/answer A\n/click next\n/answer A\n/click next\n/answer C\n/study stats\n")
	if strings.Contains(out, "Daily questions: 1 answered") {
		t.Fatalf("a stray /answer after the review session recorded a daily answer:\n%s", out)
	}
}

// /study mistakes and /study history answer the member privately; Retry serves the missed question as a
// card /answer answers, after which it is no longer a mistake.
func TestMistakesAndHistoryArePrivate(t *testing.T) {
	out := session(t, monday, true, "/as bob\n/study practice\n/answer A\n/study mistakes\n/click retry 1\n/answer C\n/study mistakes\n/study history\n")
	for _, want := range []string{
		"you chose A)", "Answer: C)", "[/click Retry 1]", "Correct!",
		"No mistakes to go over: every question you missed, you have since answered right.",
		"Your share right per week, last 12 weeks",
	} {
		if !strings.Contains(strings.ToLower(out), strings.ToLower(want)) {
			t.Fatalf("no %q in:\n%s", want, out)
		}
	}
	for _, cmd := range []string{"/study mistakes\n", "/study history\n"} {
		if !strings.Contains(out, "bob> "+cmd+"(only bob sees this)") {
			t.Fatalf("%q was not answered privately:\n%s", cmd, out)
		}
	}
}

// A member sets an exam date, and readiness counts down to it with today's target and what is done of it,
// privately; a date in the past is refused with a private error, and off clears the date.
func TestGoalAndReadinessInTheConsole(t *testing.T) {
	out := session(t, monday, true, "/as bob\n/study goal 2026-03-10\n/study readiness\n/study practice\n/answer C\n/study readiness\n"+
		"/study goal 2026-03-01\n/study goal off\n/study readiness\n")
	for _, want := range []string{
		"bob> /study goal 2026-03-10\n(only bob sees this)\n  Exam date set: 8 days to your exam on 2026-03-10.",
		"8 days to your exam on 2026-03-10. Today's target: 2 new questions (1 Regulatory Requirements, 1 Security). Done today: new questions 0 of 2.",
		"Done today: new questions 1 of 2.",
		"bob> /study goal 2026-03-01\n(only bob sees this)\n  2026-03-01 is in the past (today is 2026-03-02)",
		"Your exam date is cleared",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("no %q in:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "to your exam on"); n != 3 {
		t.Fatalf("the countdown shows %d times, want 3 (set, and two readiness before off):\n%s", n, out)
	}
	if !strings.Contains(out, "bob> /study readiness\n(only bob sees this)") {
		t.Fatalf("readiness was not private:\n%s", out)
	}
}
