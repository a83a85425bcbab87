package quiz

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// synthetic is a generated response set with the truth it was generated from.
type synthetic struct {
	r       Responses
	choices []int
	broken  []int // question indexes where able members are more likely wrong
}

// synthesize draws answers from a two-parameter logistic model: member m with ability θ gets question q
// right with probability 1/(1+exp(−a·(θ−b))). Normal items have a slope a in [0.8, 2], so able members
// do better; broken items (a miskeyed answer, say) have a = −1.5, so able members do worse. About one
// answer in 200 is left blank.
func synthesize(seed uint64, questions, members, answers int, broken []int) synthetic {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	ability := make([]float64, members)
	for m := range ability {
		ability[m] = rng.NormFloat64()
	}
	slope, difficulty, choices := make([]float64, questions), make([]float64, questions), make([]int, questions)
	for q := range questions {
		slope[q], difficulty[q] = 0.8+1.2*rng.Float64(), 0.8*rng.NormFloat64()
		choices[q] = 4 - q%3 // 4, 3 and 2 choices
	}
	for _, q := range broken {
		slope[q] = -1.5
	}
	s := synthetic{choices: choices, broken: broken, r: Responses{
		Question: make([]int32, answers), Member: make([]int32, answers),
		Choice: make([]int8, answers), Correct: make([]bool, answers),
	}}
	for i := range answers {
		q, m := rng.IntN(questions), rng.IntN(members)
		key := q % choices[q]
		right := rng.Float64() < 1/(1+math.Exp(-slope[q]*(ability[m]-difficulty[q])))
		choice := key
		switch {
		case !right && rng.IntN(200) == 0:
			choice = -1
		case !right:
			choice = (key + 1 + rng.IntN(choices[q]-1)) % choices[q]
		}
		s.r.Question[i], s.r.Member[i], s.r.Choice[i], s.r.Correct[i] = int32(q), int32(m), int8(choice), right
	}
	return s
}

// referenceItemStats computes the same figures the slow, obvious way: every member's other answers are
// re-counted for every observation, and the correlation is the textbook Pearson formula on two lists.
func referenceItemStats(r Responses, questions int, choices []int) []ItemStats {
	out := make([]ItemStats, questions)
	for q := range questions {
		var xs, ys []float64
		counts := make([]int, choices[q])
		st := ItemStats{}
		right := 0
		for i := range r.Question {
			if int(r.Question[i]) != q {
				continue
			}
			st.Answers++
			if r.Correct[i] {
				right++
			}
			if c := int(r.Choice[i]); c >= 0 && c < choices[q] {
				counts[c]++
			}
			others, othersRight := 0, 0
			for j := range r.Member {
				if j != i && r.Member[j] == r.Member[i] {
					others++
					if r.Correct[j] {
						othersRight++
					}
				}
			}
			if others == 0 {
				continue
			}
			xs = append(xs, b2f(r.Correct[i]))
			ys = append(ys, float64(othersRight)/float64(others))
		}
		st.OptionShares = make([]float64, choices[q])
		if st.Answers > 0 {
			st.PValue = float64(right) / float64(st.Answers)
			for c := range counts {
				st.OptionShares[c] = float64(counts[c]) / float64(st.Answers)
			}
		}
		if len(xs) >= 2 {
			mx, my := mean(xs), mean(ys)
			var sxy, sxx, syy float64
			for k := range xs {
				sxy += (xs[k] - mx) * (ys[k] - my)
				sxx += (xs[k] - mx) * (xs[k] - mx)
				syy += (ys[k] - my) * (ys[k] - my)
			}
			if sxx > 0 && syy > 1e-15 {
				st.Discrimination, st.HasDiscrimination = sxy/math.Sqrt(sxx*syy), true
			}
		}
		out[q] = st
	}
	return out
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func TestItemStatsMatchesReference(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		s := synthesize(seed, 12, 40, 600, []int{5})
		got := ComputeItemStats(s.r, 12, s.choices, 40)
		want := referenceItemStats(s.r, 12, s.choices)
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d items, want %d", seed, len(got), len(want))
		}
		for q := range want {
			g, w := got[q], want[q]
			if g.Answers != w.Answers || math.Abs(g.PValue-w.PValue) > 1e-12 ||
				g.HasDiscrimination != w.HasDiscrimination || math.Abs(g.Discrimination-w.Discrimination) > 1e-9 ||
				!slices.EqualFunc(g.OptionShares, w.OptionShares, func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }) {
				t.Errorf("seed %d item %d:\n got %+v\nwant %+v", seed, q, g, w)
			}
		}
	}
}

func TestItemStatsEdgeCases(t *testing.T) {
	type answer struct {
		q, m   int32
		choice int8
		right  bool
	}
	tests := []struct {
		name    string
		answers []answer
		item    int
		want    ItemStats
	}{
		{"no answers", nil, 0, ItemStats{OptionShares: []float64{0, 0, 0}}},
		{"one respondent", []answer{{0, 0, 1, true}, {1, 0, 0, false}}, 0,
			ItemStats{Answers: 1, PValue: 1, OptionShares: []float64{0, 1, 0}}},
		{"members without other answers do not count", []answer{{0, 0, 1, true}, {0, 1, 0, false}, {0, 2, 2, false}}, 0,
			ItemStats{Answers: 3, PValue: 1.0 / 3, OptionShares: []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}}},
		{"everyone right", []answer{{0, 0, 1, true}, {1, 0, 0, true}, {0, 1, 1, true}, {1, 1, 0, false}}, 0,
			ItemStats{Answers: 2, PValue: 1, OptionShares: []float64{0, 1, 0}}},
		{"equal rest scores", []answer{{0, 0, 1, true}, {1, 0, 0, true}, {0, 1, 0, false}, {1, 1, 0, true}}, 0,
			ItemStats{Answers: 2, PValue: 0.5, OptionShares: []float64{0.5, 0.5, 0}}},
		// Members 0 and 1 are right on the item and on their other answer; member 2 is wrong on both.
		{"perfect discrimination", []answer{{0, 0, 1, true}, {1, 0, 0, true}, {0, 1, 1, true}, {1, 1, 0, true}, {0, 2, 0, false}, {1, 2, 1, false}}, 0,
			ItemStats{Answers: 3, PValue: 2.0 / 3, Discrimination: 1, HasDiscrimination: true, OptionShares: []float64{1.0 / 3, 2.0 / 3, 0}}},
		{"perfectly backwards", []answer{{0, 0, 0, false}, {1, 0, 0, true}, {0, 1, 1, true}, {1, 1, 1, false}}, 0,
			ItemStats{Answers: 2, PValue: 0.5, Discrimination: -1, HasDiscrimination: true, OptionShares: []float64{0.5, 0.5, 0}}},
		{"out-of-range indexes and choices ignored", []answer{{0, 0, 1, true}, {7, 0, 0, true}, {0, 9, 0, true}, {-1, 0, 0, true}, {0, 1, 5, false}}, 0,
			ItemStats{Answers: 2, PValue: 0.5, OptionShares: []float64{0, 0.5, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Responses
			for _, a := range tt.answers {
				r.Question = append(r.Question, a.q)
				r.Member = append(r.Member, a.m)
				r.Choice = append(r.Choice, a.choice)
				r.Correct = append(r.Correct, a.right)
			}
			got := ComputeItemStats(r, 2, []int{3, 2}, 3)[tt.item]
			w := tt.want
			if got.Answers != w.Answers || math.Abs(got.PValue-w.PValue) > 1e-12 || got.HasDiscrimination != w.HasDiscrimination ||
				math.Abs(got.Discrimination-w.Discrimination) > 1e-12 ||
				!slices.EqualFunc(got.OptionShares, w.OptionShares, func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }) {
				t.Errorf("got  %+v\nwant %+v", got, w)
			}
		})
	}
}

func TestItemStatsFindsBrokenItems(t *testing.T) {
	s := synthesize(42, 60, 2000, 200_000, []int{7, 31})
	stats := ComputeItemStats(s.r, 60, s.choices, 2000)
	for q, st := range stats {
		broken := slices.Contains(s.broken, q)
		switch {
		case !st.HasDiscrimination:
			t.Errorf("item %d: no discrimination over %d answers", q, st.Answers)
		case broken && st.Discrimination >= 0:
			t.Errorf("broken item %d: discrimination %.3f, want negative", q, st.Discrimination)
		case !broken && st.Discrimination <= 0:
			t.Errorf("normal item %d: discrimination %.3f, want positive", q, st.Discrimination)
		}
		if got := ShouldSuspend(st, 0); got != broken {
			t.Errorf("item %d (broken %v, discrimination %.3f): ShouldSuspend = %v", q, broken, st.Discrimination, got)
		}
		if sum := floatsSum(st.OptionShares); sum > 1+1e-9 || sum < 0.99 {
			t.Errorf("item %d: option shares sum to %.4f", q, sum)
		}
		if len(st.OptionShares) != s.choices[q] {
			t.Errorf("item %d: %d option shares for %d choices", q, len(st.OptionShares), s.choices[q])
		}
	}
}

func floatsSum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestShouldSuspend(t *testing.T) {
	bad := ItemStats{Answers: SuspendMinAnswers, Discrimination: -0.1, HasDiscrimination: true}
	tests := []struct {
		name  string
		s     ItemStats
		flags int
		want  bool
	}{
		{"clean", ItemStats{Answers: 500, Discrimination: 0.3, HasDiscrimination: true}, 0, false},
		{"two flags", ItemStats{Answers: 500, Discrimination: 0.3, HasDiscrimination: true}, SuspendFlags - 1, false},
		{"three flags", ItemStats{}, SuspendFlags, true},
		{"negative with enough answers", bad, 0, true},
		{"negative with too few answers", ItemStats{Answers: SuspendMinAnswers - 1, Discrimination: -0.5, HasDiscrimination: true}, 0, false},
		{"undefined discrimination", ItemStats{Answers: 500, Discrimination: -0.5}, 0, false},
		{"zero discrimination", ItemStats{Answers: 500, HasDiscrimination: true}, 0, false},
	}
	for _, tt := range tests {
		if got := ShouldSuspend(tt.s, tt.flags); got != tt.want {
			t.Errorf("%s: ShouldSuspend = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func BenchmarkItemStats1M(b *testing.B) {
	const questions, members, answers = 300, 10_000, 1_000_000
	s := synthesize(7, questions, members, answers, []int{13, 222})
	for b.Loop() {
		if st := ComputeItemStats(s.r, questions, s.choices, members); len(st) != questions {
			b.Fatalf("%d items", len(st))
		}
	}
}
