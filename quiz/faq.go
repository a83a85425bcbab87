package quiz

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// FAQMatch is the answer to a learner's question: the best entry and up to two related ones. Best is nil
// when nothing scored above the threshold.
type FAQMatch struct {
	Best    *FAQEntry
	Score   float64
	Related []FAQEntry
}

// faqThreshold is the score under which a question is said to match nothing. It was tuned on the
// paraphrase and off-topic tables in the tests.
const faqThreshold = 0.2

// synonyms maps words learners use to the word the FAQ entries tend to use, after stemming.
var synonyms = map[string]string{
	"cert": "certif", "certifi": "certif", "certs": "certif", "credenti": "certif", "credential": "certif",
	"salari": "pay", "salary": "pay", "wage": "pay", "earn": "pay", "money": "pay", "paid": "pay", "incom": "pay",
	"discontinu": "retir", "retir": "retir", "dead": "retir", "expir": "valid", "lapse": "valid",
	"nurs": "nurs", "rn": "nurs", "lpn": "nurs", "bedsid": "clinic", "clinician": "clinic", "clinic": "clinic",
	"job": "role", "career": "role", "posit": "role", "work": "work",
	"score": "point", "point": "point", "leaderboard": "leaderboard", "rank": "leaderboard",
	"schedul": "schedul", "daili": "daili", "everi": "", "mod": "moder", "admin": "moder",
	"place": "replac", "instead": "replac", "successor": "replac", "book": "take", "sit": "take", "regist": "take",
	"correct": "right", "wrong": "right", "renew": "valid", "lifetim": "valid", "gone": "retir",
	"switch": "chang", "move": "chang", "transit": "chang", "begin": "start", "tech": "itech", "technolog": "itech",
	"comput": "itech", "practis": "practic", "drill": "practic", "diploma": "degre", "icu": "clinic",
	"hl7": "hl7", "ehr": "ehr", "emr": "emr",
}

var itWord = regexp.MustCompile(`\bIT\b`)

// stopWords carry no topic.
var stopWords = wordSet(`a an the and or but if of to in on at for with from by about as is are was were be
		been being am do does did doing have has had having i me my mine we our you your he she it its they them their
		this that these those there here what which who whom whose when where why how can could should would will shall
		may might must not no yes so than then too very just also any some all each more most other such only own same
		into over under again further once up down out off get got go going want wanna know tell please thing things
		really ever much many lot lots like im i'm id ive worth good best great thank thanks hi hello hey year today now`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Tokens turns text into the stemmed, lower-case terms the matcher compares, dropping stop words, so that
// "retire", "retired" and "retirement" are one term.
func Tokens(text string) []string {
	// "IT" in capitals is information technology, not the pronoun.
	text = itWord.ReplaceAllString(text, " itech ")
	text = strings.ToLower(text)
	text = strings.NewReplacer("a+", " aplus ", "a plus", " aplus ", "c++", " cplusplus ", "e-prescrib", "eprescrib", "e-mail", "email").Replace(text)
	fields := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	out := fields[:0]
	for _, f := range fields {
		f = strings.Trim(f, "'")
		f = strings.TrimSuffix(f, "'s")
		if f == "" || stopWords[f] || strings.HasSuffix(f, "n't") || strings.HasSuffix(f, "'ll") || strings.HasSuffix(f, "'m") || strings.HasSuffix(f, "'ve") {
			continue
		}
		s := english.Stem(f, false)
		if syn, ok := synonyms[s]; ok {
			s = syn
		}
		if s == "" {
			continue
		}
		out = append(out, s)
	}
	return out
}

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

type phrasing struct {
	vec  vector
	norm float64
}

type faqDoc struct {
	phrasings []phrasing // the question and its "also" phrasings
	all       phrasing   // question, phrasings and answer together
	asked     map[string]bool
}

type faqIndex struct {
	entries []FAQEntry
	docs    []faqDoc
	idf     map[string]float64
}

func newFAQIndex(entries []FAQEntry) *faqIndex {
	ix := &faqIndex{entries: entries, idf: map[string]float64{}}
	df := map[string]int{}
	raw := make([][][]string, len(entries))
	answers := make([][]string, len(entries))
	for i, e := range entries {
		seen := map[string]bool{}
		texts := append([]string{e.Question}, e.Also...)
		for _, t := range texts {
			toks := Tokens(t)
			raw[i] = append(raw[i], toks)
			for _, tok := range toks {
				seen[tok] = true
			}
		}
		answers[i] = Tokens(e.Answer)
		for _, tok := range answers[i] {
			seen[tok] = true
		}
		for tok := range seen {
			df[tok]++
		}
	}
	n := float64(len(entries))
	for tok, d := range df {
		ix.idf[tok] = math.Log(1 + n/float64(d))
	}
	for i := range entries {
		var doc faqDoc
		all := vector{}
		doc.asked = map[string]bool{}
		for _, toks := range raw[i] {
			for _, t := range toks {
				doc.asked[t] = true
			}
			v := ix.weigh(toks)
			doc.phrasings = append(doc.phrasings, phrasing{v, v.norm()})
			for t, x := range v {
				all[t] += x
			}
		}
		for t, x := range ix.weigh(answers[i]) {
			all[t] += 0.5 * x
		}
		doc.all = phrasing{all, all.norm()}
		ix.docs = append(ix.docs, doc)
	}
	return ix
}

// weigh builds a tf-idf vector; a term the index has never seen weighs like the rarest term.
func (ix *faqIndex) weigh(toks []string) vector {
	v := vector{}
	for _, t := range toks {
		w, ok := ix.idf[t]
		if !ok {
			w = math.Log(1 + float64(len(ix.entries)))
		}
		v[t] += w
	}
	for t, x := range v {
		v[t] = x / math.Sqrt(float64(len(toks)))
	}
	return v
}

// scores rates each entry against the query. Half of the score is how much of the query's weight the
// entry explains (a word in the entry's question or phrasings counts fully, one only in its answer counts
// 0.6); the other half is how close the best phrasing and the entry as a whole are (cosine). An entry that
// shares only one word with a longer question, and that word not most of its weight, scores zero, so one
// shared word ("top" in "best pizza topping") does not make an off-topic question match.
func (ix *faqIndex) scores(q vector) []float64 {
	qn := q.norm()
	var qWeight float64
	for _, w := range q {
		qWeight += w
	}
	out := make([]float64, len(ix.docs))
	for i, d := range ix.docs {
		var covered float64
		matched := 0
		for t, w := range q {
			switch {
			case d.asked[t]:
				covered += w
				matched++
			case d.all.vec[t] > 0:
				covered += 0.6 * w
				matched++
			}
		}
		if matched == 0 || (matched < 2 && len(q) > 1 && covered < 0.6*qWeight) {
			continue // most entries share nothing with the question: skip the cosines
		}
		best := 0.0
		for _, p := range d.phrasings {
			if s := cosine(q, qn, p.vec, p.norm); s > best {
				best = s
			}
		}
		out[i] = 0.5*covered/qWeight + 0.5*(0.6*best+0.4*cosine(q, qn, d.all.vec, d.all.norm))
	}
	return out
}

// MatchFAQ finds the FAQ entry that best answers a learner's question, with up to two related entries.
func (p *Pack) MatchFAQ(question string) FAQMatch {
	ix := p.faqIndex
	if ix == nil || len(ix.entries) == 0 {
		return FAQMatch{}
	}
	toks := Tokens(question)
	if len(toks) == 0 {
		return FAQMatch{}
	}
	scores := ix.scores(ix.weigh(toks))
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	best := order[0]
	if scores[best] < faqThreshold {
		return FAQMatch{Score: scores[best]}
	}
	m := FAQMatch{Best: &ix.entries[best], Score: scores[best]}
	for _, j := range order[1:] {
		if len(m.Related) == 2 || scores[j] < faqThreshold/2 {
			break
		}
		m.Related = append(m.Related, ix.entries[j])
	}
	if len(m.Related) < 2 {
		// Fill with the entries closest in topic to the best one.
		bd := ix.docs[best].all
		type sim struct {
			i int
			s float64
		}
		var sims []sim
		for j, d := range ix.docs {
			if j == best || containsEntry(m.Related, ix.entries[j].ID) {
				continue
			}
			if s := cosine(bd.vec, bd.norm, d.all.vec, d.all.norm); s > 0.1 {
				sims = append(sims, sim{j, s})
			}
		}
		sort.SliceStable(sims, func(a, b int) bool { return sims[a].s > sims[b].s })
		for _, s := range sims {
			if len(m.Related) == 2 {
				break
			}
			m.Related = append(m.Related, ix.entries[s.i])
		}
	}
	return m
}

func containsEntry(list []FAQEntry, id string) bool {
	for _, e := range list {
		if e.ID == id {
			return true
		}
	}
	return false
}
