package quiz

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Draft is a question as a member typed it into a form (/study question add): each field as typed, so that
// the form shown again holds exactly what was written, whatever is wrong with it.
type Draft struct {
	Stem    string // the question
	Options string // one option per line ("A) " and the like in front are allowed)
	Key     string // the letter of the right option
	// Explanation says why the key is right. Lines of it starting "Why not B:" (or "Why B:") say why an
	// option is wrong, and a line starting "Source:" says where the fact can be checked; both optional.
	Explanation string
	Domain      string // a domain of the pack, by id or name
}

// The fields of a draft's form, as DraftProblem names them.
const (
	FieldStem        = "stem"
	FieldOptions     = "options"
	FieldKey         = "key"
	FieldExplanation = "explanation"
	FieldDomain      = "domain"
)

// DraftProblem is one thing wrong with a draft, in the form field it is about.
type DraftProblem struct {
	Field   string
	Message string
}

// What a question written in chat records for the pack format's fields that its form does not ask for.
const (
	DraftObjective  = "chat" // the exam objective: a form does not ask for one
	DraftDifficulty = 2
	// NoSource is the source of a question whose author gave none: the pack format requires one.
	NoSource = "none given by the author"
	// FilledWhy stands for the why of a wrong option in a group's own pack where its author gave none but
	// another question of the pack has them: the pack format wants every question to have them or none.
	FilledWhy = "See the explanation."
)

var (
	optionLabel = regexp.MustCompile(`^\(?([A-Ha-h])[).:]\s+`)
	whyLine     = regexp.MustCompile(`(?i)^why(\s+not)?\s+\(?([a-h])\)?\s*[:\-]\s*(.*)$`)
	sourceLine  = regexp.MustCompile(`(?i)^source\s*:\s*(.*)$`)
)

// Question reads a draft as question id of pack p, written by author, and checks it: with the validator of
// `studybot pack validate` (on a pack of this one question, so every rule for a question of a pack file
// applies), and for what only a form gets wrong (a key that is no option's letter, a domain the pack does
// not have). Each problem names the form's field.
func (d Draft) Question(p *Pack, id, author string) (Question, []DraftProblem) {
	var problems []DraftProblem
	add := func(field, format string, args ...any) {
		problems = append(problems, DraftProblem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	q := Question{ID: id, Objective: DraftObjective, Difficulty: DraftDifficulty, Text: strings.TrimSpace(d.Stem), Author: author}
	q.Choices = draftOptions(d.Options)
	key := strings.Trim(strings.TrimSpace(d.Key), "()")
	if i, ok := ParseLetter(key); !ok || i >= len(q.Choices) {
		add(FieldKey, "The key is not the letter of an option: give %s", letterRange(len(q.Choices)))
		q.Answer = 0
	} else {
		q.Answer = i
	}
	var why map[int]string
	q.Explanation, q.Source, why = draftExplanation(d.Explanation)
	if len(why) > 0 {
		q.Why = make([]string, len(q.Choices))
		for i, w := range why {
			if i >= len(q.Choices) {
				add(FieldExplanation, "The explanation says why option %s is wrong, but there are only %d options", Letter(i), len(q.Choices))
				continue
			}
			q.Why[i] = w
		}
	}
	if q.Source == "" {
		q.Source = NoSource
	}
	dom, ok := p.FindDomain(d.Domain)
	if !ok {
		add(FieldDomain, "The domain is not one of this pack's: choose one of %s", strings.Join(p.DomainIDs(), ", "))
		dom = Domain{ID: "draft", Name: "draft"}
	}
	q.Domain = dom.ID
	one := &Pack{ID: "draft", Title: "draft", Version: 1, Domains: []Domain{{ID: dom.ID, Name: dom.Name, Weight: 100}}, Questions: []Question{q}}
	src, err := MarshalYAML(one)
	if err != nil {
		add(FieldStem, "cannot be read: %v", err)
		return q, problems
	}
	if _, err := Parse("draft", []byte(src)); err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			add(FieldStem, "cannot be read: %v", err)
			return q, problems
		}
		for _, pr := range ve.Problems {
			field, name := draftField(pr.Field)
			add(field, "%s %s", name, pr.Message)
		}
	}
	return q, problems
}

// draftOptions splits the options field into options, one a line, each without a label in front ("A) ",
// "b. ") when it carries its own letter.
func draftOptions(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if m := optionLabel.FindStringSubmatch(line); m != nil && strings.EqualFold(m[1], Letter(len(out))) {
			line = strings.TrimSpace(line[len(m[0]):])
		}
		out = append(out, line)
	}
	return out
}

// draftExplanation splits the explanation field into the explanation, the source and the whys by option.
func draftExplanation(s string) (expl, source string, why map[int]string) {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if m := sourceLine.FindStringSubmatch(line); m != nil {
			source = strings.TrimSpace(m[1])
			continue
		}
		if m := whyLine.FindStringSubmatch(line); m != nil {
			i, _ := ParseLetter(m[2])
			if why == nil {
				why = map[int]string{}
			}
			why[i] = strings.TrimSpace(m[3])
			continue
		}
		if line != "" {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n"), source, why
}

// draftField maps a pack file's field ("questions[0].choices[1]") to the form's field and how to name it.
func draftField(packField string) (field, name string) {
	f := strings.TrimPrefix(packField, "questions[0].")
	switch {
	case f == "question":
		return FieldStem, "The question"
	case strings.HasPrefix(f, "choices"):
		return FieldOptions, "The options" + optionIndex(f)
	case f == "answer":
		return FieldKey, "The key"
	case strings.HasPrefix(f, "why"):
		return FieldExplanation, "The why of each option" + optionIndex(f)
	case f == "source":
		return FieldExplanation, "The source"
	case f == "explanation":
		return FieldExplanation, "The explanation"
	case f == "domain":
		return FieldDomain, "The domain"
	}
	return FieldStem, packField
}

// optionIndex names the option of "choices[2]" (" (option C)"), or nothing.
func optionIndex(f string) string {
	if i := strings.IndexByte(f, '['); i >= 0 {
		var n int
		if _, err := fmt.Sscanf(f[i:], "[%d]", &n); err == nil {
			return " (option " + Letter(n) + ")"
		}
	}
	return ""
}

func letterRange(n int) string {
	if n < 2 {
		return "such as A or B"
	}
	return fmt.Sprintf("%s to %s", Letter(0), Letter(min(n, 4)-1))
}

// Cue is a give-away that content/item-writing.md names, found in a question: the rule and how to fix it.
type Cue struct {
	Rule   string
	Advice string
}

// RepeatThreshold is the word overlap at or above which two options say nearly the same thing.
const RepeatThreshold = 0.8

// Cues checks a question for the mechanical give-aways of item-writing.md that a pack's lint counts (an
// absolute word in a distractor alone, the key alone echoing the stem, the key much the longest) and for
// options that repeat each other. They warn: a test-wise reader could find the key without the subject.
func Cues(q Question) []Cue {
	var out []Cue
	if absoluteInDistractorOnly(q) {
		out = append(out, Cue{Rule: "an absolute word in a distractor only (rule 4)",
			Advice: "words such as only, never, always, every, immediately mark an option as wrong: take them out, or use them in the key too"})
	}
	if keyAloneEchoes(q) {
		out = append(out, Cue{Rule: "the key alone echoes the stem (rule 3)",
			Advice: "only the key repeats a word of the question: repeat it in two or more options, or in none"})
	}
	if keyMuchLonger(q) {
		out = append(out, Cue{Rule: "the key is much the longest (rule 5)",
			Advice: "give the options similar length and detail"})
	}
	for i := range q.Choices {
		for j := i + 1; j < len(q.Choices); j++ {
			if Overlap(NormalizedWords(q.Choices[i]), NormalizedWords(q.Choices[j])) >= RepeatThreshold {
				out = append(out, Cue{Rule: fmt.Sprintf("options %s and %s repeat each other (rule 6)", Letter(i), Letter(j)),
					Advice: "two options that say nearly the same cannot both be right: make each one different"})
			}
		}
	}
	return out
}

// OwnPack returns the next version of a group's own pack, the questions its members wrote in chat: prev's
// questions (prev is nil for the first version) with q added (replacing one of the same id), under id and
// title. Its domains are those of base (the pack the group studies) that hold a question, with base's
// weights scaled to add up to 100, since the pack format asks every domain for questions. Where some
// questions say why their wrong options are wrong and others do not, the others get FilledWhy, as the pack
// format asks every question for whys or none. The pack is checked as `pack validate` checks a file, and
// returned with its source.
func OwnPack(base, prev *Pack, id, title string, q Question) (*Pack, string, error) {
	next := &Pack{ID: id, Title: title, Version: 1}
	var qs []Question
	if prev != nil {
		next.Version = prev.Version + 1
		for _, old := range prev.Questions {
			if old.ID != q.ID {
				qs = append(qs, old)
			}
		}
	}
	qs = append(qs, q)
	withWhy := slices.ContainsFunc(qs, func(q Question) bool { return q.Why != nil })
	for i := range qs {
		if withWhy && qs[i].Why == nil {
			qs[i].Why = make([]string, len(qs[i].Choices))
			for j := range qs[i].Why {
				if j != qs[i].Answer {
					qs[i].Why[j] = FilledWhy
				}
			}
		}
	}
	next.Questions = qs
	used := map[string]bool{}
	for _, q := range qs {
		used[q.Domain] = true
	}
	var doms []Domain
	for _, d := range base.Domains {
		if used[d.ID] {
			doms = append(doms, d)
			delete(used, d.ID)
		}
	}
	if prev != nil { // a domain base no longer has keeps its place from the last version
		for _, d := range prev.Domains {
			if used[d.ID] {
				doms = append(doms, d)
				delete(used, d.ID)
			}
		}
	}
	if len(used) > 0 {
		return nil, "", fmt.Errorf("own pack %s: question %s is in domain %s, which neither pack has", id, q.ID, q.Domain)
	}
	next.Domains = scaleWeights(doms)
	src, err := MarshalYAML(next)
	if err != nil {
		return nil, "", err
	}
	p, err := Parse(id, []byte(src))
	if err != nil {
		return nil, "", fmt.Errorf("own pack %s version %d: %w", id, next.Version, err)
	}
	return p, src, nil
}

// scaleWeights scales the domains' weights to add up to 100 (largest remainder), each at least 1.
func scaleWeights(doms []Domain) []Domain {
	out := slices.Clone(doms)
	total := 0
	for _, d := range out {
		total += max(d.Weight, 1)
	}
	if total == 0 {
		return out
	}
	type rem struct{ i, r int }
	var rems []rem
	sum := 0
	for i := range out {
		w := max(out[i].Weight, 1) * 100
		out[i].Weight = max(w/total, 1)
		sum += out[i].Weight
		rems = append(rems, rem{i, w % total})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return b.r - a.r })
	for k := 0; sum < 100; k++ {
		out[rems[k%len(rems)].i].Weight++
		sum++
	}
	for sum > 100 { // the floor of 1 took more than the remainders had
		big := 0
		for i := range out {
			if out[i].Weight > out[big].Weight {
				big = i
			}
		}
		out[big].Weight--
		sum--
	}
	return out
}
