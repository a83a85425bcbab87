package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/quiz"
)

// withExamLength returns the test pack with a mock exam of n of its 4 questions, so that some are left
// outside the exam.
func withExamLength(t *testing.T, n int) *quiz.Pack {
	t.Helper()
	src := strings.Replace(testPack, "  questions: 4\n", fmt.Sprintf("  questions: %d\n", n), 1)
	if src == testPack {
		t.Fatal("the test pack's exam length was not replaced")
	}
	p, err := quiz.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readinessRight adds up the readiness table's Right column ("3 of 4"): the answers it rests on, and the
// right ones.
func readinessRight(t *testing.T, e *env, line string) (right, answers int) {
	t.Helper()
	r := e.do(alice, line)
	if r.Table == nil || len(r.Table.Columns) < 3 || r.Table.Columns[2] != "Right" {
		t.Fatalf("readiness table: %+v", r)
	}
	for _, row := range r.Table.Rows {
		var x, y int
		if _, err := fmt.Sscanf(row[2], "%d of %d", &x, &y); err != nil {
			t.Fatalf("readiness row %v: %v", row, err)
		}
		right += x
		answers += y
	}
	return right, answers
}

// A mock exam promises no feedback until the end, so while it is in progress its answers count nowhere
// else: /study stats and /study readiness leave them out, and neither review nor practice serves a question
// of the exam, answered or coming. Once it is finished they count like any answer (issue 26, defect 3).
func TestExamAnswersCountOnlyOnceTheExamEnds(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.pack = withExamLength(t, 3)
	e.bot = e.newBot(e.db)

	inExam := map[string]bool{}
	r := e.do(alice, "/study exam start")
	inExam[r.Card.QuestionID] = true
	r = e.answerCard(alice, r, true)
	inExam[r.Card.QuestionID] = true
	r = e.answerCard(alice, r, false)
	upcoming := r.Card.QuestionID // the exam's third question, not answered yet
	inExam[upcoming] = true
	e.clock.Add(time.Minute)

	mustContain(t, e.do(alice, "/study stats").Text, "Practice: 0 answered, 0 correct")
	if right, n := readinessRight(t, e, "/study readiness"); n != 0 {
		t.Fatalf("readiness during the exam rests on %d answers (%d right), want none of the exam's", n, right)
	}

	// Review serves the one question outside the exam, and then nothing.
	rv := e.do(alice, "/study review")
	if rv.Card == nil || inExam[rv.Card.QuestionID] {
		t.Fatalf("review during the exam served %+v; the exam holds %v", rv.Card, inExam)
	}
	fb := e.answerCard(alice, rv, true)
	if rv = e.click(alice, button(t, fb, "Next")); rv.Card != nil {
		t.Fatalf("review during the exam served %s, a question of the exam", rv.Card.QuestionID)
	}
	mustContain(t, rv.Text, "The questions of your mock exam in progress wait until it ends.")
	// Practice too: never the exam's coming question with its feedback, nor one already answered in it.
	for i := 0; i < 4; i++ {
		p := e.do(alice, "/study practice")
		if p.Card == nil || inExam[p.Card.QuestionID] {
			t.Fatalf("practice %d during the exam served %+v; the exam holds %v", i+1, p.Card, inExam)
		}
		e.answerCard(alice, p, true)
		e.clock.Add(time.Minute)
	}
	mustContain(t, e.do(alice, "/study stats").Text, "Practice: 5 answered, 5 correct (100%)")
	if right, n := readinessRight(t, e, "/study readiness"); right != 5 || n != 5 {
		t.Fatalf("readiness during the exam: %d right of %d, want the 5 outside the exam", right, n)
	}

	// The last answer finishes the exam: its 3 answers, 2 right, count from now on.
	r = e.do(alice, "/study exam status")
	if r.Card == nil || r.Card.QuestionID != upcoming {
		t.Fatalf("exam status: %+v", r)
	}
	mustContain(t, e.answerCard(alice, r, true).Text, "Mock exam report: 2 of 3 right")
	mustContain(t, e.do(alice, "/study stats").Text, "Practice: 8 answered, 7 correct")
	if right, n := readinessRight(t, e, "/study readiness"); right != 7 || n != 8 {
		t.Fatalf("readiness after the exam: %d right of %d, want 7 of 8", right, n)
	}
}

// An exam whose time ran out is over, and its answers count, even before its member comes back to it and
// it is marked finished.
func TestTimedOutExamAnswersCountBeforeTheExamIsTouched(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.answerCard(alice, e.do(alice, "/study exam start"), true)
	mustContain(t, e.do(alice, "/study stats").Text, "Practice: 0 answered")
	e.clock.Add(61 * time.Minute)
	mustContain(t, e.do(alice, "/study stats").Text, "Practice: 1 answered, 1 correct")
	if right, n := readinessRight(t, e, "/study readiness"); right != 1 || n != 1 {
		t.Fatalf("readiness after the exam timed out: %d right of %d, want 1 of 1", right, n)
	}
	// Its questions are no longer held back from practice.
	p := e.do(alice, "/study practice")
	if p.Card == nil {
		t.Fatalf("practice after the exam timed out: %+v", p)
	}
}
