package quiz

// This file implements FSRS-6, the Free Spaced Repetition Scheduler that Anki uses, from its public
// description (the FSRS wiki's "The Algorithm") and checked against the reference implementations'
// published tests (fsrs-rs, py-fsrs, ts-fsrs); see fsrs_test.go for the numbers and their sources.
//
// Where the references differ, this file follows fsrs-rs, the implementation inside Anki, because the
// default weights were fitted with that model:
//   - A same-day Hard never lowers stability (fsrs-rs and ts-fsrs floor the short-term growth at 1
//     for Hard, Good and Easy; the wiki and py-fsrs floor it for Good and Easy only).
//   - Stability stays within [0.001, 36500] days (py-fsrs bounds it only from below).
//
// Unlike the reference schedulers, there are no learning steps and no fuzz: every review schedules the
// card whole days ahead from its stability alone, so a card's history always gives the same schedule.

import (
	"math"
	"time"
)

// Rating is how a review went: wrong = Again, right = Good, right but guessed = Hard.
// Easy is for an answer that came at once and with certainty.
type Rating int8

const (
	// Again means the learner got the question wrong.
	Again Rating = 1
	// Hard means the learner got the question right but guessed or struggled.
	Hard Rating = 2
	// Good means the learner got the question right.
	Good Rating = 3
	// Easy means the learner got the question right at once and without doubt.
	Easy Rating = 4
)

// Card is one learner's memory of one question.
type Card struct {
	// Stability is the number of days until retrievability falls to 90 %.
	Stability float64
	// Difficulty is how hard the question is for this learner, from 1 (easy) to 10 (hard).
	Difficulty float64
	// Reps is the number of reviews so far; 0 means a new card that was never reviewed.
	Reps int
	// Lapses is the number of times the card was rated Again after its first review.
	Lapses int
	// LastReview is when the card was last reviewed; it is zero for a new card.
	LastReview time.Time
	// Due is when the next review is due.
	Due time.Time
}

// FSRS holds the scheduler's parameters. The zero value is not usable; start from DefaultFSRS.
type FSRS struct {
	// W holds the 21 FSRS-6 weights w0..w20: w0..w3 are the first stabilities for Again..Easy,
	// w4..w7 shape difficulty, w8..w10 the growth after a recall, w11..w14 the stability after a
	// lapse, w15 and w16 the Hard penalty and Easy bonus, w17..w19 same-day reviews, and w20 the
	// decay of the forgetting curve.
	W [21]float64
	// DesiredRetention is the probability of recall, in (0, 1), at which a card falls due; 0.9 by default.
	DesiredRetention float64
	// MaxInterval is the longest interval in days; 36500 by default.
	MaxInterval int
}

// defaultWeights are FSRS-6's default weights, as fsrs-rs, py-fsrs and ts-fsrs ship them.
var defaultWeights = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, // w0..w3: first stability for Again, Hard, Good, Easy
	6.4133, 0.8334, 3.0194, 0.001, // w4..w7: difficulty
	1.8722, 0.1666, 0.796, // w8..w10: stability after a recall
	1.4835, 0.0614, 0.2629, 1.6483, // w11..w14: stability after a lapse
	0.6014, 1.8729, // w15, w16: Hard penalty, Easy bonus
	0.5425, 0.0912, 0.0658, // w17..w19: same-day reviews
	0.1542, // w20: decay
}

// The bounds fsrs-rs keeps memory states in.
const (
	minStability  = 0.001
	maxStability  = 36500
	minDifficulty = 1
	maxDifficulty = 10
)

const day = 24 * time.Hour

// DefaultFSRS returns a scheduler with FSRS-6's default weights, a desired retention of 0.9 and a
// maximum interval of 36500 days.
func DefaultFSRS() FSRS {
	return FSRS{W: defaultWeights, DesiredRetention: 0.9, MaxInterval: 36500}
}

// Review returns the card after a review rated r at now. A new card (Reps == 0) gets its first
// stability and difficulty from the rating. Otherwise the elapsed time since LastReview is measured in
// fractional days: a review less than a day after the last one uses the same-day formula, a later one
// the recall formula (Hard, Good, Easy) or the lapse formula (Again). The card falls due
// Interval(stability) whole days of 24 hours after now, so at least a day later even after Again.
// A rating outside Again..Easy counts as the nearest valid rating.
func (f FSRS) Review(c Card, r Rating, now time.Time) Card {
	r = min(max(r, Again), Easy)
	next := c
	if c.Reps <= 0 {
		next.Reps = 0
		next.Stability = f.initialStability(r)
		next.Difficulty = clamp(f.initialDifficulty(r), minDifficulty, maxDifficulty)
	} else {
		// A stored state may be out of range (hand-edited, or written by another version):
		// bring it back into range rather than let NaN or a zero division spread.
		s := clamp(c.Stability, minStability, maxStability)
		d := clamp(c.Difficulty, minDifficulty, maxDifficulty)
		t := elapsedDays(c.LastReview, now)
		switch {
		case t < 1:
			next.Stability = f.sameDayStability(s, r)
		case r == Again:
			next.Stability = f.lapseStability(d, s, f.forgettingCurve(t, s))
		default:
			next.Stability = f.recallStability(d, s, f.forgettingCurve(t, s), r)
		}
		next.Difficulty = f.nextDifficulty(d, r)
		if r == Again {
			next.Lapses++
		}
	}
	next.Stability = clamp(next.Stability, minStability, maxStability)
	next.Reps++
	next.LastReview = now
	next.Due = addDays(now, f.Interval(next.Stability))
	return next
}

// Retrievability returns the probability that the learner recalls the card at now: 1 for a card
// reviewed at now, 0.9 once Stability days have passed, and 0 for a new card, which holds no memory yet.
// Like Review, it measures elapsed time in fractional days.
func (f FSRS) Retrievability(c Card, now time.Time) float64 {
	if c.Reps <= 0 {
		return 0
	}
	return f.forgettingCurve(elapsedDays(c.LastReview, now), clamp(c.Stability, minStability, maxStability))
}

// Interval returns the next interval in whole days for a stability: the time until retrievability falls
// to DesiredRetention, rounded to the nearest day, at least 1 and at most MaxInterval.
func (f FSRS) Interval(stability float64) int {
	decay := f.W[20]
	days := math.Round(stability / f.factor() * (math.Pow(f.DesiredRetention, -1/decay) - 1))
	// The negated test also catches NaN, from weights or a retention out of range.
	if !(days >= 1) || f.MaxInterval < 1 {
		return 1
	}
	if days > float64(f.MaxInterval) {
		return f.MaxInterval
	}
	return int(days)
}

// factor scales time in the forgetting curve so that retrievability is exactly 0.9 after Stability
// days, whatever the decay.
func (f FSRS) factor() float64 {
	return math.Pow(0.9, -1/f.W[20]) - 1
}

// forgettingCurve is FSRS-6's power-law forgetting curve R(t, S) = (1 + factor·t/S)^-w20.
func (f FSRS) forgettingCurve(t, s float64) float64 {
	return math.Pow(1+f.factor()*t/s, -f.W[20])
}

// initialStability is S0(G) = w[G-1].
func (f FSRS) initialStability(r Rating) float64 {
	return f.W[r-1]
}

// initialDifficulty is D0(G) = w4 - e^(w5·(G-1)) + 1, unclamped: mean reversion pulls towards
// D0(Easy), which is below 1 with the default weights, and the references use that raw value there.
func (f FSRS) initialDifficulty(r Rating) float64 {
	return f.W[4] - math.Exp(f.W[5]*float64(r-1)) + 1
}

// nextDifficulty moves difficulty by -w6·(G-3), damped linearly so it approaches 10 ever more slowly,
// then reverts it by the weight w7 towards D0(Easy) so that easy ratings can bring it back down.
func (f FSRS) nextDifficulty(d float64, r Rating) float64 {
	delta := -f.W[6] * float64(r-3)
	damped := d + delta*(10-d)/9
	reverted := f.W[7]*f.initialDifficulty(Easy) + (1-f.W[7])*damped
	return clamp(reverted, minDifficulty, maxDifficulty)
}

// recallStability is the stability after a successful review at least a day after the last one.
// It grows less for hard items (11-D), for already stable memories (S^-w9) and for reviews made while
// recall was still likely (e^(w10·(1-R)) - 1).
func (f FSRS) recallStability(d, s, retrievability float64, r Rating) float64 {
	w := &f.W
	bonus := 1.0
	switch r {
	case Hard:
		bonus = w[15]
	case Easy:
		bonus = w[16]
	}
	growth := math.Exp(w[8]) * (11 - d) * math.Pow(s, -w[9]) * (math.Exp(w[10]*(1-retrievability)) - 1)
	return s * (1 + growth*bonus)
}

// lapseStability is the stability after an Again at least a day after the last review. It is capped at
// S / e^(w17·w18) because a same-day Good multiplies stability by about e^(w17·w18): relearning the card
// at once must not leave it more stable than before it was forgotten.
func (f FSRS) lapseStability(d, s, retrievability float64) float64 {
	w := &f.W
	longTerm := w[11] * math.Pow(d, -w[12]) * (math.Pow(s+1, w[13]) - 1) * math.Exp(w[14]*(1-retrievability))
	return min(longTerm, s/math.Exp(w[17]*w[18]))
}

// sameDayStability is the stability after a review less than a day after the last one:
// S · e^(w17·(G-3+w18)) · S^-w19. The growth factor is floored at 1 for a recall (Hard, Good, Easy),
// as in fsrs-rs, since a correct answer should not make the memory less stable.
func (f FSRS) sameDayStability(s float64, r Rating) float64 {
	w := &f.W
	growth := math.Exp(w[17]*(float64(r)-3+w[18])) * math.Pow(s, -w[19])
	if r >= Hard {
		growth = max(growth, 1)
	}
	return s * growth
}

// elapsedDays is the time from last to now in fractional days. The bot has no notion of the learner's
// day boundary, so exact time is used instead of counting calendar days. A clock that went backwards
// counts as no time at all.
func elapsedDays(last, now time.Time) float64 {
	return max(now.Sub(last).Hours()/24, 0)
}

// addDays adds whole days of 24 hours. Days of exactly 24 hours, rather than calendar days, keep a
// review at its due time from counting as same-day across a daylight-saving change. The loop keeps
// each step within time.Duration's range of about 292 years when MaxInterval is set that high.
func addDays(t time.Time, days int) time.Time {
	const step = 36500
	for ; days > step; days -= step {
		t = t.Add(step * day)
	}
	return t.Add(time.Duration(days) * day)
}

// clamp bounds x to [lo, hi] and maps NaN to lo.
func clamp(x, lo, hi float64) float64 {
	if !(x >= lo) {
		return lo
	}
	return min(x, hi)
}
