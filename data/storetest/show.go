package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// testRecapsAndTotals: a week's recap is queued once per channel however many replicas queue it, and its
// state is read back; the totals of a span count the answers in it, in the group only.
func testRecapsAndTotals(t *testing.T, open func() bot.Store) {
	handles := []bot.Store{open(), open()}
	s := handles[0]
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	g := ch.Group()
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	queued := 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(h bot.Store) {
			defer wg.Done()
			ok, err := h.QueueRecap(ctx, ch, "w2026-02-23", monday, FarFuture)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				queued++
				mu.Unlock()
			}
		}(handles[i%2])
	}
	wg.Wait()
	if queued != 1 {
		t.Fatalf("the recap was queued %d times", queued)
	}
	st, err := handles[1].RecapState(ctx, ch, "w2026-02-23")
	if err != nil || st.Kind != bot.DeliverRecap || st.Status != "due" {
		t.Fatalf("recap state: %+v %v", st, err)
	}
	if _, err := s.RecapState(ctx, ch, "w2026-03-02"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("a recap never queued: %v", err)
	}
	ds, err := s.ClaimDeliveries(ctx, "o", monday, time.Minute, 10, nil)
	if err != nil || len(ds) != 1 || ds[0].Kind != bot.DeliverRecap || ds[0].Payload != "w2026-02-23" || ds[0].PostID != 0 {
		t.Fatalf("claimed recap: %+v %v", ds, err)
	}
	// Totals: answers on Monday and Tuesday, and one in another group.
	for i, at := range []time.Time{monday, monday.Add(24 * time.Hour)} {
		p := post(t, s, ch, fmt.Sprint("s", i), at)
		for u, correct := range []bool{true, false} {
			if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: g, UserID: fmt.Sprint("u", u), UserName: fmt.Sprint("U", u),
				Correct: correct, Points: map[bool]int{true: 10}[correct], Domain: fmt.Sprint("d", i), QuestionID: fmt.Sprint("q", i), AnsweredAt: at}); err != nil {
				t.Fatal(err)
			}
		}
	}
	other := bot.ChannelRef{Platform: "discord", GroupID: "other", ChannelID: "c"}
	op := post(t, s, other, "s", monday)
	s.RecordAnswer(ctx, bot.Answer{PostID: op.ID, Group: other.Group(), UserID: "u0", Correct: true, Points: 10, Domain: "d0", QuestionID: "q0", AnsweredAt: monday})
	members, err := s.MemberTotals(ctx, g, monday, monday.Add(48*time.Hour))
	if err != nil || fmt.Sprint(members) != "[{u0 U0 20 2 2} {u1 U1 0 2 0}]" {
		t.Fatalf("member totals: %v %v", members, err)
	}
	questions, err := s.QuestionTotals(ctx, g, monday.Add(time.Hour), monday.Add(48*time.Hour))
	if err != nil || fmt.Sprint(questions) != "[{q1 2 1}]" {
		t.Fatalf("question totals from Monday 10:00: %v %v", questions, err)
	}
	domains, err := s.DomainTotals(ctx, g, time.Time{}, monday.Add(24*time.Hour))
	if err != nil || fmt.Sprint(domains) != "[{d0 2 1}]" {
		t.Fatalf("domain totals up to Tuesday 09:00: %v %v", domains, err)
	}
}

// testWebTokens: a group's first token stays its token, whichever replica asked, and asking again says
// there is one (only its hash is kept, so /study web cannot show it again); a reset replaces it, the old
// one finds nothing and the new one finds the group.
func testWebTokens(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	g := bot.GroupRef{Platform: "slack", GroupID: "T"}
	first, second := bot.HashWebToken("tok-a"), bot.HashWebToken("tok-b")
	if created, err := a.CreateWebToken(ctx, g, first); err != nil || !created {
		t.Fatalf("first token: created %v, %v", created, err)
	}
	if created, err := b.CreateWebToken(ctx, g, second); err != nil || created {
		t.Fatalf("second ask: created %v, %v; want the first kept", created, err)
	}
	if got, ok, err := b.WebGroup(ctx, first); err != nil || !ok || got != g {
		t.Fatalf("web group: %v %v %v", got, ok, err)
	}
	if _, ok, err := b.WebGroup(ctx, second); ok || err != nil {
		t.Fatalf("the second ask's token works: %v %v", ok, err)
	}
	fresh := bot.HashWebToken("tok-c")
	if err := a.ResetWebToken(ctx, g, fresh); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := b.WebGroup(ctx, first); ok || err != nil {
		t.Fatalf("the old token still works: %v %v", ok, err)
	}
	if got, ok, err := b.WebGroup(ctx, fresh); err != nil || !ok || got != g {
		t.Fatalf("the reset's token: %v %v %v", got, ok, err)
	}
	if created, err := b.CreateWebToken(ctx, g, bot.HashWebToken("tok-d")); err != nil || created {
		t.Fatalf("ask after the reset: created %v, %v", created, err)
	}
	// A group that never asked has no token: a reset on it creates one.
	h := bot.GroupRef{Platform: "slack", GroupID: "U"}
	if err := b.ResetWebToken(ctx, h, bot.HashWebToken("tok-e")); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := a.WebGroup(ctx, bot.HashWebToken("tok-e")); err != nil || !ok || got != h {
		t.Fatalf("reset without a token first: %v %v %v", got, ok, err)
	}
}
