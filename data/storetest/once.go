package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// testOnceAcrossReplicas: a key is new once, whichever handle sees it and however many see it at once, until
// it expires; then it is new again.
func testOnceAcrossReplicas(t *testing.T, open func() bot.Store) {
	ctx := context.Background()
	a, b := open(), open()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			first, err := s.FirstTime(ctx, "slack-event:T1:Ev1", now, now.Add(time.Hour))
			if err != nil {
				t.Error(err)
			}
			if first {
				firsts.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := firsts.Load(); n != 1 {
		t.Fatalf("the key was new %d times across two handles, want once", n)
	}
	if first, err := b.FirstTime(ctx, "slack-event:T1:Ev2", now, now.Add(time.Hour)); err != nil || !first {
		t.Fatalf("another key: %v %v", first, err)
	}
	later := now.Add(time.Hour)
	if first, err := a.FirstTime(ctx, "slack-event:T1:Ev1", later, later.Add(time.Hour)); err != nil || !first {
		t.Fatalf("after it expired the key is not new again: %v %v", first, err)
	}
	if first, err := b.FirstTime(ctx, "slack-event:T1:Ev1", later, later.Add(time.Hour)); err != nil || first {
		t.Fatalf("the renewed key is new again: %v %v", first, err)
	}
}
