package quiz

import (
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits of what a pack may hold.
const (
	MaxExplanation = 400
	MaxFAQAnswer   = 1500
	MaxFAQNone     = 200
	MaxFAQAsk      = 500
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

var packIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// LoadFile reads and validates a pack file.
func LoadFile(path string) (*Pack, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read pack %s: %w", path, err)
	}
	return Parse(path, data)
}

// LoadFS reads and validates a pack from a file system (such as the embedded packs).
func LoadFS(fsys fs.FS, name string) (*Pack, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read pack %s: %w", name, err)
	}
	return Parse(name, data)
}

// Parse validates a pack's YAML. The file name is used only in problem reports. It returns a
// *ValidationError listing every problem when the pack is not valid.
func Parse(file string, data []byte) (*Pack, error) {
	v := &validator{file: file}
	root, ok := v.document(data, "pack")
	if !ok {
		return nil, v.err()
	}
	p := v.pack(root)
	if err := v.err(); err != nil {
		return nil, err
	}
	p.index()
	return p, nil
}

// document reads a YAML file's one document, reporting a syntax error with its line, or an empty file as
// a problem with what (the document's field name).
func (v *validator) document(data []byte, what string) (*yaml.Node, bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line := 1
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		v.add(line, "yaml", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, false
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		v.add(1, what, "the file is empty")
		return nil, false
	}
	return root.Content[0], true
}

type validator struct {
	file     string
	problems []Problem
}

func (v *validator) add(line int, field, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	sort.SliceStable(v.problems, func(i, j int) bool { return v.problems[i].Line < v.problems[j].Line })
	return &ValidationError{Problems: v.problems}
}

// fields walks a mapping node, reporting unknown and duplicate keys, and returns the value nodes by key.
func (v *validator) fields(n *yaml.Node, path string, known ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		v.add(n.Line, path, "must be a mapping of keys to values")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		field := name
		if path != "" {
			field = path + "." + name
		}
		switch {
		case !contains(known, name):
			v.add(k.Line, field, "unknown key (known keys: %s)", strings.Join(known, ", "))
		case out[name] != nil:
			v.add(k.Line, field, "key appears twice")
		default:
			out[name] = val
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (v *validator) str(m map[string]*yaml.Node, parent *yaml.Node, path, key string, required bool) (string, int) {
	n := m[key]
	field := path + key
	if n == nil {
		if required {
			v.add(parent.Line, field, "is missing")
		}
		return "", parent.Line
	}
	if n.Kind != yaml.ScalarNode {
		v.add(n.Line, field, "must be text")
		return "", n.Line
	}
	s := strings.TrimSpace(n.Value)
	if required && s == "" {
		v.add(n.Line, field, "is empty")
	}
	return s, n.Line
}

func (v *validator) integer(m map[string]*yaml.Node, parent *yaml.Node, path, key string) (int, int, bool) {
	n := m[key]
	field := path + key
	if n == nil {
		v.add(parent.Line, field, "is missing")
		return 0, parent.Line, false
	}
	i, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		v.add(n.Line, field, "must be a whole number, not %q", n.Value)
		return 0, n.Line, false
	}
	return i, n.Line, true
}

func (v *validator) list(m map[string]*yaml.Node, parent *yaml.Node, path, key string, required bool) []*yaml.Node {
	n := m[key]
	if n == nil {
		if required {
			v.add(parent.Line, path+key, "is missing")
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		v.add(n.Line, path+key, "must be a list")
		return nil
	}
	return n.Content
}

func (v *validator) strings(nodes []*yaml.Node, field string) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if n.Kind != yaml.ScalarNode {
			v.add(n.Line, field, "each item must be text")
			continue
		}
		out = append(out, strings.TrimSpace(n.Value))
	}
	return out
}

func (v *validator) pack(n *yaml.Node) *Pack {
	p := &Pack{}
	m := v.fields(n, "", "pack", "title", "version", "exam", "domains", "questions", "flashcards", "faq", "faq_none", "faq_asks", "synonyms")
	var line int
	p.ID, line = v.str(m, n, "", "pack", true)
	if p.ID != "" && !packIDPattern.MatchString(p.ID) {
		v.add(line, "pack", "id %q must be lowercase letters, digits and dashes", p.ID)
	}
	p.Title, _ = v.str(m, n, "", "title", true)
	if ver, line, ok := v.integer(m, n, "", "version"); ok {
		if ver < 1 {
			v.add(line, "version", "must be 1 or more")
		}
		p.Version = ver
	}

	domainNodes := v.list(m, n, "", "domains", true)
	if m["domains"] != nil && len(domainNodes) == 0 {
		v.add(m["domains"].Line, "domains", "needs at least one domain")
	}
	domains := map[string]bool{}
	total := 0
	for i, dn := range domainNodes {
		path := fmt.Sprintf("domains[%d].", i)
		dm := v.fields(dn, strings.TrimSuffix(path, "."), "id", "name", "weight")
		var d Domain
		var idLine int
		d.ID, idLine = v.str(dm, dn, path, "id", true)
		d.Name, _ = v.str(dm, dn, path, "name", true)
		if w, line, ok := v.integer(dm, dn, path, "weight"); ok {
			if w <= 0 || w > 100 {
				v.add(line, path+"weight", "must be between 1 and 100, not %d", w)
			}
			d.Weight = w
			total += w
		}
		if d.ID != "" {
			if !packIDPattern.MatchString(d.ID) {
				v.add(idLine, path+"id", "id %q must be lowercase letters, digits and dashes", d.ID)
			}
			if domains[d.ID] {
				v.add(idLine, path+"id", "duplicate domain id %q", d.ID)
			}
			domains[d.ID] = true
		}
		p.Domains = append(p.Domains, d)
	}
	if len(domainNodes) > 0 && total != 100 {
		v.add(m["domains"].Line, "domains", "weights add up to %d, not 100", total)
	}

	// A pack holds questions, flashcards or both.
	qNodes := v.list(m, n, "", "questions", m["flashcards"] == nil)
	if m["questions"] != nil && len(qNodes) == 0 {
		v.add(m["questions"].Line, "questions", "needs at least one question")
	}
	ids := map[string]int{}
	for i, qn := range qNodes {
		p.Questions = append(p.Questions, v.question(qn, i, domains, ids))
	}
	cardNodes := v.list(m, n, "", "flashcards", false)
	if m["flashcards"] != nil && len(cardNodes) == 0 {
		v.add(m["flashcards"].Line, "flashcards", "needs at least one card")
	}
	for i, cn := range cardNodes {
		p.Flashcards = append(p.Flashcards, v.flashcard(cn, i, domains, ids))
	}
	// A pack that says why its wrong options are wrong says it for every question, so that every wrong
	// answer's feedback teaches.
	withWhy := 0
	for _, q := range p.Questions {
		if q.Why != nil {
			withWhy++
		}
	}
	if withWhy > 0 && withWhy < len(p.Questions) {
		for i, q := range p.Questions {
			if q.Why == nil {
				v.add(qNodes[i].Line, fmt.Sprintf("questions[%d].why", i), "is missing: %d other questions say why their wrong options are wrong, so every question must", withWhy)
			}
		}
	}
	perDomain := map[string]int{}
	for _, q := range p.Questions {
		perDomain[q.Domain]++
	}
	withCards := map[string]int{}
	for _, c := range p.Flashcards {
		withCards[c.Domain]++
	}
	for i, d := range p.Domains {
		if d.ID != "" && perDomain[d.ID]+withCards[d.ID] == 0 && len(qNodes)+len(cardNodes) > 0 {
			v.add(domainNodes[i].Line, fmt.Sprintf("domains[%d].id", i), "domain %q has no questions", d.ID)
		}
	}

	p.Exam = DefaultExam(p.Title, len(p.Questions))
	if en := m["exam"]; en != nil {
		p.Exam = v.exam(en)
		v.examFits(en, p, perDomain)
	}

	faqIDs := map[string]int{}
	for i, fn := range v.list(m, n, "", "faq", false) {
		p.FAQ = append(p.FAQ, v.faq(fn, i, faqIDs))
	}
	p.FAQNone = v.faqNone(v.list(m, n, "", "faq_none", false))
	p.FAQAsks = v.faqAsks(v.list(m, n, "", "faq_asks", false), faqIDs)
	p.Synonyms = v.synonyms(m["synonyms"])
	return p
}

// exam reads `exam:`, the exam the pack prepares for.
func (v *validator) exam(n *yaml.Node) Exam {
	e := Exam{Stated: true}
	m := v.fields(n, "exam", "name", "code", "status", "questions", "minutes", "scale", "pass_percent")
	e.Name, _ = v.str(m, n, "exam.", "name", true)
	e.Code, _ = v.str(m, n, "exam.", "code", false)
	e.Status, _ = v.str(m, n, "exam.", "status", false)
	if q, line, ok := v.integer(m, n, "exam.", "questions"); ok {
		if q < 1 || q > 500 {
			v.add(line, "exam.questions", "must be between 1 and 500, not %d", q)
		}
		e.Questions = q
	}
	if mins, line, ok := v.integer(m, n, "exam.", "minutes"); ok {
		if mins < 1 || mins > 600 {
			v.add(line, "exam.minutes", "must be between 1 and 600, not %d", mins)
		}
		e.Minutes = mins
	}
	switch sn, pn := m["scale"], m["pass_percent"]; {
	case sn != nil && pn != nil:
		v.add(pn.Line, "exam.pass_percent", "give either scale (with its pass mark) or pass_percent, not both")
	case sn != nil:
		sm := v.fields(sn, "exam.scale", "min", "max", "pass")
		lo, _, ok1 := v.integer(sm, sn, "exam.scale.", "min")
		hi, _, ok2 := v.integer(sm, sn, "exam.scale.", "max")
		pass, _, ok3 := v.integer(sm, sn, "exam.scale.", "pass")
		if ok1 && ok2 && ok3 {
			if lo < 0 || lo >= hi || pass < lo || pass > hi {
				v.add(sn.Line, "exam.scale", "needs 0 <= min < max and a pass mark between them, not %d-%d pass %d", lo, hi, pass)
			}
			e.Scale = &Scale{Min: lo, Max: hi, Pass: pass}
		}
	case pn != nil:
		if pp, line, ok := v.integer(m, n, "exam.", "pass_percent"); ok {
			if pp < 1 || pp > 100 {
				v.add(line, "exam.pass_percent", "must be between 1 and 100, not %d", pp)
			}
			e.PassPercent = pp
		}
	default:
		v.add(n.Line, "exam", "needs a scale {min, max, pass} where the exam publishes one, or pass_percent")
	}
	return e
}

// examFits checks that the pack holds enough questions for its mock exam: the exam's length split by the
// domains' weights (ExamPlan) must not ask a domain for more questions than it has.
func (v *validator) examFits(n *yaml.Node, p *Pack, perDomain map[string]int) {
	if p.Exam.Questions < 1 || len(p.Domains) == 0 {
		return
	}
	plan := p.ExamPlan(p.Exam.Questions)
	for _, d := range p.Domains {
		if d.ID != "" && plan[d.ID] > perDomain[d.ID] {
			v.add(n.Line, "exam.questions", "%d questions by weight need %d from domain %q, which has %d",
				p.Exam.Questions, plan[d.ID], d.ID, perDomain[d.ID])
		}
	}
}

func (v *validator) question(n *yaml.Node, i int, domains map[string]bool, ids map[string]int) Question {
	path := fmt.Sprintf("questions[%d].", i)
	m := v.fields(n, strings.TrimSuffix(path, "."),
		"id", "domain", "objective", "difficulty", "question", "choices", "answer", "why", "explanation", "source", "author")
	var q Question
	var line int
	q.ID, q.Domain = v.idAndDomain(m, n, path, "question", domains, ids)
	q.Objective, _ = v.str(m, n, path, "objective", true)
	if d, line, ok := v.integer(m, n, path, "difficulty"); ok {
		if d < 1 || d > 3 {
			v.add(line, path+"difficulty", "must be 1, 2 or 3, not %d", d)
		}
		q.Difficulty = d
	}
	q.Text, _ = v.str(m, n, path, "question", true)
	choiceNodes := v.list(m, n, path, "choices", true)
	q.Choices = v.strings(choiceNodes, path+"choices")
	if m["choices"] != nil && m["choices"].Kind == yaml.SequenceNode {
		cl := m["choices"].Line
		if len(q.Choices) < 2 || len(q.Choices) > 4 {
			v.add(cl, path+"choices", "needs 2 to 4 choices, has %d", len(q.Choices))
		}
		seen := map[string]bool{}
		for j, c := range q.Choices {
			key := strings.ToLower(c)
			switch {
			case c == "":
				v.add(choiceNodes[j].Line, fmt.Sprintf("%schoices[%d]", path, j), "is empty")
			case seen[key]:
				v.add(choiceNodes[j].Line, fmt.Sprintf("%schoices[%d]", path, j), "duplicate choice %q", c)
			}
			seen[key] = true
		}
	}
	if a, line, ok := v.integer(m, n, path, "answer"); ok {
		if a < 0 || (len(q.Choices) > 0 && a >= len(q.Choices)) {
			v.add(line, path+"answer", "index %d is out of range for %d choices (answers count from 0)", a, len(q.Choices))
		}
		q.Answer = a
	}
	if wn := m["why"]; wn != nil {
		whyNodes := v.list(m, n, path, "why", false)
		q.Why = v.strings(whyNodes, path+"why")
		if wn.Kind == yaml.SequenceNode {
			if len(q.Why) != len(q.Choices) {
				v.add(wn.Line, path+"why", "has %d entries for %d choices: give one per choice, in the same order", len(q.Why), len(q.Choices))
			} else {
				for j, w := range q.Why {
					if j != q.Answer && w == "" {
						v.add(whyNodes[j].Line, fmt.Sprintf("%swhy[%d]", path, j), "is empty: say why %q is wrong", q.Choices[j])
					}
				}
			}
		}
	}
	q.Explanation, line = v.str(m, n, path, "explanation", true)
	if len([]rune(q.Explanation)) > MaxExplanation {
		v.add(line, path+"explanation", "is %d characters; at most %d", len([]rune(q.Explanation)), MaxExplanation)
	}
	q.Source, _ = v.str(m, n, path, "source", true)
	q.Author, _ = v.str(m, n, path, "author", false)
	return q
}

// flashcard reads one card of `flashcards:`. Cards share the questions' ids: a review card is known by
// its id whichever it is.
func (v *validator) flashcard(n *yaml.Node, i int, domains map[string]bool, ids map[string]int) Flashcard {
	path := fmt.Sprintf("flashcards[%d].", i)
	m := v.fields(n, strings.TrimSuffix(path, "."), "id", "domain", "front", "back", "source")
	var c Flashcard
	var line int
	c.ID, c.Domain = v.idAndDomain(m, n, path, "question or card", domains, ids)
	c.Front, _ = v.str(m, n, path, "front", true)
	c.Back, line = v.str(m, n, path, "back", true)
	if len([]rune(c.Back)) > MaxExplanation {
		v.add(line, path+"back", "is %d characters; at most %d", len([]rune(c.Back)), MaxExplanation)
	}
	c.Source, _ = v.str(m, n, path, "source", false)
	return c
}

// idAndDomain reads the id and the domain of a question or card: the id unique among the pack's questions
// and cards, the domain one of the pack's.
func (v *validator) idAndDomain(m map[string]*yaml.Node, n *yaml.Node, path, kind string, domains map[string]bool, ids map[string]int) (id, domain string) {
	id, line := v.str(m, n, path, "id", true)
	v.uniqueID(id, line, path+"id", kind, ids)
	domain, line = v.str(m, n, path, "domain", true)
	if domain != "" && !domains[domain] {
		v.add(line, path+"domain", "unknown domain %q", domain)
	}
	return id, domain
}

// uniqueID checks an id's form and that no earlier item of its kind used it.
func (v *validator) uniqueID(id string, line int, field, kind string, ids map[string]int) {
	if id == "" {
		return
	}
	if !packIDPattern.MatchString(id) {
		v.add(line, field, "id %q must be lowercase letters, digits and dashes", id)
	}
	if first, dup := ids[id]; dup {
		v.add(line, field, "duplicate %s id %q (first at line %d)", kind, id, first)
	} else {
		ids[id] = line
	}
}
