package bot

import (
	"fmt"
	"testing"
)

// TestPctRoundsLikeShare: a share shown from a fraction (a question's share right in /study items) reads
// the same as the same share counted (the recap, /study stats): whole percent, half up, so 1 of 8 is 13%
// in both.
func TestPctRoundsLikeShare(t *testing.T) {
	for of := 1; of <= 400; of++ {
		for n := 0; n <= of; n++ {
			want := fmt.Sprintf("%d%%", share(n, of))
			if got := pct(float64(n) / float64(of)); got != want {
				t.Fatalf("pct(%d/%d) = %s, want %s as share(%d, %d)", n, of, got, want, n, of)
			}
		}
	}
}
