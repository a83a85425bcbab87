package quiz

import (
	"hash/fnv"
	"sort"
	"time"
)

// Attempt is a learner's latest try at a question.
type Attempt struct {
	Correct bool
	At      time.Time
}

// RetryAfter is how long a missed question rests before practice brings it back.
const RetryAfter = time.Hour

// PickPractice chooses a practice question with a simple spaced repetition: first a question the learner
// missed at least RetryAfter ago (the oldest miss first), then one they have never tried (pseudo-random),
// then the one they got right longest ago. An empty allowed list means every domain.
func PickPractice(p *Pack, allowed []string, attempts map[string]Attempt, now time.Time, seed string) Question {
	var missed, fresh, known []Question
	for _, d := range p.allowedDomains(allowed) {
		for _, q := range p.QuestionsIn(d.ID) {
			a, tried := attempts[q.ID]
			switch {
			case !tried:
				fresh = append(fresh, q)
			case !a.Correct && now.Sub(a.At) >= RetryAfter:
				missed = append(missed, q)
			case a.Correct:
				known = append(known, q)
			}
		}
	}
	oldest := func(qs []Question) Question {
		sort.SliceStable(qs, func(i, j int) bool { return attempts[qs[i].ID].At.Before(attempts[qs[j].ID].At) })
		return qs[0]
	}
	switch {
	case len(missed) > 0:
		return oldest(missed)
	case len(fresh) > 0:
		h := fnv.New64a()
		h.Write([]byte(seed))
		h.Write([]byte(now.Format(time.RFC3339Nano)))
		return fresh[h.Sum64()%uint64(len(fresh))]
	case len(known) > 0:
		return oldest(known)
	}
	// Only recent misses remain: take the oldest of them.
	var recent []Question
	for _, d := range p.allowedDomains(allowed) {
		recent = append(recent, p.QuestionsIn(d.ID)...)
	}
	return oldest(recent)
}
