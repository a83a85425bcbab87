package bot_test

import (
	"context"
	"testing"
	"time"
)

// /study items counts a mock exam's answers only once the exam is over, as stats and readiness do: while it
// is in progress its answers are its member's private business (no feedback until the end), and a
// moderator reading a question's share right would learn how they go (issue 26). An exam whose time ran
// out counts at once, before its member comes back to finish it, and the background refresh picks it up
// though no answer came after it.
func TestItemStatisticsLeaveOutAnExamInProgress(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study exam start")
	if r.Card == nil {
		t.Fatalf("no exam card: %+v", r)
	}
	id := r.Card.QuestionID
	e.answerCard(alice, r, false)
	e.clock.Add(10 * time.Minute)
	mustContain(t, e.do(mod, "/study items").Text, "over 0 answers")
	mustContain(t, e.do(mod, "/study items "+id).Text, "Answers: 0 ")

	// The exam's hour runs out while alice is away: it counts, her exam still unfinished in the store.
	e.clock.Add(time.Hour)
	if err := e.bot.RefreshItemStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	snap, err := e.db.ItemSnapshot(context.Background(), e.ch.Group())
	if err != nil || snap.Answers != 1 || snap.Stats[id].Answers != 1 {
		t.Fatalf("background snapshot after the exam's time ran out: %+v %v, want its 1 answer", snap, err)
	}
	mustContain(t, e.do(mod, "/study items "+id).Text, "Answers: 1 ")
}
