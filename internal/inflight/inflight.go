// Package inflight tracks work still running so that a shutdown can wait for it: interactions handled in
// their own goroutines, replies sent after a request was acknowledged.
package inflight

import (
	"context"
	"sync"
)

// Group runs functions in goroutines until it is closed, and waits for them. Unlike a bare
// sync.WaitGroup, starting work, waiting and closing are ordered by one lock: nothing starts once Close has
// begun, so Close cannot miss work that started while it was waiting, and Wait may be called at any time.
type Group struct {
	mu     sync.Mutex
	closed bool
	n      int           // functions running
	zero   chan struct{} // closed when n drops to zero; replaced when it rises from zero
	limit  chan struct{} // nil: no bound
}

// NewGroup returns a group that runs at most limit functions at once (0: no bound).
func NewGroup(limit int) *Group {
	g := &Group{}
	if limit > 0 {
		g.limit = make(chan struct{}, limit)
	}
	return g
}

// Go runs f in a goroutine and reports true, or reports false without running it once the group is
// closing. With a bound, it waits for a free place first (or ctx's end, reporting false).
func (g *Group) Go(ctx context.Context, f func()) bool {
	if g.limit != nil {
		select {
		case g.limit <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		if g.limit != nil {
			<-g.limit
		}
		return false
	}
	if g.n == 0 {
		g.zero = make(chan struct{})
	}
	g.n++
	g.mu.Unlock()
	go func() {
		defer func() {
			if g.limit != nil {
				<-g.limit
			}
			g.mu.Lock()
			if g.n--; g.n == 0 {
				close(g.zero)
			}
			g.mu.Unlock()
		}()
		f()
	}()
	return true
}

// Wait waits, until ctx ends, for a moment when nothing runs; it reports whether that came. The group
// keeps taking work.
func (g *Group) Wait(ctx context.Context) bool {
	g.mu.Lock()
	if g.n == 0 {
		g.mu.Unlock()
		return true
	}
	zero := g.zero
	g.mu.Unlock()
	select {
	case <-zero:
		return true
	case <-ctx.Done():
		return false
	}
}

// Close stops new work and waits for what runs, until ctx ends; it reports whether everything finished.
func (g *Group) Close(ctx context.Context) bool {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	return g.Wait(ctx)
}
