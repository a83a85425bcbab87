package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// withExam rebuilds the env's bot on the test pack with its exam block replaced by one of n questions in
// the given minutes, and extra questions per domain so that the exam can draw n.
func (e *env) withExam(n, minutes, extra int) {
	e.t.Helper()
	block := fmt.Sprintf("exam:\n  name: Test Exam\n  code: T-100\n  questions: %d\n  minutes: %d\n  pass_percent: 70\n", n, minutes)
	src := strings.Replace(testPack, "exam:\n  name: Test Exam\n  code: T-100\n  status: retired in February 2017\n  questions: 4\n  minutes: 60\n  scale: {min: 100, max: 900, pass: 650}\n", block, 1)
	var qs strings.Builder
	for _, d := range []string{"regulatory", "security"} {
		for i := 0; i < extra; i++ {
			fmt.Fprintf(&qs, "  - {id: %s-x%d, domain: %s, objective: \"1.1\", difficulty: 1, question: \"Extra %s question %d?\", choices: [One, Two, Three], answer: 0, why: [\"\", \"Not two.\", \"Not three.\"], explanation: \"One it is.\", source: \"The test\"}\n", d, i, d, d, i)
		}
	}
	src = strings.Replace(src, "faq:\n", qs.String()+"faq:\n", 1)
	if src == testPack {
		e.t.Fatal("the test pack's exam block was not replaced")
	}
	p, err := quiz.Parse("exam.yaml", []byte(src))
	if err != nil {
		e.t.Fatal(err)
	}
	e.pack = p
	e.bot = e.newBot(e.db)
}

// TestExamReportPagesTheMissesFromOne: the report's first message is the summary; the missed questions
// follow on pages numbered among themselves, "page 1 of 3" first, each page saying how many were missed,
// and Previous and Next walk them both ways (issue 26, defect 10b: the first page of misses read "page 2").
func TestExamReportPagesTheMissesFromOne(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.withExam(10, 60, 3)
	r := e.do(alice, "/study exam start")
	for r.Card != nil {
		r = e.answerCard(alice, r, false)
	}
	mustContain(t, r.Text, "Mock exam report: 0 of 10 right")
	mustContain(t, r.Text, "You missed 10 questions")
	if hasButton(r, "Previous page") {
		t.Fatalf("the summary has a Previous button: %+v", r.Buttons)
	}
	for i, want := range []string{"page 1 of 3", "page 2 of 3", "page 3 of 3"} {
		r = e.click(alice, button(t, r, "Next page"))
		mustContain(t, r.Text, "Mock exam: missed questions, "+want+" (10 missed in all)")
		if n, wantN := strings.Count(r.Text, "Answer: "), []int{4, 4, 2}[i]; n != wantN {
			t.Fatalf("%s lists %d missed questions, want %d:\n%s", want, n, wantN, r.Text)
		}
	}
	if hasButton(r, "Next page") {
		t.Fatalf("the last page has a Next button: %+v", r.Buttons)
	}
	r = e.click(alice, button(t, r, "Previous page"))
	mustContain(t, r.Text, "page 2 of 3")
	r = e.click(alice, button(t, r, "Previous page"))
	mustContain(t, r.Text, "page 1 of 3")
	r = e.click(alice, button(t, r, "Previous page"))
	mustContain(t, r.Text, "Mock exam report: 0 of 10 right")
}

// TestOneOfACountIsSingular: a count of one reads "1 question", "1 minute", never "1 questions" (issue
// 26, defect 10c). A pack's exam of one question in one minute is the count a member can meet.
func TestOneOfACountIsSingular(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.withExam(1, 1, 0)
	mustContain(t, e.do(alice, "/study exam status").Text, "a mock exam of Test Exam (T-100): 1 question in 1 minute.")
	r := e.do(alice, "/study exam start")
	mustContain(t, r.Text, "Mock exam: 1 question drawn by the exam's domain weights")
	mustContain(t, r.Text, "; 1 minute from now")
	r = e.answerCard(alice, r, false)
	mustContain(t, r.Text, "You missed 1 question; Next page shows it with its explanation (1 page).")
}

// flagThrice has three members each answer a practice question of the regulatory domain until they get q,
// and flag it: the third flag suspends it.
func (e *env) flagThrice(q string) {
	e.t.Helper()
	for _, u := range []bot.User{alice, bob, carol} {
		r := e.do(u, "/study practice regulatory")
		for r.Card.QuestionID != q {
			e.answerCard(u, r, true)
			r = e.do(u, "/study practice regulatory")
		}
		e.answerCard(u, r, false)
		mustContain(e.t, e.do(u, "/study flag the key is wrong").Text, "I reported question "+q)
	}
}

// TestSuspensionNoticeStandsApartFromTheItemDetail: a suspension notice that a moderator's
// /study items ID picks up is its own paragraph before the question's detail, never between the detail's
// text and its table of answers per option (issue 26, defect 10d).
func TestSuspensionNoticeStandsApartFromTheItemDetail(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.flagThrice("reg-1")
	r := e.do(mod, "/study items reg-1")
	noticeBeforeDetail(t, r, "Heads up, moderators: Question reg-1 was suspended")
}

// TestChannelProblemNoticeStandsApartFromTheItemDetail: so does the notice that the bot could not post in
// the channel.
func TestChannelProblemNoticeStandsApartFromTheItemDetail(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00")
	e.chat.fail = fmt.Errorf("post to c1: %w", bot.Errorf(bot.EFORBIDDEN, "Give the bot Send Messages here."))
	e.tick()
	e.chat.fail = nil
	r := e.do(mod, "/study items reg-1")
	noticeBeforeDetail(t, r, "Heads up: I could not post the daily question in this channel.")
}

// noticeBeforeDetail checks that the reply to /study items reg-1 opens with the notice as a paragraph of
// its own, followed by the question's detail, its text and its table together.
func noticeBeforeDetail(t *testing.T, r bot.Reply, notice string) {
	t.Helper()
	text := r.PlainText()
	at := strings.Index(text, notice)
	detail := strings.Index(text, "reg-1 · Regulatory Requirements")
	table := strings.Index(text, "Answers per option")
	if at < 0 || detail < 0 || table < 0 {
		t.Fatalf("notice at %d, detail at %d, table at %d:\n%s", at, detail, table, text)
	}
	if at > detail && at < table {
		t.Fatalf("the notice is inside the detail, between its text and its table:\n%s", text)
	}
	end := strings.Index(text[at:], "\n\n")
	if at != 0 || end < 0 || at+end+2 != detail {
		t.Fatalf("the reply does not open with the notice as its own paragraph, then the detail:\n%s", text)
	}
}

// TestStatsFindsAMemberByNameOrIdInAnyCase: /study stats finds a member of the group named by their
// display name or their id, in any case, with or without an @; a name two members share is refused with a
// hint, and an unknown one still says so (issue 26, defect 10f).
func TestStatsFindsAMemberByNameOrIdInAnyCase(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	e.answer(bob, p.ID, right)
	for _, ref := range []string{"u-bob", "U-BOB", "Bob", "bob", "BOB", "@Bob"} {
		r := e.do(alice, "/study stats "+ref)
		mustContain(t, r.Text, "Stats for Bob")
		mustContain(t, r.Text, "Daily questions: 1 answered, 1 correct")
	}
	mustContain(t, e.do(alice, "/study stats Bobby").Text, "I have no record of Bobby in this group yet.")
	// Another Bob answers: the name alone no longer says which.
	e.answer(bot.User{ID: "u-bob2", Name: "bob"}, p.ID, right)
	mustContain(t, e.do(alice, "/study stats bob").Text, "More than one member here is called bob")
	mustContain(t, e.do(alice, "/study stats u-bob2").Text, "Stats for bob")
}
