package quiz

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"
	"github.com/kljensen/snowball/english"
)

// The FAQ matcher's words: how a text becomes the terms it is matched on (stop words, synonyms, stems).

// stopWords carry no topic.
var stopWords = wordSet(`a an the and or but if of to in on at for with from by about as is are was were be
		been being am do does did doing have has had having i me my mine we our you your he she it its they them their
		this that these those there here what which who whom whose when where why how can could should would will shall
		may might must not no yes so than then too very just also any some all each every more most other such only own same
		into over under again further once up down out off get got go going want wanna know tell please thing things
		really ever much many lot lots like im i'm id ive worth good best great thank thanks hi hello hey year now
		whats cant dont doesnt isnt arent wasnt wont didnt couldnt shouldnt wouldnt youre theyre thats theres u ur pls
		plz lol even kinda sorta actually anyone someone anything something one years yrs yr two three four
		put kind kinds sort possible possibly find found toward towards since across whole explain around
		anyway maybe else etc via able already almost quite rather pretty bit usually always sometimes soon yet ok okay
		yeah yep guys folks somebody everyone everybody anybody stuff basically literally honestly seriously exactly
		probably definitely seem seems`)

// clippings are shortened forms of general English words that chat writers use, read as the full word's
// stem. They are not about any subject; a pack's own vocabulary belongs in its synonyms.
var clippings = map[string]string{"cert": "certif", "certs": "certif", "info": "inform", "diff": "differ"}

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Tokens turns text into the stemmed, lower-case terms the matcher compares, dropping stop words, so that
// "retire", "retired" and "retirement" are one term. It applies no pack's synonyms.
func Tokens(text string) []string {
	return analyzer{}.terms(text)
}

// analyzer turns text into terms, reading a pack's synonyms as their words.
type analyzer struct {
	canon   map[string]string   // the stem of a one-word variant → the stem of its word
	phrases map[string][]phrase // a multi-word variant, by its first word
}

// phrase is a multi-word variant: the lower-case words as typed, and the term they stand for.
type phrase struct {
	words []string
	term  string
}

// newAnalyzer compiles a pack's synonym groups. When two groups claim variants with the same stem, the
// first group wins.
func newAnalyzer(groups []Synonyms) analyzer {
	a := analyzer{canon: map[string]string{}, phrases: map[string][]phrase{}}
	for _, g := range groups {
		word := stem(g.Word)
		if word == "" {
			continue
		}
		for _, v := range g.Variants {
			ws := words(v)
			switch len(ws) {
			case 0:
			case 1:
				if s := stem(ws[0]); s != "" && s != word {
					if _, taken := a.canon[s]; !taken {
						a.canon[s] = word
					}
				}
			default:
				a.phrases[ws[0]] = append(a.phrases[ws[0]], phrase{ws, word})
			}
		}
	}
	return a
}

// terms turns text into terms: words, with multi-word variants replaced by their word, stop words
// dropped, stemmed, and one-word variants read as their word.
func (a analyzer) terms(text string) []string {
	ws := words(text)
	out := make([]string, 0, len(ws))
	for i := 0; i < len(ws); i++ {
		if term, n := a.phraseAt(ws, i); n > 0 {
			out = append(out, term)
			i += n - 1
			continue
		}
		w := ws[i]
		if w == upperIT {
			out = append(out, a.canonical("it"))
			continue
		}
		if stopWords[w] || strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "'ll") || strings.HasSuffix(w, "'m") ||
			strings.HasSuffix(w, "'ve") || strings.HasSuffix(w, "'re") || strings.HasSuffix(w, "'d") {
			continue
		}
		if s := stem(w); s != "" && !stopWords[s] {
			out = append(out, a.canonical(s))
		}
	}
	return out
}

func (a analyzer) canonical(s string) string {
	if c, ok := a.canon[s]; ok {
		return c
	}
	return s
}

// phraseAt reports the term of the longest multi-word variant starting at ws[i], and its length in words.
func (a analyzer) phraseAt(ws []string, i int) (string, int) {
	term, n := "", 0
	first := ws[i]
	if first == upperIT {
		first = "it"
	}
	for _, p := range a.phrases[first] {
		if len(p.words) > n && i+len(p.words) <= len(ws) && equalWords(ws[i:i+len(p.words)], p.words) {
			term, n = p.term, len(p.words)
		}
	}
	return term, n
}

// equalWords compares a text's words with a variant's; "IT" in capitals matches "it".
func equalWords(text, variant []string) bool {
	for i := range text {
		if text[i] != variant[i] && !(text[i] == upperIT && variant[i] == "it") {
			return false
		}
	}
	return true
}

// upperIT is how words spells "IT" written in capitals: information technology, not the pronoun.
const upperIT = "IT"

// words splits text into lower-case words. A word is a run of letters, digits and apostrophes; "+" right
// after a word is spelt out ("A+" is "aplus", "C++" "cplusplus") because it names something else than
// the bare word; a single letter joined by a hyphen stays one word ("e-mail", "x-ray"); possessive 's is
// dropped. "IT" in capitals is kept as upperIT.
func words(text string) []string {
	var out []string
	rs := []rune(foldAccents.Replace(text))
	end := func(i int) int { // the end of the run of word runes starting at i
		for i < len(rs) && isWordRune(rs[i]) {
			i++
		}
		return i
	}
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := end(i)
		raw := string(rs[i:j])
		if j-i == 1 && j+1 < len(rs) && rs[j] == '-' && unicode.IsLetter(rs[j+1]) {
			k := end(j + 1) // "e-mail": the letter and the word after the hyphen are one word
			raw += string(rs[j+1 : k])
			j = k
		}
		w := strings.ToLower(raw)
		for ; j < len(rs) && rs[j] == '+'; j++ {
			w += "plus"
		}
		i = j
		w = strings.TrimSuffix(strings.Trim(w, "'"), "'s")
		switch {
		case w == "":
		case raw == "IT":
			out = append(out, upperIT)
		default:
			out = append(out, w)
		}
	}
	return out
}

// foldAccents spells accented Latin letters without their accent, since learners type "resume" for
// "résumé", and the typographic apostrophe as a plain one.
var foldAccents = strings.NewReplacer("’", "'", "é", "e", "è", "e", "ê", "e", "ë", "e", "á", "a", "à", "a", "â", "a",
	"ä", "a", "í", "i", "ï", "i", "î", "i", "ó", "o", "ô", "o", "ö", "o", "ú", "u", "ü", "u", "û", "u", "ç", "c", "ñ", "n",
	"É", "E")

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' }

// stem reduces a lower-case word to its stem. Words of one family that the Porter stemmer leaves apart
// are joined: "certified" (certifi) with "certificate" (certif), and clipped forms with their full word.
func stem(w string) string {
	if c, ok := clippings[w]; ok {
		return c
	}
	s := english.Stem(w, false)
	if strings.HasSuffix(s, "ifi") {
		s = strings.TrimSuffix(s, "i")
	}
	return s
}

// How an ask becomes the terms it is matched on, beyond the words: names, commands, clock times, slips.

// slashPhrasing is an entry's phrasing written as a slash command, in lower case.
type slashPhrasing struct {
	text  string
	entry int
}

// named returns the entry whose slash command the question names ("what does /study review do"), the
// longest such command where one is part of another ("/study pack use" over "/study pack").
func (ix *FAQ) named(question string) (int, bool) {
	if !strings.Contains(question, "/") {
		return 0, false
	}
	q := strings.ToLower(question)
	for _, c := range ix.commands {
		for from := 0; ; {
			i := strings.Index(q[from:], c.text)
			if i < 0 {
				break
			}
			i += from
			end := i + len(c.text)
			if r, _ := utf8.DecodeRuneInString(q[end:]); end == len(q) || !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
				return c.entry, true
			}
			from = end
		}
	}
	return 0, false
}

// names is the set of terms of the words a question writes as names: with a capital letter after its
// first word ("CCNA", "Boston", "Pearson"), or with a "+" ("Cloud+").
func (ix *FAQ) names(question string) map[string]bool {
	out := map[string]bool{}
	for i, w := range strings.FieldsFunc(question, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '\''
	}) {
		if w == "I" || w == upperIT || !strings.Contains(w, "+") && (i == 0 || strings.IndexFunc(w, unicode.IsUpper) < 0) {
			continue
		}
		for _, t := range ix.analyzer.terms(w) {
			out[t] = true
		}
	}
	return out
}

// query turns a learner's question into terms. A number no entry uses is left out: "at 8", "in 2 weeks"
// say when or how many, not what the question is about, and as a term no entry uses it would weigh
// against every entry. A term no entry uses that is one slip of the keyboard from one that an entry
// does is read as that term ("schedual", "acuracy"), unless the learner wrote it as a name (names).
func (ix *FAQ) query(question string, names map[string]bool) []string {
	if strings.ContainsFunc(question, unicode.IsDigit) {
		question = clockTime.ReplaceAllString(question, " ")
	}
	terms := ix.analyzer.terms(question)
	out := terms[:0]
	for _, t := range terms {
		if _, known := ix.idf[t]; !known {
			if strings.IndexFunc(t, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
				continue // a number no entry uses
			}
			if !names[t] {
				if c, ok := ix.corrected(t); ok {
					t = c
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// clockTime matches a time of day in an ask ("at 7", "7am", "6:30 pm", "18:00"): it says when, not what
// the ask is about, though its number may be one an entry uses ("24/7").
var clockTime = regexp.MustCompile(`(?i)\b(?:(?:at|by|around|before|after|until)\s+\d{1,2}(?::\d\d)?(?:\s*[ap]\.?m\b\.?)?|\d{1,2}(?::\d\d)?\s*[ap]\.?m\b\.?|\d{1,2}:\d\d)`)

// typoLength is the length in runes from which a term no entry uses may be read as a slip of the keyboard:
// shorter words are too often other words one letter apart ("audio" and "audit").
const typoLength = 6

// corrected returns the term an entry uses that t is one slip of the keyboard away from (a letter added,
// dropped or changed, or two neighbours swapped), directly or through a synonym's spelling ("acuracy" is
// one slip from "accuracy", read as "stats"), when exactly one such term exists. Two words one slip apart
// share a form with at most one letter dropped from each, so the candidates are the spellings filed under
// t's forms in oneDropped.
func (ix *FAQ) corrected(t string) (string, bool) {
	if utf8.RuneCountInString(t) < typoLength {
		return "", false
	}
	found := ""
	for _, d := range dropOne(t) {
		for _, s := range ix.oneDropped[d] {
			if s.term == found || edlib.OSADamerauLevenshteinDistance(t, s.form) != 1 {
				continue
			}
			if found != "" {
				return "", false
			}
			found = s.term
		}
	}
	return found, found != ""
}

// spelling is a way an entry's term is written: the term itself, or the stem of a synonym read as it.
type spelling struct {
	form, term string
}

// dropOne is a word and each of its forms with one letter dropped.
func dropOne(w string) []string {
	rs := []rune(w)
	out := []string{w}
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}
