// Package quiz is the subject matter of studybot: content packs of questions and FAQ entries, how they are
// loaded and validated, how the next question for a channel is chosen, how answers are graded and how a
// learner's free-text question is matched to an FAQ entry. It knows nothing of chat platforms or storage.
package quiz

import (
	"fmt"
	"strings"
)

// Pack is a validated content pack.
type Pack struct {
	ID      string
	Title   string
	Version int
	// Exam is the exam the pack prepares for: its block, or DefaultExam where the pack states none.
	Exam      Exam
	Domains   []Domain
	Questions []Question
	// Flashcards are self-graded cards (front and back), reviewed on the same schedule as questions but
	// never posted as scored daily questions.
	Flashcards []Flashcard
	FAQ        []FAQEntry
	// FAQNone are asks near the pack's topics that no FAQ entry answers (another exam's pass mark, where
	// to sit the test): the FAQ matcher gives no confident answer to an ask closest to one of them.
	FAQNone []string
	// FAQAsks are members' asks in their own words, each labelled with the FAQ entry that answers it or
	// NoEntry: the FAQ learns from them which words members use for each entry.
	FAQAsks []Example
	// Synonyms teach the FAQ matcher the words of this pack's learners: each group's variants are read as
	// its word ("salary", "wage" and "earn" as "pay").
	Synonyms []Synonyms

	byID     map[string]int
	byDomain map[string][]int
	// cardByID and cardsByDomain index Flashcards as byID and byDomain index Questions.
	cardByID      map[string]int
	cardsByDomain map[string][]int
}

// Domain is an exam domain with its weight in percent.
type Domain struct {
	ID     string
	Name   string
	Weight int
}

// Question is one multiple-choice question.
type Question struct {
	ID         string
	Domain     string
	Objective  string
	Difficulty int
	Text       string
	Choices    []string
	Answer     int
	// Why says, parallel to Choices, why each wrong option is wrong (what it is, or where it applies); the
	// key's entry is empty or points to the explanation. Nil in a pack that does not use it.
	Why         []string
	Explanation string
	Source      string
	// Author is the member who wrote the question in chat (/study question add), credited in the reveal;
	// empty for a question written in a pack file.
	Author string
}

// Flashcard is a front (a term, a prompt) and a back (its definition, the answer) that a learner grades
// themselves: "I knew it" or "I didn't".
type Flashcard struct {
	ID     string
	Domain string
	Front  string
	Back   string
	Source string
}

// WhyWrong returns why choice i is wrong, or "" when the pack does not say (or i is the key).
func (q Question) WhyWrong(i int) string {
	if i == q.Answer || i < 0 || i >= len(q.Why) {
		return ""
	}
	return q.Why[i]
}

// Synonyms is one group of words the FAQ matcher reads as the same.
type Synonyms struct {
	Word     string
	Variants []string
}

// FAQEntry is one career or usage question with its answer.
type FAQEntry struct {
	ID       string
	Question string
	Also     []string
	Answer   string
	Links    []string
}

// Letters are the labels of choices, in order.
const Letters = "ABCDEFGH"

// Letter returns the label of choice i ("A" for 0).
func Letter(i int) string {
	if i < 0 || i >= len(Letters) {
		return "?"
	}
	return Letters[i : i+1]
}

// ParseLetter turns "B" or "b" into 1. It reports false for anything else.
func ParseLetter(s string) (int, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	if len(s) != 1 {
		return 0, false
	}
	i := strings.IndexByte(Letters, s[0])
	return i, i >= 0
}

// Grade reports whether choice is the correct answer.
func (q Question) Grade(choice int) bool { return choice == q.Answer }

// Question returns the question with the given id.
func (p *Pack) Question(id string) (Question, bool) {
	i, ok := p.byID[id]
	if !ok {
		return Question{}, false
	}
	return p.Questions[i], true
}

// Flashcard returns the flashcard with the given id. Cards and questions share one set of ids in a pack,
// so an id is never both.
func (p *Pack) Flashcard(id string) (Flashcard, bool) {
	i, ok := p.cardByID[id]
	if !ok {
		return Flashcard{}, false
	}
	return p.Flashcards[i], true
}

// Domain returns the domain with the given id.
func (p *Pack) Domain(id string) (Domain, bool) {
	for _, d := range p.Domains {
		if d.ID == id {
			return d, true
		}
	}
	return Domain{}, false
}

// FindDomain resolves what a user typed (an id, a name, or a unique prefix of either) to a domain.
func (p *Pack) FindDomain(s string) (Domain, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Domain{}, false
	}
	var found []Domain
	for _, d := range p.Domains {
		id, name := strings.ToLower(d.ID), strings.ToLower(d.Name)
		if s == id || s == name {
			return d, true
		}
		if strings.HasPrefix(id, s) || strings.HasPrefix(name, s) {
			found = append(found, d)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return Domain{}, false
}

// DomainIDs lists the ids of the pack's domains in pack order.
func (p *Pack) DomainIDs() []string {
	ids := make([]string, len(p.Domains))
	for i, d := range p.Domains {
		ids[i] = d.ID
	}
	return ids
}

// QuestionsIn returns the questions of one domain in pack order.
func (p *Pack) QuestionsIn(domain string) []Question {
	idx := p.byDomain[domain]
	qs := make([]Question, len(idx))
	for i, j := range idx {
		qs[i] = p.Questions[j]
	}
	return qs
}

func (p *Pack) index() {
	p.byID = make(map[string]int, len(p.Questions))
	p.byDomain = make(map[string][]int, len(p.Domains))
	for i, q := range p.Questions {
		p.byID[q.ID] = i
		p.byDomain[q.Domain] = append(p.byDomain[q.Domain], i)
	}
	p.cardByID = make(map[string]int, len(p.Flashcards))
	p.cardsByDomain = make(map[string][]int, len(p.Domains))
	for i, c := range p.Flashcards {
		p.cardByID[c.ID] = i
		p.cardsByDomain[c.Domain] = append(p.cardsByDomain[c.Domain], i)
	}
}

// Problem is one thing wrong with a pack file, located by file, line and field.
type Problem struct {
	File    string
	Line    int
	Field   string
	Message string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Message)
}

// ValidationError holds every problem found in a pack. A pack with any problem is never loaded.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s):\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Merge is one pack of the questions and domains of several, for views across them (a group whose
// channels use different packs): the first pack's domain or question wins an id two share. Its exam is the
// first pack's; it is for reading, not for drawing exams.
func Merge(packs ...*Pack) *Pack {
	if len(packs) == 1 {
		return packs[0]
	}
	m := &Pack{ID: "merged", Title: "merged"}
	seenD, seenQ := map[string]bool{}, map[string]bool{}
	for i, p := range packs {
		if i == 0 {
			m.Exam = p.Exam
		}
		for _, d := range p.Domains {
			if !seenD[d.ID] {
				seenD[d.ID] = true
				m.Domains = append(m.Domains, d)
			}
		}
		for _, q := range p.Questions {
			if !seenQ[q.ID] {
				seenQ[q.ID] = true
				m.Questions = append(m.Questions, q)
			}
		}
	}
	m.index()
	return m
}
