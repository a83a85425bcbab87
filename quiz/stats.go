package quiz

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Stats are the figures that describe a pack's balance: what `studybot pack stats` prints and what the
// pack's tests hold to.
type Stats struct {
	Questions    int
	PerDomain    map[string]int
	PerObjective map[string]int
	Difficulty   map[int]int
	Positions    map[int]int // correct answers by position
	// LongestCorrect counts questions whose correct choice is the single longest one.
	LongestCorrect int
	// KeyEchoesStem lists the questions whose correct choice is the only one sharing a content word (five
	// letters or more, see contentWords) with the stem: a learner could find it without the subject.
	KeyEchoesStem []string
	// KeyMuchLonger lists the questions whose key is more than 1.5 times the mean length of the
	// distractors: length and detail mark the key.
	KeyMuchLonger []string
	// AbsoluteInDistractor lists the questions with an absolute word ("only", "never", "always"...) in a
	// distractor and not in the key: test-wise readers drop such options.
	AbsoluteInDistractor []string
	// WithoutWhy counts questions that do not say why their wrong options are wrong.
	WithoutWhy     int
	MaxExplanation int
	FAQ            int
	MinAlso        int
	NearDuplicates [][2]string
	pack           *Pack
}

var wordRE = regexp.MustCompile(`[a-z0-9]+`)

// NormalizedWords is the set of lower-case words of a text, for near-duplicate checks.
func NormalizedWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		out[w] = true
	}
	return out
}

// Overlap is the Jaccard overlap of two word sets: shared words over all words.
func Overlap(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// commonWords are words of five letters or more that say nothing about a question's subject.
var commonWords = wordSet(`which would their there these those about other after before should could being where
	while under first using because every given since still three never might again without within among whose
	often whole right wrong least most patient patients`)

// contentWords are a text's lower-case words of five letters or more, a plural "s" dropped, common words
// aside.
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if len(w) >= 5 && !commonWords[w] {
			out[strings.TrimSuffix(w, "s")] = true
		}
	}
	return out
}

// keyAloneEchoes reports whether the key is the only choice sharing a content word with the stem.
func keyAloneEchoes(q Question) bool {
	stem := contentWords(q.Text)
	sharing := -1
	for i, c := range q.Choices {
		for w := range contentWords(c) {
			if stem[w] {
				if sharing >= 0 {
					return false
				}
				sharing = i
				break
			}
		}
	}
	return sharing >= 0 && sharing == q.Answer
}

// absoluteWords are the absolutes item-writing.md names: in a distractor alone they mark it as wrong.
var absoluteWords = wordSet(`only never always every immediately permanently definitely`)

// hasAbsolute reports whether a text holds one of absoluteWords.
func hasAbsolute(s string) bool {
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if absoluteWords[w] {
			return true
		}
	}
	return false
}

// keyMuchLonger reports whether the key is more than 1.5 times the distractors' mean length (in runes).
func keyMuchLonger(q Question) bool {
	if len(q.Choices) < 2 || q.Answer < 0 || q.Answer >= len(q.Choices) {
		return false
	}
	sum := 0
	for i, c := range q.Choices {
		if i != q.Answer {
			sum += len([]rune(c))
		}
	}
	mean := float64(sum) / float64(len(q.Choices)-1)
	return float64(len([]rune(q.Choices[q.Answer]))) > 1.5*mean
}

// absoluteInDistractorOnly reports whether a distractor holds an absolute word the key does not.
func absoluteInDistractorOnly(q Question) bool {
	if q.Answer < 0 || q.Answer >= len(q.Choices) || hasAbsolute(q.Choices[q.Answer]) {
		return false
	}
	for i, c := range q.Choices {
		if i != q.Answer && hasAbsolute(c) {
			return true
		}
	}
	return false
}

// LintLimits are the mechanical limits of item-writing.md, as shares of a pack's questions. They are
// necessary, not sufficient: most cues are in meaning, which only a blind review finds.
var LintLimits = struct{ LongestKey, KeyMuchLonger, KeyEchoesStem, AbsoluteInDistractor float64 }{
	LongestKey: 0.25, KeyMuchLonger: 0.03, KeyEchoesStem: 0.03, AbsoluteInDistractor: 0.05,
}

// Lint returns one line per mechanical limit the pack exceeds; none means it passes.
func (s Stats) Lint() []string {
	var out []string
	check := func(name string, n int, limit float64) {
		if s.Questions > 0 && float64(n) > limit*float64(s.Questions) {
			out = append(out, fmt.Sprintf("%s: %d of %d questions (%s), over the limit of %.0f%%", name, n, s.Questions, pct(n, s.Questions), limit*100))
		}
	}
	check("key is the unique longest choice", s.LongestCorrect, LintLimits.LongestKey)
	check("key longer than 1.5x the mean distractor", len(s.KeyMuchLonger), LintLimits.KeyMuchLonger)
	check("key alone echoes the stem", len(s.KeyEchoesStem), LintLimits.KeyEchoesStem)
	check("absolute word in a distractor, not in the key", len(s.AbsoluteInDistractor), LintLimits.AbsoluteInDistractor)
	return out
}

// NearDuplicateThreshold is the overlap at or above which two questions count as near-duplicates.
const NearDuplicateThreshold = 0.8

// ComputeStats measures a pack.
func ComputeStats(p *Pack) Stats {
	s := Stats{Questions: len(p.Questions), PerDomain: map[string]int{}, PerObjective: map[string]int{},
		Difficulty: map[int]int{}, Positions: map[int]int{}, FAQ: len(p.FAQ), pack: p}
	words := make([]map[string]bool, len(p.Questions))
	for i, q := range p.Questions {
		s.PerDomain[q.Domain]++
		s.PerObjective[q.Objective]++
		s.Difficulty[q.Difficulty]++
		s.Positions[q.Answer]++
		longest, unique := 0, true
		for j, c := range q.Choices {
			switch n, m := len([]rune(c)), len([]rune(q.Choices[longest])); {
			case j == longest:
			case n > m:
				longest, unique = j, true
			case n == m:
				unique = false
			}
		}
		if unique && longest == q.Answer {
			s.LongestCorrect++
		}
		if keyAloneEchoes(q) {
			s.KeyEchoesStem = append(s.KeyEchoesStem, q.ID)
		}
		if keyMuchLonger(q) {
			s.KeyMuchLonger = append(s.KeyMuchLonger, q.ID)
		}
		if absoluteInDistractorOnly(q) {
			s.AbsoluteInDistractor = append(s.AbsoluteInDistractor, q.ID)
		}
		if q.Why == nil {
			s.WithoutWhy++
		}
		if n := len([]rune(q.Explanation)); n > s.MaxExplanation {
			s.MaxExplanation = n
		}
		words[i] = NormalizedWords(q.Text)
	}
	for i := range p.Questions {
		for j := i + 1; j < len(p.Questions); j++ {
			if Overlap(words[i], words[j]) >= NearDuplicateThreshold {
				s.NearDuplicates = append(s.NearDuplicates, [2]string{p.Questions[i].ID, p.Questions[j].ID})
			}
		}
	}
	s.MinAlso = -1
	for _, e := range p.FAQ {
		if s.MinAlso < 0 || len(e.Also) < s.MinAlso {
			s.MinAlso = len(e.Also)
		}
	}
	return s
}

func pct(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// String renders the figures as the text `studybot pack stats` prints.
func (s Stats) String() string {
	var b strings.Builder
	p := s.pack
	fmt.Fprintf(&b, "pack %s v%d: %s\n", p.ID, p.Version, p.Title)
	fmt.Fprintf(&b, "questions: %d\n\nper domain (count, share, weight):\n", s.Questions)
	for _, d := range p.Domains {
		fmt.Fprintf(&b, "  %-22s %4d  %6s  %3d%%\n", d.ID, s.PerDomain[d.ID], pct(s.PerDomain[d.ID], s.Questions), d.Weight)
	}
	b.WriteString("\nper objective:\n")
	objs := make([]string, 0, len(s.PerObjective))
	for o := range s.PerObjective {
		objs = append(objs, o)
	}
	sort.Slice(objs, func(i, j int) bool { return objectiveLess(objs[i], objs[j]) })
	for _, o := range objs {
		fmt.Fprintf(&b, "  %-6s %3d\n", o, s.PerObjective[o])
	}
	b.WriteString("\ndifficulty:\n")
	for _, d := range []int{1, 2, 3} {
		fmt.Fprintf(&b, "  %d %-6s %4d  %6s\n", d, []string{"", "easy", "medium", "hard"}[d], s.Difficulty[d], pct(s.Difficulty[d], s.Questions))
	}
	b.WriteString("\ncorrect answer position:\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "  %s %4d  %6s\n", Letter(i), s.Positions[i], pct(s.Positions[i], s.Questions))
	}
	fmt.Fprintf(&b, "\ncorrect choice is the longest: %d (%s)\n", s.LongestCorrect, pct(s.LongestCorrect, s.Questions))
	for _, c := range []struct {
		what string
		ids  []string
	}{
		{"correct choice alone echoes the stem", s.KeyEchoesStem},
		{"correct choice over 1.5x the mean distractor length", s.KeyMuchLonger},
		{"absolute word in a distractor and not in the key", s.AbsoluteInDistractor},
	} {
		fmt.Fprintf(&b, "%s: %d (%s)\n", c.what, len(c.ids), pct(len(c.ids), s.Questions))
		if len(c.ids) > 0 {
			fmt.Fprintf(&b, "  %s\n", strings.Join(c.ids, " "))
		}
	}
	if lint := s.Lint(); len(lint) > 0 {
		b.WriteString("over the item-writing limits (pack validate --lint fails):\n")
		for _, l := range lint {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	} else {
		b.WriteString("within the item-writing limits (pack validate --lint passes)\n")
	}
	fmt.Fprintf(&b, "questions without why for wrong choices: %d\n", s.WithoutWhy)
	fmt.Fprintf(&b, "longest explanation: %d characters\n", s.MaxExplanation)
	fmt.Fprintf(&b, "near-duplicate question pairs (>= %.0f%% word overlap): %d\n", NearDuplicateThreshold*100, len(s.NearDuplicates))
	for _, d := range s.NearDuplicates {
		fmt.Fprintf(&b, "  %s ~ %s\n", d[0], d[1])
	}
	fmt.Fprintf(&b, "FAQ entries: %d (fewest 'also' phrasings: %d)\n", s.FAQ, max(s.MinAlso, 0))
	return b.String()
}

// objectiveLess orders "1.2" before "1.10".
func objectiveLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var x, y int
		_, ex := fmt.Sscan(pa[i], &x)
		_, ey := fmt.Sscan(pb[i], &y)
		if ex != nil || ey != nil {
			if pa[i] != pb[i] {
				return pa[i] < pb[i]
			}
			continue
		}
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}
