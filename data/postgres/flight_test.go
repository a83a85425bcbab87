package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"

	"golang.org/x/sync/singleflight"
)

func TestSharedRunsOneLoadForCallersThatMissTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g singleflight.Group
		release := make(chan struct{})
		loads := 0
		load := func(context.Context) (string, error) {
			loads++
			<-release
			return "UTC", nil
		}
		var wg sync.WaitGroup
		got := make([]string, 10)
		for i := range got {
			wg.Go(func() {
				tz, err := shared(t.Context(), &g, "zone:1", load)
				if err != nil {
					t.Errorf("caller %d: %v", i, err)
				}
				got[i] = tz
			})
		}
		synctest.Wait() // every caller is waiting for the one load
		close(release)
		wg.Wait()
		if loads != 1 {
			t.Fatalf("%d loads for 10 callers at once, want 1", loads)
		}
		for i, tz := range got {
			if tz != "UTC" {
				t.Fatalf("caller %d got %q, want UTC", i, tz)
			}
		}
		// Once it has finished, the next caller loads again: shared is not a cache.
		release = make(chan struct{})
		close(release)
		if _, err := shared(t.Context(), &g, "zone:1", load); err != nil || loads != 2 {
			t.Fatalf("a later caller: err %v, %d loads in all, want 2", err, loads)
		}
	})
}

func TestSharedCallerThatGivesUpLeavesTheLoadToTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g singleflight.Group
		release := make(chan struct{})
		var loadErr error
		load := func(ctx context.Context) (int64, error) {
			<-release
			loadErr = ctx.Err()
			return 7, nil
		}
		ctx, cancel := context.WithCancel(t.Context())
		var first error
		var wg sync.WaitGroup
		wg.Go(func() { _, first = shared(ctx, &g, "group:x", load) })
		synctest.Wait()
		var second int64
		wg.Go(func() { second, _ = shared(t.Context(), &g, "group:x", load) })
		synctest.Wait()
		cancel()
		synctest.Wait()
		if !errors.Is(first, context.Canceled) {
			t.Fatalf("the caller that gave up got %v, want context.Canceled at once", first)
		}
		close(release)
		wg.Wait()
		if second != 7 || loadErr != nil {
			t.Fatalf("the caller that waited got %d (want 7); the load saw %v (want no cancellation)", second, loadErr)
		}
	})
}
