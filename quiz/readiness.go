package quiz

import (
	"math"
	"time"
)

// Evidence is one graded answer a readiness estimate rests on.
type Evidence struct {
	QuestionID string
	// Domain is the question's domain id. When it is empty the question's id is looked up in the pack.
	Domain  string
	Correct bool
	At      time.Time
}

// Band is the verdict of a readiness estimate.
type Band string

// The bands a readiness estimate can fall in.
const (
	// BandLikely means even the pessimistic end of the estimate reaches the pass mark.
	BandLikely Band = "likely"
	// BandBorderline means the pass mark lies inside the estimate's interval.
	BandBorderline Band = "borderline"
	// BandNotYet means even the optimistic end of the estimate falls short of the pass mark.
	BandNotYet Band = "not yet"
	// BandNotEnough means there are too few answers, overall or in some domain, to say.
	BandNotEnough Band = "not enough answers"
)

// Exam figures and readiness thresholds.
const (
	// ReadinessHalfLife is how long it takes an answer's weight in a readiness estimate to halve: what a
	// learner got right two months ago says less about today than what they got right this morning.
	ReadinessHalfLife = 30 * 24 * time.Hour
	// ReadinessMinAnswers is how many answers in all a readiness verdict needs.
	ReadinessMinAnswers = 20
	// ReadinessMinPerDomain is how many answers every domain needs before a verdict, because one
	// unpractised domain can sink an exam that the others would pass.
	ReadinessMinPerDomain = 3
	// ReadinessCredibility is the probability mass of the credible intervals.
	ReadinessCredibility = 0.90
)

// z90 is the standard normal quantile at 0.95, the half-width of a 90 % two-sided normal interval.
const z90 = 1.6448536269514722

// DomainReadiness is the readiness estimate of one domain.
type DomainReadiness struct {
	Domain  string  // the domain's id
	Answers int     // how many answers it rests on
	Right   int     // how many of them were right, as they are (unweighted)
	Mastery float64 // the posterior mean of the recency-weighted share right, 0..1
	// Low and High bound the 90 % equal-tailed credible interval of the Beta posterior.
	Low, High float64
	// Gain is what studying the domain may add to the exam-weighted mastery: its share of the exam times
	// (1 − Mastery). StudyOrder ranks domains by it.
	Gain float64
}

// Readiness is an estimate of how a learner would do on the exam today.
type Readiness struct {
	Domains []DomainReadiness // every domain in pack order, with Answers 0 where there are none
	// Mastery is the exam-weighted mastery, and Low and High bound its approximate 90 % interval.
	Mastery, Low, High float64
	// Scaled, ScaledLow and ScaledHigh are Mastery, Low and High on the exam's scale (Exam.Score).
	Scaled, ScaledLow, ScaledHigh int
	Band                          Band // the verdict against the pass mark
	// Stale means there are enough answers but most are old: their weights add up to fewer than a quarter
	// of ReadinessMinAnswers, so the band is BandNotEnough until the learner answers again.
	Stale   bool
	Next    string // the id of the domain to study next
	Answers int    // how many answers in all the estimate rests on
}

// Readiness estimates how the learner behind ev would do on the exam at time now.
//
// Each answer weighs 0.5^(age/ReadinessHalfLife); answers dated after now weigh 1. A domain's Mastery is
// the mean (1+right)/(2+right+wrong) of the Beta posterior on its right and wrong counts from a uniform
// Beta(1,1) prior, with each answer weighed relative to the domain's newest: recent answers count more
// than older ones, but a domain left alone keeps its estimate (its weights shrink together) instead of
// drifting to the prior's 1/2. A single right answer reads as 2/3 rather than 100 %, and a domain with no
// answers as 1/2. Low and High are the 5 % and 95 % quantiles of the posterior on the weights as they are
// (widened to hold Mastery), so old evidence widens the interval.
//
// The overall Mastery is the domains' means weighted by their exam weights. Its interval is a normal
// approximation: the weighted sum of independent Beta posteriors has variance Σ (w/W)² · Var, and Low
// and High are the mean ∓ 1.645 standard deviations, clamped to [0, 1]. Domains without answers keep
// the prior's wide variance, so they widen the overall interval as they should.
//
// Scaled maps mastery onto the pack's exam scale (Exam.Score): linearly onto a published scale, which is
// our own estimate since exams rarely publish how raw scores convert, or as the share right. It is
// compared with the exam's pass mark (Exam.Pass).
//
// Band is BandNotEnough with fewer than ReadinessMinAnswers answers in all or fewer than
// ReadinessMinPerDomain in any domain; otherwise BandLikely when ScaledLow reaches the pass mark,
// BandNotYet when ScaledHigh falls short of it, and BandBorderline in between. Next is the first of StudyOrder: the
// domain with the largest weight × (1 − Mastery), the first in pack order on a tie.
//
// Evidence whose domain is not in the pack (and whose question, when Domain is empty, is not either) is
// left out.
func (p *Pack) Readiness(ev []Evidence, now time.Time) Readiness {
	nd := len(p.Domains)
	right := make([]float64, nd)
	wrong := make([]float64, nd)
	newest := make([]float64, nd) // the weight of each domain's most recent answer
	count := make([]int, nd)
	rights := make([]int, nd)
	total := 0
	for i := range ev {
		e := &ev[i]
		d := p.domainIndex(e.Domain)
		if d < 0 && e.Domain == "" {
			if q, ok := p.Question(e.QuestionID); ok {
				d = p.domainIndex(q.Domain)
			}
		}
		if d < 0 {
			continue
		}
		age := now.Sub(e.At)
		if age < 0 {
			age = 0
		}
		w := math.Exp2(-float64(age) / float64(ReadinessHalfLife))
		newest[d] = max(newest[d], w)
		if e.Correct {
			right[d] += w
			rights[d]++
		} else {
			wrong[d] += w
		}
		count[d]++
		total++
	}

	weights := p.examWeights()
	r := Readiness{Domains: make([]DomainReadiness, nd), Answers: total, Band: BandNotEnough}
	if nd == 0 {
		return r
	}
	var mean, variance, effective float64
	enough := total >= ReadinessMinAnswers
	for d, dom := range p.Domains {
		// The estimate is the share right with recent answers weighing more than older ones of the same
		// domain (weights relative to its newest answer), so time alone never moves it; the interval comes
		// from the weights as they are, so old evidence widens it.
		m := 0.5
		if newest[d] > 0 {
			m = (1 + right[d]/newest[d]) / (2 + (right[d]+wrong[d])/newest[d])
		}
		a, b := 1+right[d], 1+wrong[d]
		effective += right[d] + wrong[d]
		r.Domains[d] = DomainReadiness{
			Domain:  dom.ID,
			Answers: count[d],
			Right:   rights[d],
			Mastery: m,
			Low:     min(m, betaQuantile((1-ReadinessCredibility)/2, a, b)),
			High:    max(m, betaQuantile((1+ReadinessCredibility)/2, a, b)),
		}
		if count[d] < ReadinessMinPerDomain {
			enough = false
		}
		w := weights[d]
		mean += w * m
		variance += w * w * a * b / ((a + b) * (a + b) * (a + b + 1))
		r.Domains[d].Gain = w * (1 - m)
	}
	r.Next = r.StudyOrder()[0]
	half := z90 * math.Sqrt(variance)
	r.Mastery, r.Low, r.High = mean, clamp01(mean-half), clamp01(mean+half)
	r.Scaled, r.ScaledLow, r.ScaledHigh = p.Exam.Score(r.Mastery), p.Exam.Score(r.Low), p.Exam.Score(r.High)
	pass := p.Exam.Pass()
	// Enough answers that are mostly old say little about today.
	r.Stale = enough && effective < ReadinessMinAnswers/4
	switch {
	case !enough || r.Stale:
		r.Band = BandNotEnough
	case r.ScaledLow >= pass:
		r.Band = BandLikely
	case r.ScaledHigh < pass:
		r.Band = BandNotYet
	default:
		r.Band = BandBorderline
	}
	return r
}

// domainIndex returns the position of a domain in pack order, or -1. A linear scan beats a map for the
// handful of domains a pack has.
func (p *Pack) domainIndex(id string) int {
	for i := range p.Domains {
		if p.Domains[i].ID == id {
			return i
		}
	}
	return -1
}

// examWeights returns the domains' weights as shares summing to 1, in pack order. A pack whose weights
// are all zero (only possible when built by hand) counts every domain equally.
func (p *Pack) examWeights() []float64 {
	out := make([]float64, len(p.Domains))
	sum := 0
	for _, d := range p.Domains {
		sum += max(d.Weight, 0)
	}
	for i, d := range p.Domains {
		if sum == 0 {
			out[i] = 1 / float64(len(p.Domains))
		} else {
			out[i] = float64(max(d.Weight, 0)) / float64(sum)
		}
	}
	return out
}

func clamp01(x float64) float64 {
	return math.Min(1, math.Max(0, x))
}

// betaQuantile returns the x with I_x(a, b) = prob, for a, b ≥ 1, by Newton's method kept inside a
// shrinking bracket (a bisection step whenever Newton would leave it), which converges in a handful of
// steps where plain bisection would need some fifty evaluations of the incomplete beta function.
func betaQuantile(prob, a, b float64) float64 {
	if prob <= 0 {
		return 0
	}
	if prob >= 1 {
		return 1
	}
	lbeta := lgamma(a) + lgamma(b) - lgamma(a+b)
	lo, hi := 0.0, 1.0
	x := a / (a + b)
	for range 100 {
		f := betaInc(a, b, x, lbeta) - prob
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		pdf := math.Exp((a-1)*math.Log(x) + (b-1)*math.Log1p(-x) - lbeta)
		next := x - f/pdf
		if pdf == 0 || math.IsNaN(next) || next <= lo || next >= hi {
			next = (lo + hi) / 2
		}
		if math.Abs(next-x) < 1e-12 || hi-lo < 1e-12 {
			return next
		}
		x = next
	}
	return x
}

// betaInc is the regularized incomplete beta function I_x(a, b); lbeta is ln B(a, b). It uses the
// continued fraction on whichever side converges fast (Numerical Recipes §6.4).
func betaInc(a, b, x, lbeta float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	front := math.Exp(a*math.Log(x) + b*math.Log1p(-x) - lbeta)
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

// betaCF evaluates the incomplete beta function's continued fraction by the modified Lentz method. It
// needs O(√max(a, b)) terms, so the cap of 1,000 covers weighted counts in the hundreds of thousands.
func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	// step takes one coefficient of the fraction into Lentz's c and d and returns the factor for h.
	step := func(aa float64) float64 {
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		return d * c
	}
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		m2 := 2 * fm
		h *= step(fm * (b - fm) * x / ((qam + m2) * (a + m2)))
		del := step(-(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2)))
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
