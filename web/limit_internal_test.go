package web

import (
	"net/netip"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// The buckets are bounded: a stream of new addresses never makes more than max of them.
func TestLimiterKeepsAtMostMax(t *testing.T) {
	l := newLimiter(rate.Limit(1), 2, 100)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range 1000 {
		a := netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)})
		if ok, _ := l.allow(clientKey(a), now.Add(time.Duration(i)*time.Millisecond)); !ok {
			t.Fatalf("a new address was refused")
		}
		if len(l.clients) > 100 {
			t.Fatalf("%d buckets kept, max 100", len(l.clients))
		}
	}
}

// Making room drops the buckets that have refilled (nothing is forgiven) and keeps one mid-burst, whose
// client stays limited.
func TestLimiterEvictsRefilledFirst(t *testing.T) {
	l := newLimiter(rate.Limit(1), 2, 10)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range 9 {
		l.allow(clientKey(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)})), now)
	}
	busy := clientKey(netip.MustParseAddr("192.0.2.1"))
	later := now.Add(3 * time.Second)
	for range 2 {
		l.allow(busy, later)
	}
	l.allow(clientKey(netip.MustParseAddr("198.51.100.1")), later)
	if len(l.clients) != 2 {
		t.Fatalf("%d buckets after making room, want the busy one and the new one", len(l.clients))
	}
	if ok, _ := l.allow(busy, later); ok {
		t.Fatal("the busy client's bucket was dropped: it got a fresh burst")
	}
}
