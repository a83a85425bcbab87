package bot

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHoldsFindsAMemberAmongTiedAndDistinctScores: holds agrees with a scan of the whole board, for every
// member on it and for members not on it, on boards of a few distinct scores (long runs of ties, searched
// run by run) and of mostly distinct ones (scanned), and on every prefix a rank is counted in.
func TestHoldsFindsAMemberAmongTiedAndDistinctScores(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, distinct := range []int{1, 3, 50, 5000} {
		scores := make([]Score, 3000)
		for i := range scores {
			c := rng.IntN(distinct)
			scores[i] = Score{UserID: fmt.Sprintf("u%05d", rng.IntN(100_000)), Points: 10 * c, Correct: c, Answered: c}
		}
		slices.SortFunc(scores, byRank)
		scores = slices.CompactFunc(scores, func(a, b Score) bool { return a.UserID == b.UserID })
		for _, n := range []int{0, 1, len(scores) / 3, len(scores)} {
			for _, id := range []string{scores[0].UserID, scores[len(scores)/2].UserID, scores[len(scores)-1].UserID, "u99999x", "a"} {
				want := slices.ContainsFunc(scores[:n], func(s Score) bool { return s.UserID == id })
				if got := holds(scores[:n], id); got != want {
					t.Errorf("%d distinct scores, first %d of %d: holds(%s) = %v, want %v", distinct, n, len(scores), id, got, want)
				}
			}
		}
	}
}
