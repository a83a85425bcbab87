package quiz

import "math"

// Responses is a compact, column-wise set of answers to many questions by many members (struct of arrays,
// so a million answers fit in a few MB and are walked fast). Answer i is Question[i] (a question index),
// Member[i] (a member index), Choice[i] (the chosen choice index, or -1 for none) and Correct[i]. The
// columns should have the same length; only the length of the shortest is read.
type Responses struct {
	Question []int32
	Member   []int32
	Choice   []int8
	Correct  []bool
}

// ItemStats are classical test theory figures for one question.
type ItemStats struct {
	Answers int
	PValue  float64 // share right
	// Discrimination is the point-biserial correlation of right/wrong on this item with each respondent's
	// accuracy on their OTHER answers (the rest score), over respondents with at least one other answer.
	// Leaving the item itself out of the score keeps it from correlating with itself, which flatters
	// items most in small samples.
	Discrimination float64
	// HasDiscrimination is false when Discrimination is undefined: fewer than 2 such respondents, or
	// zero variance in either right/wrong or the rest score.
	HasDiscrimination bool
	OptionShares      []float64 // share of answers per choice index (len = the question's number of choices)
}

// Suspension thresholds for questions.
const (
	// SuspendFlags is how many learner flags ("this question is wrong") suspend a question.
	SuspendFlags = 3
	// SuspendMinAnswers is how many answers a negative discrimination needs before it suspends a question;
	// below that a negative figure is as likely noise as a miskeyed answer.
	SuspendMinAnswers = 30
)

// ShouldSuspend reports whether a question should be taken out of rotation: it has SuspendFlags or more
// flags, or stronger learners get it wrong more often than weaker ones (a negative discrimination, which
// usually means a wrong key or an ambiguous stem) over at least SuspendMinAnswers answers.
func ShouldSuspend(s ItemStats, flags int) bool {
	return flags >= SuspendFlags || s.HasDiscrimination && s.Discrimination < 0 && s.Answers >= SuspendMinAnswers
}

// memberRest holds what the hot loop needs of a member to get a rest score without dividing:
// rest = base − step·correct, where step = 1/(answered − 1) and base = memberCorrect·step. A step of 0
// marks a member with no other answers.
type memberRest struct {
	base, step float64
}

// itemSums accumulates one item's counts and, over respondents with a rest score, n (nd), right (nd1),
// Σrest (s), Σrest over right (s1) and Σrest² (q).
type itemSums struct {
	answers, right int
	nd, nd1        int
	s, s1, q       float64
	off, nc        int32 // where the item's choice counts start in the flat counts slice, and how many
}

// ComputeItemStats returns stats per question index (len = questions). choices[i] is question i's number
// of choices; members is the number of distinct member indexes.
//
// It makes two passes over the columns: the first totals each member's answers and right answers, the
// second accumulates per item the sums the point-biserial needs, so memory beyond the result is one
// small record per member and per item. Answers whose question or member index is out of range are
// ignored, as are choices outside the question's range (they still count as answers, so the option
// shares then sum to less than 1). A member answering an item twice contributes two observations.
func ComputeItemStats(r Responses, questions int, choices []int, members int) []ItemStats {
	if questions <= 0 {
		return []ItemStats{}
	}
	members = max(members, 0)
	n := min(len(r.Question), len(r.Member), len(r.Choice), len(r.Correct))
	qs, ms, cs, rights := r.Question[:n], r.Member[:n], r.Choice[:n], r.Correct[:n]
	nq, nm := uint32(questions), uint32(members)

	// Pass 1: each member's answers in the low 32 bits and right answers in the high 32, so one add
	// per answer.
	totals := make([]uint64, members)
	for i, q := range qs {
		m := ms[i]
		if uint32(q) >= nq || uint32(m) >= nm {
			continue
		}
		totals[m] += 1 | b2u64(rights[i])<<32
	}
	rest := make([]memberRest, members)
	for m, t := range totals {
		if a := uint32(t); a > 1 {
			step := 1 / float64(a-1)
			rest[m] = memberRest{base: float64(t>>32) * step, step: step}
		}
	}

	items := make([]itemSums, questions)
	totalChoices := 0
	for i := range items {
		c := 0
		if i < len(choices) {
			c = max(choices[i], 0)
		}
		items[i].off, items[i].nc = int32(totalChoices), int32(c)
		totalChoices += c
	}
	counts := make([]int32, totalChoices)
	for i, q := range qs {
		m := ms[i]
		if uint32(q) >= nq || uint32(m) >= nm {
			continue
		}
		it := &items[q]
		// Right and wrong come in no predictable order, so the loop turns them into numbers rather
		// than branching on them.
		c := b2u64(rights[i])
		it.answers++
		it.right += int(c)
		if ch := int32(cs[i]); ch >= 0 && ch < it.nc {
			counts[it.off+ch]++
		}
		mr := rest[m]
		if mr.step == 0 {
			continue
		}
		cf := float64(c)
		x := mr.base - cf*mr.step
		it.nd++
		it.nd1 += int(c)
		it.s += x
		it.s1 += cf * x
		it.q += x * x
	}

	out := make([]ItemStats, questions)
	for i := range items {
		it := &items[i]
		st := ItemStats{Answers: it.answers, OptionShares: make([]float64, it.nc)}
		if it.answers > 0 {
			st.PValue = float64(it.right) / float64(it.answers)
			for c := range st.OptionShares {
				st.OptionShares[c] = float64(counts[int(it.off)+c]) / float64(it.answers)
			}
		}
		st.Discrimination, st.HasDiscrimination = pointBiserial(it)
		out[i] = st
	}
	return out
}

func b2u64(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// pointBiserial is the Pearson correlation of the 0/1 item score with the rest score, from the item's
// sums: (n·Σ₁x − n₁·Σx) / √(n₁(n−n₁) · (n·Σx² − (Σx)²)).
func pointBiserial(it *itemSums) (float64, bool) {
	if it.nd < 2 || it.nd1 == 0 || it.nd1 == it.nd {
		return 0, false
	}
	n, n1 := float64(it.nd), float64(it.nd1)
	spread := n*it.q - it.s*it.s
	// Rounding can leave a tiny positive spread where every rest score is equal; treat it as none.
	if spread <= 1e-12*n*it.q {
		return 0, false
	}
	r := (n*it.s1 - n1*it.s) / math.Sqrt(n1*(n-n1)*spread)
	return math.Max(-1, math.Min(1, r)), true
}
