package quiz

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// examStream is the second PCG seed word of mock exam draws, so the same seed gives an exam a stream of
// its own rather than the one another feature seeded with the same number would get.
const examStream = 0x68697430303165 // "hit001e"

// ExamPlan returns how many questions each domain gets: the largest-remainder apportionment of n by weight
// (for weights 20/30/50 and 9 questions this is 2/3/4: 1.8, 2.7 and 4.5 rounded by remainder). Every domain gets the whole part of its quota
// n·weight/Σweight, and the questions left over go one each to the largest fractional parts, a larger
// weight first on a tie, then pack order. The arithmetic is in integers, so ties are exact. A negative n
// counts as 0; a pack whose weights are all zero shares equally.
func (p *Pack) ExamPlan(n int) map[string]int {
	weights := make([]int, len(p.Domains))
	for i, d := range p.Domains {
		weights[i] = d.Weight
	}
	counts := apportion(max(n, 0), weights)
	plan := make(map[string]int, len(p.Domains))
	for i, d := range p.Domains {
		plan[d.ID] = counts[i]
	}
	return plan
}

// apportion splits n by weights with the largest-remainder method. Negative weights count as zero, and
// all-zero weights as equal ones, so n is always handed out in full when there is anyone to take it.
func apportion(n int, weights []int) []int {
	out := make([]int, len(weights))
	if len(weights) == 0 || n <= 0 {
		return out
	}
	w := make([]int, len(weights))
	sum := 0
	for i, x := range weights {
		w[i] = max(x, 0)
		sum += w[i]
	}
	if sum == 0 {
		for i := range w {
			w[i] = 1
		}
		sum = len(w)
	}
	given := 0
	rem := make([]int, len(w))
	for i, x := range w {
		out[i], rem[i] = n*x/sum, n*x%sum
		given += out[i]
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(rem[b], rem[a]), cmp.Compare(w[b], w[a]))
	})
	for k := 0; given < n; k++ {
		out[order[k%len(order)]]++
		given++
	}
	return out
}

// DrawExam picks the exam's p.Exam.Questions questions: per domain its planned count, questions the member has not seen
// first (seen[id] == true means seen), then seen ones; order shuffled reproducibly from seed; excluded[id]
// are never drawn (retired/suspended questions). If a domain has too few questions the shortfall is taken
// from the other domains by weight.
//
// The shortfall is apportioned by weight among the domains that still have questions to spare, again and
// again until it is placed or no domain has any left; a pack with fewer drawable
// questions yields all of them. Which unseen (and which seen) questions a domain gives is random too. The
// shuffles are a Fisher–Yates of our own over PCG, so a draw depends only on PCG's output (a published
// algorithm) and not on how a Go release implements Rand.Shuffle: a stored seed keeps redrawing the same
// exam.
func (p *Pack) DrawExam(seen, excluded map[string]bool, seed uint64) []Question {
	src := rand.NewPCG(seed, examStream)
	nd := len(p.Domains)
	// pools[d] holds the drawable questions of domain d, unseen ones first, each group shuffled.
	pools := make([][]int, nd)
	weights := make([]int, nd)
	for d, dom := range p.Domains {
		weights[d] = dom.Weight
		var fresh, old []int
		for _, j := range p.byDomain[dom.ID] {
			id := p.Questions[j].ID
			switch {
			case excluded[id]:
			case seen[id]:
				old = append(old, j)
			default:
				fresh = append(fresh, j)
			}
		}
		shuffle(src, fresh)
		shuffle(src, old)
		pools[d] = append(fresh, old...)
	}

	counts := apportion(p.Exam.Questions, weights)
	for {
		short := 0
		for d := range counts {
			if over := counts[d] - len(pools[d]); over > 0 {
				counts[d] -= over
				short += over
			}
		}
		if short == 0 {
			break
		}
		var open []int
		var openWeights []int
		for d := range counts {
			if counts[d] < len(pools[d]) {
				open = append(open, d)
				openWeights = append(openWeights, weights[d])
			}
		}
		if len(open) == 0 {
			break
		}
		for k, extra := range apportion(short, openWeights) {
			counts[open[k]] += extra
		}
	}

	var picked []int
	for d, c := range counts {
		picked = append(picked, pools[d][:c]...)
	}
	shuffle(src, picked)
	out := make([]Question, len(picked))
	for i, j := range picked {
		out[i] = p.Questions[j]
	}
	return out
}

// shuffle is a Fisher–Yates shuffle driven by src. The modulo's bias is below 2⁻⁵⁰ for any slice this
// package shuffles.
func shuffle(src *rand.PCG, xs []int) {
	for i := len(xs) - 1; i > 0; i-- {
		j := int(src.Uint64() % uint64(i+1))
		xs[i], xs[j] = xs[j], xs[i]
	}
}
