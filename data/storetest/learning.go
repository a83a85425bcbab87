package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// testGradedAttemptsAndGuesses: a member's graded attempts come from daily answers and private ones,
// oldest first; only the member's own right attempt can be marked guessed, once.
func testGradedAttemptsAndGuesses(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	g := ch.Group()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := post(t, s, ch, "1", at)
	if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: g, UserID: "u1", Choice: 2, Correct: true, Points: 10, Domain: "d", QuestionID: "q1", AnsweredAt: at}); err != nil {
		t.Fatal(err)
	}
	id, _ := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "u1", QuestionID: "q2", Domain: "d", CreatedAt: at})
	if err := s.AnswerPractice(ctx, id, 1, false, at); err != nil { // the same millisecond: after the daily one
		t.Fatal(err)
	}
	got, err := s.GradedAttempts(ctx, g, "u1")
	if err != nil || len(got) != 2 || got[0].QuestionID != "q1" || got[0].Ref != p.ID || !got[0].Correct || got[1].QuestionID != "q2" || got[1].Ref != id {
		t.Fatalf("graded attempts: %+v %v", got, err)
	}
	a, err := s.FindAttempt(ctx, g, "u1", bot.KindDaily, p.ID)
	if err != nil || a.Kind != bot.KindDaily || a.Choice != 2 || a.QuestionID != "q1" || a.Domain != "d" || !a.At.Equal(at) {
		t.Fatalf("find the daily attempt: %+v %v", a, err)
	}
	if a, err := s.FindAttempt(ctx, g, "u1", bot.KindPractice, id); err != nil || a.Kind != bot.KindPractice || a.Choice != 1 || a.Correct {
		t.Fatalf("find the practice attempt: %+v %v", a, err)
	}
	if _, err := s.FindAttempt(ctx, g, "u2", bot.KindDaily, p.ID); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("another member's attempt: %v", err)
	}
	if ok, err := s.MarkGuessed(ctx, g, "u1", bot.KindPractice, id); ok || err != nil {
		t.Fatalf("a wrong attempt marked guessed: %v %v", ok, err)
	}
	if ok, err := s.MarkGuessed(ctx, g, "u2", bot.KindDaily, p.ID); ok || err != nil {
		t.Fatalf("another member marked the attempt guessed: %v %v", ok, err)
	}
	for i, want := range []bool{true, false} {
		if ok, err := s.MarkGuessed(ctx, g, "u1", bot.KindDaily, p.ID); ok != want || err != nil {
			t.Fatalf("mark guessed %d: %v %v", i, ok, err)
		}
	}
	if got, _ := s.GradedAttempts(ctx, g, "u1"); !got[0].Guessed || got[1].Guessed {
		t.Fatalf("after the guess: %+v", got)
	}
}

// testReviewsAnswered: a member's answered review cards since a time (inclusive), oldest first, with their
// id, question and grade; not practice questions, exam answers, cards not answered yet, nor another member's
// or another group's.
func testReviewsAnswered(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "discord", GroupID: "g"}
	other := bot.GroupRef{Platform: "discord", GroupID: "other"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	answered := func(g bot.GroupRef, user, kind, question string, correct bool, when time.Time) int64 {
		t.Helper()
		id, err := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: user, Kind: kind, QuestionID: question, Domain: "d", CreatedAt: when})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerPractice(ctx, id, 1, correct, when); err != nil {
			t.Fatal(err)
		}
		return id
	}
	answered(g, "u1", bot.KindReview, "q0", true, at.Add(-time.Millisecond)) // before since
	late := answered(g, "u1", bot.KindReview, "q2", false, at.Add(time.Hour))
	first := answered(g, "u1", bot.KindReview, "q1", true, at) // at since: counted
	answered(g, "u1", bot.KindPractice, "q3", true, at.Add(time.Minute))
	answered(g, "u2", bot.KindReview, "q4", true, at.Add(time.Minute))
	answered(other, "u1", bot.KindReview, "q5", true, at.Add(time.Minute))
	if _, err := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "u1", Kind: bot.KindReview, QuestionID: "q6", Domain: "d", CreatedAt: at}); err != nil {
		t.Fatal(err) // shown, not answered
	}
	e, err := s.CreateExam(ctx, bot.Exam{Group: g, UserID: "u1", Seed: 1, Questions: []string{"q7"}, StartedAt: at, EndsAt: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerExam(ctx, e, bot.ExamAnswer{Position: 0, QuestionID: "q7", Domain: "d", Choice: 1, Correct: true, At: at.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ReviewsAnswered(ctx, g, "u1", at)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("reviews answered: %+v, want the 2 of q1 and q2", got)
	}
	if a := got[0]; a.Kind != bot.KindReview || a.Ref != first || a.QuestionID != "q1" || a.Domain != "d" || !a.Correct || !a.At.Equal(at) {
		t.Fatalf("first review answered: %+v", a)
	}
	if a := got[1]; a.Ref != late || a.QuestionID != "q2" || a.Correct || !a.At.Equal(at.Add(time.Hour)) {
		t.Fatalf("second review answered: %+v", a)
	}
	if got, err := s.ReviewsAnswered(ctx, bot.GroupRef{Platform: "slack", GroupID: "none"}, "u1", at); err != nil || len(got) != 0 {
		t.Fatalf("reviews answered in a group that does not exist: %+v %v", got, err)
	}
}

// testExamsOnePerMember: a member has one exam in progress however many start at once on any replicas;
// each position is answered once and not after the exam finished, which happens once.
func testExamsOnePerMember(t *testing.T, open func() bot.Store) {
	handles := []bot.Store{open(), open()}
	g := bot.GroupRef{Platform: "slack", GroupID: "T"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e := bot.Exam{Group: g, UserID: "u", Seed: 1 << 63, Questions: []string{"q1", "q2", "q3"}, StartedAt: at, EndsAt: at.Add(time.Hour)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var made []bot.Exam
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(h bot.Store) {
			defer wg.Done()
			got, err := h.CreateExam(ctx, e)
			if err != nil && bot.ErrorCode(err) != bot.ECONFLICT {
				t.Error(err)
			}
			if err == nil {
				mu.Lock()
				made = append(made, got)
				mu.Unlock()
			}
		}(handles[i%2])
	}
	wg.Wait()
	if len(made) != 1 || made[0].ID == 0 {
		t.Fatalf("%d exams started at once", len(made))
	}
	s := handles[1]
	ex, err := s.OpenExam(ctx, g, "u")
	if err != nil || ex.ID != made[0].ID || ex.Seed != e.Seed || fmt.Sprint(ex.Questions) != "[q1 q2 q3]" || !ex.EndsAt.Equal(e.EndsAt) || !ex.FinishedAt.IsZero() {
		t.Fatalf("open exam: %+v %v", ex, err)
	}
	for _, pos := range []int{1, 0} {
		if err := s.AnswerExam(ctx, ex, bot.ExamAnswer{Position: pos, QuestionID: ex.Questions[pos], Domain: "d", Choice: pos, Correct: pos == 0, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	if err := handles[0].AnswerExam(ctx, ex, bot.ExamAnswer{Position: 1, QuestionID: "q2", Domain: "d", At: at}); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("a position answered twice: %v", err)
	}
	ans, err := s.ExamAnswers(ctx, ex.ID)
	if err != nil || len(ans) != 2 || ans[0].Position != 0 || !ans[0].Correct || ans[1].QuestionID != "q2" || ans[1].Choice != 1 {
		t.Fatalf("exam answers: %+v %v", ans, err)
	}
	if _, err := s.LastExam(ctx, g, "u"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("last exam before any finished: %v", err)
	}
	for i, want := range []bool{true, false} {
		if ok, err := handles[i].FinishExam(ctx, ex.ID, at.Add(time.Hour), true); ok != want || err != nil {
			t.Fatalf("finish %d: %v %v", i, ok, err)
		}
	}
	if err := s.AnswerExam(ctx, ex, bot.ExamAnswer{Position: 2, QuestionID: "q3", Domain: "d", At: at}); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("an answer after the end: %v", err)
	}
	last, err := s.LastExam(ctx, g, "u")
	if err != nil || last.ID != ex.ID || !last.TimedOut || !last.FinishedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("last exam: %+v %v", last, err)
	}
	if _, err := s.OpenExam(ctx, g, "u"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("open exam after the end: %v", err)
	}
	if _, err := s.CreateExam(ctx, e); err != nil {
		t.Fatalf("a new exam after the first finished: %v", err)
	}
	// Exam answers are not practice questions, nor are they graded twice.
	if got, _ := s.Exam(ctx, ex.ID); got.ID != ex.ID {
		t.Fatalf("exam by id: %+v", got)
	}
	if att, _ := s.GradedAttempts(ctx, g, "u"); len(att) != 2 {
		t.Fatalf("exam answers as graded attempts: %+v", att)
	}
}

// testSuspendAndNotices: a suspension and its notice happen once however often they are asked for;
// notices are told once, in order; a kept question can be suspended again, a retired one cannot.
func testSuspendAndNotices(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "slack", GroupID: "T1"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	st := bot.ItemState{QuestionID: "q1", State: bot.ItemSuspended, Reason: "3 flags", Since: at}
	for i, want := range []bool{true, false} {
		if ok, err := s.Suspend(ctx, g, st, "q1 suspended"); ok != want || err != nil {
			t.Fatalf("suspend %d: %v %v", i, ok, err)
		}
	}
	s.Suspend(ctx, g, bot.ItemState{QuestionID: "q2", State: bot.ItemSuspended, Since: at}, "q2 suspended")
	if p, _ := s.PendingNotices(ctx, g); !p {
		t.Fatal("no pending notice")
	}
	notes, err := s.TakeNotices(ctx, g, at)
	if err != nil || len(notes) != 2 || notes[0] != "q1 suspended" || notes[1] != "q2 suspended" {
		t.Fatalf("notices: %v %v", notes, err)
	}
	if notes, _ := s.TakeNotices(ctx, g, at); len(notes) != 0 {
		t.Fatalf("told twice: %v", notes)
	}
	if p, _ := s.PendingNotices(ctx, g); p {
		t.Fatal("pending after being told")
	}
	s.SetItemState(ctx, g, bot.ItemState{QuestionID: "q1", State: bot.ItemKept, Since: at, By: "mod"})
	s.SetItemState(ctx, g, bot.ItemState{QuestionID: "q2", State: bot.ItemRetired, Since: at, By: "mod"})
	if ok, _ := s.Suspend(ctx, g, st, "again"); !ok {
		t.Fatal("a kept question could not be suspended again")
	}
	if ok, _ := s.Suspend(ctx, g, bot.ItemState{QuestionID: "q2", Since: at}, "again"); ok {
		t.Fatal("a retired question was suspended")
	}
	states, _ := s.ItemStates(ctx, g)
	if states["q1"].State != bot.ItemSuspended || states["q2"].State != bot.ItemRetired || states["q2"].By != "mod" || !states["q1"].Since.Equal(at) {
		t.Fatalf("states: %+v", states)
	}
}

// testFlagsAndSnapshots: one flag per member and question (a later one may add a reason); a group's
// statistics snapshot is read back as saved; responses and stale groups follow the answers.
func testFlagsAndSnapshots(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	g := ch.Group()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, tc := range []struct {
		f   bot.Flag
		new bool
	}{
		{bot.Flag{QuestionID: "q1", UserID: "u1", At: at}, true},
		{bot.Flag{QuestionID: "q1", UserID: "u1", At: at.Add(time.Minute)}, false},
		{bot.Flag{QuestionID: "q1", UserID: "u1", Reason: "two right answers", At: at.Add(2 * time.Minute)}, false},
		{bot.Flag{QuestionID: "q1", UserID: "u2", Reason: "typo", At: at.Add(time.Second)}, true},
	} {
		if added, err := s.AddFlag(ctx, g, tc.f); added != tc.new || err != nil {
			t.Fatalf("flag %d: %v %v", i, added, err)
		}
	}
	flags, err := s.Flags(ctx, g)
	if err != nil || len(flags) != 2 || flags[0].UserID != "u1" || flags[0].Reason != "two right answers" || !flags[0].At.Equal(at) || flags[1].Reason != "typo" {
		t.Fatalf("flags: %+v %v", flags, err)
	}
	if stale, err := s.StaleItemGroups(ctx, at); err != nil || len(stale) != 0 {
		t.Fatalf("stale groups without answers: %v %v", stale, err)
	}
	p := post(t, s, ch, "1", at)
	for i, u := range []string{"u1", "u2", "u3"} {
		s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: g, UserID: u, Choice: i, Correct: i == 0, Domain: "d", QuestionID: "q1", AnsweredAt: at})
	}
	pid, _ := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "u1", QuestionID: "q2", Domain: "d", CreatedAt: at})
	s.AnswerPractice(ctx, pid, 3, true, at)
	resp, err := s.ItemResponses(ctx, g, at)
	if err != nil || resp.Members != 3 || len(resp.Responses.Question) != 4 || len(resp.QuestionIDs) != 2 || resp.LastAnswerID == 0 || resp.LastPracticeID != pid {
		t.Fatalf("responses: %+v %v", resp, err)
	}
	// Each row as question, member, choice and correct, in any order (the members are numbered as met).
	var rows []string
	for i, q := range resp.Responses.Question {
		rows = append(rows, fmt.Sprintf("%s %d %v", resp.QuestionIDs[q], resp.Responses.Choice[i], resp.Responses.Correct[i]))
	}
	slices.Sort(rows)
	if want := "[q1 0 true q1 1 false q1 2 false q2 3 true]"; fmt.Sprint(rows) != want {
		t.Fatalf("responses read back as %v, want %v", rows, want)
	}
	if stale, err := s.StaleItemGroups(ctx, at); err != nil || len(stale) != 1 || stale[0] != g {
		t.Fatalf("stale groups: %v %v", stale, err)
	}
	if snap, err := s.ItemSnapshot(ctx, g); err != nil || !snap.ComputedAt.IsZero() || len(snap.Stats) != 0 {
		t.Fatalf("snapshot before any: %+v %v", snap, err)
	}
	snap := bot.ItemSnapshot{ComputedAt: at, Answers: 4, LastAnswerID: resp.LastAnswerID, LastPracticeID: resp.LastPracticeID,
		Stats: map[string]quiz.ItemStats{
			"q1": {Answers: 3, PValue: 1.0 / 3, Discrimination: -0.25, HasDiscrimination: true, OptionShares: []float64{0.333333, 0.333333, 0.333333, 0}},
			"q2": {Answers: 1, PValue: 1, OptionShares: []float64{0, 0, 0, 1}},
		}}
	for range 2 { // saving again replaces
		if err := s.SaveItemSnapshot(ctx, g, snap); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ItemSnapshot(ctx, g)
	if err != nil || !got.ComputedAt.Equal(at) || got.Answers != 4 || got.LastAnswerID != snap.LastAnswerID || fmt.Sprint(got.Stats) != fmt.Sprint(snap.Stats) {
		t.Fatalf("snapshot read back: %+v %v, want %+v", got, err, snap)
	}
	if stale, _ := s.StaleItemGroups(ctx, at.Add(time.Hour)); len(stale) != 0 {
		t.Fatalf("stale right after a snapshot that saw every answer: %v", stale)
	}
}

// testItemResponsesLeaveOutExamsInProgress: item statistics read a mock exam's answers only once it is over
// (finished, or its time up though nobody finished it yet), and an exam ending after a snapshot makes the
// group stale, though its answers are older than the snapshot's row ids.
func testItemResponsesLeaveOutExamsInProgress(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "discord", GroupID: "g"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	pid, _ := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "u1", QuestionID: "q9", Domain: "d", CreatedAt: at})
	if err := s.AnswerPractice(ctx, pid, 0, true, at); err != nil {
		t.Fatal(err)
	}
	exams := map[string]bot.Exam{}
	for _, u := range []string{"early", "away"} { // one stops early, the other's hour runs out
		ex, err := s.CreateExam(ctx, bot.Exam{Group: g, UserID: u, Seed: 1, Questions: []string{"q1", "q2"}, StartedAt: at, EndsAt: at.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerExam(ctx, ex, bot.ExamAnswer{Position: 0, QuestionID: "q1", Domain: "d", Choice: 1, At: at.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		exams[u] = ex
	}
	questions := func(asOf time.Time) string {
		t.Helper()
		resp, err := s.ItemResponses(ctx, g, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, q := range resp.Responses.Question {
			ids = append(ids, resp.QuestionIDs[q])
		}
		slices.Sort(ids)
		return fmt.Sprint(ids)
	}
	if got := questions(at.Add(10 * time.Minute)); got != "[q9]" {
		t.Fatalf("answers with two exams in progress: %v, want the practice answer alone", got)
	}
	snap := bot.ItemSnapshot{ComputedAt: at.Add(10 * time.Minute), Answers: 1, Stats: map[string]quiz.ItemStats{}}
	resp, _ := s.ItemResponses(ctx, g, snap.ComputedAt)
	snap.LastAnswerID, snap.LastPracticeID = resp.LastAnswerID, resp.LastPracticeID
	if err := s.SaveItemSnapshot(ctx, g, snap); err != nil {
		t.Fatal(err)
	}
	if stale, err := s.StaleItemGroups(ctx, at.Add(15*time.Minute)); err != nil || len(stale) != 0 {
		t.Fatalf("stale with nothing ended since the snapshot: %v %v", stale, err)
	}
	if _, err := s.FinishExam(ctx, exams["early"].ID, at.Add(20*time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if got := questions(at.Add(30 * time.Minute)); got != "[q1 q9]" {
		t.Fatalf("answers after one exam finished: %v, want its answer and the practice one", got)
	}
	if stale, err := s.StaleItemGroups(ctx, at.Add(25*time.Minute)); err != nil || len(stale) != 1 || stale[0] != g {
		t.Fatalf("stale after an exam finished past the snapshot: %v %v", stale, err)
	}
	if got := questions(at.Add(time.Hour)); got != "[q1 q1 q9]" {
		t.Fatalf("answers once the other exam's time is up: %v, want both exams' answers", got)
	}
}
