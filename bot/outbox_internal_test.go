package bot

import (
	"errors"
	"fmt"
	"net"
	"testing"
	"time"
)

// TestSendInfo: what a failed attempt says about trying again.
func TestSendInfo(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	tests := []struct {
		name    string
		err     error
		notSent bool
		after   time.Duration
	}{
		{"a connection never made", fmt.Errorf("post: %w", refused), true, 0},
		{"a connection lost after sending", fmt.Errorf("post: %w", reset), false, 0},
		{"a 5xx", errors.New("HTTP 502"), false, 0},
		{"marked not sent", NotSent(errors.New("invalid_blocks")), true, 0},
		{"a rate limit", fmt.Errorf("wrapped: %w", RetryAfter(errors.New("429"), 3*time.Second)), true, 3 * time.Second},
	}
	for _, tt := range tests {
		notSent, after := sendInfo(tt.err)
		if notSent != tt.notSent || after != tt.after {
			t.Errorf("%s: notSent %v after %v, want %v %v", tt.name, notSent, after, tt.notSent, tt.after)
		}
	}
}

// TestBackoff: 1 s, 2 s, 4 s … at most maxBackoff.
func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	for i, w := range want {
		if got := backoff(i); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i, got, w)
		}
	}
	if got := backoff(40); got != maxBackoff {
		t.Errorf("backoff(40) = %v, want the cap %v", got, maxBackoff)
	}
}
