package sqlite

import (
	"testing"
	"time"
)

// TestArrivalsFollowTheGapBetweenAnswers: the writer's measure of how far apart answers come is a moving
// average that a quiet spell resets, and that answers queued at once pull down.
func TestArrivalsFollowTheGapBetweenAnswers(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var f arrivals
	f.add(t0)
	if f.gap != 0 {
		t.Fatalf("first answer: gap %v, want 0", f.gap)
	}
	at := t0
	for range 20 {
		at = at.Add(400 * time.Microsecond)
		f.add(at)
	}
	if f.gap != 400*time.Microsecond {
		t.Fatalf("answers 400µs apart: gap %v", f.gap)
	}
	for range 4 {
		f.add(at) // queued together
	}
	if f.gap >= 200*time.Microsecond {
		t.Fatalf("four more at once: gap %v, want it well under 400µs", f.gap)
	}
	at = at.Add(time.Second)
	f.add(at)
	if f.gap != 0 {
		t.Fatalf("after a quiet second: gap %v, want 0", f.gap)
	}
	f.add(at.Add(-time.Millisecond)) // clocks of two goroutines: never negative
	if f.gap != 0 {
		t.Fatalf("an answer stamped before the last: gap %v", f.gap)
	}
}
