package inflight

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// Close waits for work that started before it, and refuses work after it.
func TestCloseWaitsAndRefuses(t *testing.T) {
	g := NewGroup(0)
	release := make(chan struct{})
	var finished atomic.Bool
	if !g.Go(context.Background(), func() { <-release; finished.Store(true) }) {
		t.Fatal("Go refused work before Close")
	}
	closed := make(chan bool)
	go func() { closed <- g.Close(context.Background()) && finished.Load() }()
	close(release)
	if !<-closed {
		t.Fatal("Close returned before the work finished")
	}
	if g.Go(context.Background(), func() { t.Error("ran after Close") }) {
		t.Fatal("Go accepted work after Close")
	}
}

// Wait waits for what runs without closing the group.
func TestWaitKeepsTheGroupOpen(t *testing.T) {
	g := NewGroup(0)
	for round := 0; round < 3; round++ {
		release := make(chan struct{})
		var finished atomic.Bool
		g.Go(context.Background(), func() { <-release; finished.Store(true) })
		waited := make(chan bool)
		go func() { waited <- g.Wait(context.Background()) && finished.Load() }()
		close(release)
		if !<-waited {
			t.Fatalf("round %d: Wait returned before the work finished", round)
		}
	}
}

// A bounded group runs no more than its bound at once; Close gives up at ctx's end and says so.
func TestBoundAndDeadline(t *testing.T) {
	g := NewGroup(2)
	var running, most atomic.Int32
	block := make(chan struct{})
	started := make(chan struct{}, 5)
	for range 5 {
		go g.Go(context.Background(), func() {
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			started <- struct{}{}
			<-block
			running.Add(-1)
		})
	}
	<-started
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if g.Close(ctx) {
		t.Fatal("Close reported done while work was blocked")
	}
	close(block)
	if m := most.Load(); m != 2 {
		t.Fatalf("%d ran at once, want the bound, 2", m)
	}
}
