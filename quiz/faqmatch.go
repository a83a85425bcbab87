package quiz

import (
	"math"
	"sort"
	"strings"
)

// Match finds the entry that answers a learner's question. It weighs the classifier's chance for each
// entry (and for none) with how well the entry's words explain the question (scores), and answers only
// when one entry's chance is at least faqSure (faqSureWary for a Wary FAQ). Otherwise it offers up to three
// entries whose chance is at least faqOffer, best first, marked Unlikely when none's chance is at least
// faqQuiet. An ask naming a command's slash form gets that command; an ask of no terms, the entry it was
// learnt for word for word, if any (matchWordless).
func (ix *FAQ) Match(question string) FAQMatch {
	ix.ready()
	if len(ix.entries) == 0 {
		return FAQMatch{}
	}
	if i, ok := ix.named(question); ok {
		return FAQMatch{Best: &ix.entries[i], Score: 1, Related: ix.related(i)}
	}
	w, ok := ix.weighed(question)
	if !ok {
		return ix.matchWordless(question)
	}
	n := len(ix.entries)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return w.chance[order[a]] > w.chance[order[b]] })
	best := order[0]
	m := FAQMatch{Score: w.chance[best]}
	if w.chance[best] >= ix.sure && w.enough(ix.words[best], w.scores[best].coverage) {
		m.Best = &ix.entries[best]
		m.Related = ix.related(best)
		return m
	}
	m.Unlikely = w.chance[n] >= faqQuiet
	for _, i := range order[:min(3, n)] {
		if w.chance[i] >= faqOffer && w.shares(ix.words[i]) > 0 {
			m.Maybe = append(m.Maybe, ix.entries[i])
		}
	}
	return m
}

// matchWordless answers a question of no terms ("what can you do"): the entry it was written or labelled
// for, when the FAQ has learnt it word for word and for one entry only; else no match.
func (ix *FAQ) matchWordless(question string) FAQMatch {
	if c, ok := ix.wordless[wordlessKey(question)]; ok && c >= 0 && c < len(ix.entries) {
		return FAQMatch{Best: &ix.entries[c], Score: 1, Related: ix.related(c)}
	}
	return FAQMatch{}
}

// wordlessKey is a text's words (words: in lower case and in order, without punctuation): "What can you
// do?" and "what can you do" are the same ask.
func wordlessKey(text string) string {
	return strings.Join(words(text), " ")
}

// weighing is a question weighed against every entry.
type weighing struct {
	chance  []float64    // each entry's chance of answering it, then none's (chances)
	scores  []entryScore // each entry's score (FAQ.scores)
	q       vector       // the question's terms and their weights
	unknown bool         // whether it has a term no entry uses
}

// shares counts the question's terms among an entry's words.
func (w weighing) shares(words map[string]bool) int {
	n := 0
	for t := range w.q {
		if words[t] {
			n++
		}
	}
	return n
}

// enough reports whether an entry, of the given words and coverage (entryScore), shares enough of the
// question to be the answer: two terms; or the question's only term; or one term that is most of what the
// question says, the rest being words some entry uses ("streak" in "how does the streak work", but not
// "bread" in "who sells the best bread in Paris").
func (w weighing) enough(words map[string]bool, coverage float64) bool {
	return w.shares(words) >= 2 || len(w.q) == 1 || !w.unknown && coverage >= faqOneTerm
}

// weighed weighs a question against every entry; false for a question with no term. Each entry's chance
// is the classifier's, weighed with the entry's score (scoreWeight), and none's with the closest
// out-of-scope phrasing's (noneWeight), then made to sum to 1.
func (ix *FAQ) weighed(question string) (weighing, bool) {
	names := ix.names(question)
	terms := ix.query(question, names)
	if len(terms) == 0 {
		return weighing{}, false
	}
	q := ix.weigh(terms)
	unknown := false
	for t := range q {
		_, known := ix.idf[t]
		unknown = unknown || !known
		if names[t] && !known {
			q[t] *= namedBoost
		}
	}
	scores := ix.scores(q)
	n := len(ix.entries)
	none := 0.0 // the closest out-of-scope phrasing's score
	for _, s := range scores[n:] {
		none = math.Max(none, s.score)
	}
	p := make([]float64, n+1)
	ix.model.probs(ix.model.featurize(grams(terms, ix.asWritten(question)), false), p)
	for c := range p {
		w := noneWeight * none
		if c < n {
			w = scoreWeight * scores[c].score
		}
		p[c] = math.Log(p[c]+1e-12) + w
	}
	softmax(p)
	return weighing{chance: p, scores: scores[:n], q: q, unknown: unknown}, true
}

// related lists the entries close in topic to entry i.
func (ix *FAQ) related(i int) []FAQEntry {
	var out []FAQEntry
	for _, j := range ix.relatedTo[i] {
		out = append(out, ix.entries[j])
	}
	return out
}
