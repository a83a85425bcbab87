package quiz

import (
	"cmp"
	"hash/fnv"
	"slices"
	"time"
)

// Graded is one graded answer of a learner to a question, from any route (the daily question, practice, a
// review, a mock exam). Review cards are derived from these, never stored: a learner's card for a question
// is the replay of their graded answers to it.
type Graded struct {
	QuestionID string
	Correct    bool
	// Guessed marks a right answer the learner said they guessed; it rates Hard instead of Good.
	Guessed bool
	At      time.Time
}

// Rating is how the answer counts for the scheduler: wrong = Again, right = Good, right but guessed = Hard.
func (g Graded) Rating() Rating {
	switch {
	case !g.Correct:
		return Again
	case g.Guessed:
		return Hard
	}
	return Good
}

// Cards replays graded answers through f, in time order (answers at the same instant in the order given),
// and returns each question's card. The slice is sorted in place.
func (f FSRS) Cards(answers []Graded) map[string]Card {
	slices.SortStableFunc(answers, func(a, b Graded) int { return a.At.Compare(b.At) })
	cards := make(map[string]Card, len(answers)/2+1)
	for _, a := range answers {
		cards[a.QuestionID] = f.Review(cards[a.QuestionID], a.Rating(), a.At)
	}
	return cards
}

// PickKind says why a question was picked for review.
type PickKind int

// Pick kinds.
const (
	// PickDue is a card whose review is due.
	PickDue PickKind = iota + 1
	// PickNew is a question the learner has never answered.
	PickNew
	// PickAhead is the card due soonest, reviewed early because nothing is due and nothing new is left.
	PickAhead
)

// ReviewOptions shape what NextReview may pick.
type ReviewOptions struct {
	// Allowed limits the domains (empty: every domain).
	Allowed []string
	// Exclude holds questions never to pick (suspended or retired in the learner's group).
	Exclude map[string]bool
	// NewLimit is how many questions never answered may still be introduced; 0 or less: none.
	NewLimit int
	// NewOrder lists domain ids in the order new questions are taken from (the learner's weakest first);
	// domains it leaves out come after, in pack order. Empty: any allowed domain, picked pseudo-randomly.
	NewOrder []string
	// Ahead allows reviewing the card due soonest when nothing is due and nothing new may be picked.
	Ahead bool
	// Flashcards lets the pack's flashcards be picked beside its questions, on the same terms (due,
	// new within NewLimit, ahead); without it only questions are.
	Flashcards bool
	// Seed makes the choice among new questions reproducible.
	Seed string
}

// ReviewPick is NextReview's answer: a question, or with ReviewOptions.Flashcards a flashcard
// (IsFlashcard).
type ReviewPick struct {
	Question  Question
	Flashcard Flashcard
	Kind      PickKind
	Card      Card // the learner's card; the zero Card for a new question
}

// IsFlashcard reports whether the pick is a flashcard rather than a question.
func (r ReviewPick) IsFlashcard() bool { return r.Flashcard.ID != "" }

// ID is the id of the question or flashcard picked.
func (r ReviewPick) ID() string {
	if r.IsFlashcard() {
		return r.Flashcard.ID
	}
	return r.Question.ID
}

// reviewItem is a question (card < 0) or a flashcard (q < 0) that review may pick.
type reviewItem struct {
	id      string
	q, card int
}

// reviewItems lists what review may pick in a domain: its questions in pack order, then, with flashcards,
// its cards in pack order.
func (p *Pack) reviewItems(domain string, flashcards bool) []reviewItem {
	out := make([]reviewItem, 0, len(p.byDomain[domain]))
	for _, j := range p.byDomain[domain] {
		out = append(out, reviewItem{id: p.Questions[j].ID, q: j, card: -1})
	}
	if flashcards {
		for _, j := range p.cardsByDomain[domain] {
			out = append(out, reviewItem{id: p.Flashcards[j].ID, q: -1, card: j})
		}
	}
	return out
}

func (p *Pack) pickOf(it reviewItem, kind PickKind, c Card) ReviewPick {
	r := ReviewPick{Kind: kind, Card: c}
	if it.card >= 0 {
		r.Flashcard = p.Flashcards[it.card]
	} else {
		r.Question = p.Questions[it.q]
	}
	return r
}

// reviewDomains are the allowed domains that hold something review may pick.
func (p *Pack) reviewDomains(allowed []string, flashcards bool) []Domain {
	var out []Domain
	for _, d := range p.Domains {
		if len(p.byDomain[d.ID]) == 0 && (!flashcards || len(p.cardsByDomain[d.ID]) == 0) {
			continue
		}
		if len(allowed) > 0 && !contains(allowed, d.ID) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// NextReview chooses what a learner reviews next: the due card that is most overdue (the earliest Due;
// the question id breaks a tie), else a question they never answered (when o.NewLimit allows), else, with
// o.Ahead, the card due soonest. With o.Flashcards, the pack's flashcards are among the candidates of each
// step. It reports false when there is nothing to pick.
func (p *Pack) NextReview(cards map[string]Card, now time.Time, o ReviewOptions) (ReviewPick, bool) {
	domains := p.reviewDomains(o.Allowed, o.Flashcards)
	var due, ahead *reviewItem
	var dueCard, aheadCard Card
	for _, d := range domains {
		for _, it := range p.reviewItems(d.ID, o.Flashcards) {
			c, ok := cards[it.id]
			if !ok || o.Exclude[it.id] {
				continue
			}
			if !c.Due.After(now) {
				if due == nil || earlier(c, it.id, dueCard, due.id) {
					due, dueCard = &it, c
				}
			} else if ahead == nil || earlier(c, it.id, aheadCard, ahead.id) {
				ahead, aheadCard = &it, c
			}
		}
	}
	if due != nil {
		return p.pickOf(*due, PickDue, dueCard), true
	}
	if o.NewLimit > 0 {
		if it, ok := p.pickNew(domains, cards, o); ok {
			return p.pickOf(it, PickNew, Card{}), true
		}
	}
	if o.Ahead && ahead != nil {
		return p.pickOf(*ahead, PickAhead, aheadCard), true
	}
	return ReviewPick{}, false
}

func earlier(a Card, aID string, b Card, bID string) bool {
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(aID, bID)) < 0
}

// pickNew picks a question (or, with o.Flashcards, a card) never answered: from the first domain of
// o.NewOrder that has one, else from all allowed domains; pseudo-randomly from o.Seed within that set.
func (p *Pack) pickNew(domains []Domain, cards map[string]Card, o ReviewOptions) (reviewItem, bool) {
	fresh := func(ids []string) []reviewItem {
		var out []reviewItem
		for _, id := range ids {
			for _, it := range p.reviewItems(id, o.Flashcards) {
				if _, seen := cards[it.id]; !seen && !o.Exclude[it.id] {
					out = append(out, it)
				}
			}
		}
		return out
	}
	allowed := make([]string, len(domains))
	for i, d := range domains {
		allowed[i] = d.ID
	}
	var pool []reviewItem
	if len(o.NewOrder) > 0 {
		order := make([]string, 0, len(allowed))
		for _, id := range o.NewOrder {
			if slices.Contains(allowed, id) && !slices.Contains(order, id) {
				order = append(order, id)
			}
		}
		for _, id := range allowed {
			if !slices.Contains(order, id) {
				order = append(order, id)
			}
		}
		for _, id := range order {
			if pool = fresh([]string{id}); len(pool) > 0 {
				break
			}
		}
	} else {
		pool = fresh(allowed)
	}
	if len(pool) == 0 {
		return reviewItem{}, false
	}
	h := fnv.New64a()
	h.Write([]byte(o.Seed))
	return pool[h.Sum64()%uint64(len(pool))], true
}

// DueSummary says when the learner's next review falls due after now and how many cards fall due within a
// day from then (the size of that session), flashcards included. Cards of questions in exclude or no longer
// in the pack are left out; ok is false when no card is scheduled after now.
func (p *Pack) DueSummary(cards map[string]Card, exclude map[string]bool, now time.Time) (next time.Time, count int, ok bool) {
	for id, c := range cards {
		if !p.reviewable(id, exclude) || !c.Due.After(now) {
			continue
		}
		if !ok || c.Due.Before(next) {
			next, ok = c.Due, true
		}
	}
	if !ok {
		return time.Time{}, 0, false
	}
	end := next.Add(day)
	for id, c := range cards {
		if p.reviewable(id, exclude) && c.Due.After(now) && c.Due.Before(end) {
			count++
		}
	}
	return next, count, true
}

// DueCount returns how many cards are due at now, leaving out those DueSummary leaves out.
func (p *Pack) DueCount(cards map[string]Card, exclude map[string]bool, now time.Time) int {
	n := 0
	for id, c := range cards {
		if p.reviewable(id, exclude) && !c.Due.After(now) {
			n++
		}
	}
	return n
}

// reviewable reports whether id is a question or a flashcard of the pack, not excluded.
func (p *Pack) reviewable(id string, exclude map[string]bool) bool {
	_, q := p.byID[id]
	_, c := p.cardByID[id]
	return (q || c) && !exclude[id]
}

// StudyOrder lists the domains by what studying them may add to the exam-weighted mastery (Gain: weight ×
// (1 − Mastery)), the most first, pack order on a tie. It is the one rule for what to study next: readiness
// names its first, and review takes new questions in its order.
func (r Readiness) StudyOrder() []string {
	ds := slices.Clone(r.Domains)
	slices.SortStableFunc(ds, func(a, b DomainReadiness) int { return cmp.Compare(b.Gain, a.Gain) })
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Domain
	}
	return out
}
