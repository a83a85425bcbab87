package quiz

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The files a group already has, read by Import: a spreadsheet of questions (CSV or TSV with a header
// row), Anki's "Notes in Plain Text" export, or a two-column term/definition file. The last two become
// flashcards.

// ImportResult is a pack built from a file, and what the file held.
type ImportResult struct {
	Pack   *Pack
	Format string // "csv", "tsv", "anki" or "two-column"
	Rows   int    // the data rows read
}

// maxImportRows bounds a file's rows: an import is one transaction.
const maxImportRows = 20000

// Import reads a file of questions or cards into a new pack, named after the file ("biology.csv" is pack
// biology). It reports every problem with its line and column, as a *ValidationError, and builds nothing
// from a file with any problem. The pack is then validated like any pack file.
func Import(file string, data []byte) (*ImportResult, error) {
	v := &validator{file: file}
	id := PackIDFromFile(file)
	if id == "" {
		v.add(1, "file", "the file name %q gives no pack name: use letters or digits, e.g. biology.csv", filepath.Base(file))
		return nil, v.err()
	}
	if !utf8.Valid(data) {
		v.add(1, "file", "is not UTF-8 text: save the spreadsheet as CSV UTF-8")
		return nil, v.err()
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	imp := &importer{v: v, pack: &Pack{ID: id, Title: titleFromID(id), Version: 1}}
	format, comma, anki := sniff(file, data)
	imp.format = format
	records, lines := imp.read(data, comma, anki)
	if err := v.err(); err != nil {
		return nil, err
	}
	if len(records) > maxImportRows {
		v.add(lines[maxImportRows], "file", "has %d rows; at most %d can be imported at once", len(records), maxImportRows)
		return nil, v.err()
	}
	switch {
	case len(records) == 0:
		v.add(1, "file", "holds no rows")
	case anki.any:
		imp.cards(records, lines, anki.html)
	case imp.isQuestionHeader(records[0]) && !(len(records[0]) == 2 && imp.isCardHeader(records[0])):
		imp.questions(records, lines)
	case len(records[0]) == 2:
		imp.format = "two-column"
		imp.cards(records, lines, false)
	default:
		v.add(lines[0], "header", "names no question column: a question file's first row names its columns "+
			"(question, A, B, C, D or options, answer, explanation, domain, source); a card file has two columns, front and back")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	imp.finish()
	src, err := MarshalYAML(imp.pack)
	if err != nil {
		return nil, err
	}
	out, err := Parse(file, []byte(src))
	if err != nil {
		return nil, err
	}
	return &ImportResult{Pack: out, Format: imp.format, Rows: imp.rows}, nil
}

// PackIDFromFile makes a pack id of a file's name: "Biology 101.csv" is "biology-101".
func PackIDFromFile(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(base) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

func titleFromID(id string) string {
	words := strings.Split(id, "-")
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// ankiHeader is what Anki's "Notes in Plain Text" export says of itself in its first lines.
type ankiHeader struct {
	any  bool // the file is Anki's export
	html bool // its fields are HTML
	skip int  // the header lines to skip
	// columns that are not front and back: tags, the note type, the deck, the guid (1-based; 0: none)
	ignore map[int]bool
}

var ankiDirective = regexp.MustCompile(`^#([a-z ]+):(.*)$`)

// sniff decides a file's format: Anki's export by its #directives (or a .txt of tab-separated fields),
// TSV by its extension or by tabs in its first line, CSV otherwise.
func sniff(file string, data []byte) (format string, comma rune, anki ankiHeader) {
	ext := strings.ToLower(filepath.Ext(file))
	lines := strings.SplitN(string(data), "\n", 16)
	anki.ignore = map[int]bool{}
	comma = ','
	for _, l := range lines {
		m := ankiDirective.FindStringSubmatch(strings.TrimRight(l, "\r"))
		if m == nil {
			break
		}
		anki.any = true
		anki.skip++
		val := strings.TrimSpace(m[2])
		switch m[1] {
		case "separator":
			switch strings.ToLower(val) {
			case "tab":
				comma = '\t'
			case "comma":
				comma = ','
			case "semicolon":
				comma = ';'
			case "pipe":
				comma = '|'
			case "space":
				comma = ' '
			}
		case "html":
			anki.html = val == "true"
		case "tags column", "notetype column", "deck column", "guid column":
			var n int
			if _, err := fmt.Sscan(val, &n); err == nil && n > 0 {
				anki.ignore[n] = true
			}
		}
	}
	switch {
	case anki.any:
		if comma == ',' && !strings.Contains(lines[min(anki.skip, len(lines)-1)], ",") {
			comma = '\t' // Anki's default separator when the header names none
		}
		return "anki", comma, anki
	case ext == ".tsv" || ext == ".tab" || (len(lines) > 0 && strings.Contains(lines[0], "\t")):
		return "tsv", '\t', anki
	case ext == ".txt":
		return "tsv", '\t', anki
	}
	return "csv", ',', anki
}

type importer struct {
	v      *validator
	pack   *Pack
	format string
	rows   int
	// domains in the order they first appear, by id, with their names as written
	domainOrder []string
	domainName  map[string]string
	ids         map[string]int
}

// read splits the file into records with the line each starts on. Quoted fields may hold separators,
// quotes ("") and line breaks, as spreadsheets write them.
func (imp *importer) read(data []byte, comma rune, anki ankiHeader) ([][]string, []int) {
	text := string(data)
	for range anki.skip {
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		} else {
			text = ""
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = anki.any // Anki writes quotes inside fields as they are
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				imp.v.add(pe.Line+anki.skip, fmt.Sprintf("column %d", pe.Column), "%v", pe.Err)
			} else {
				imp.v.add(anki.skip+1, "file", "%v", err)
			}
			return nil, nil
		}
		line, _ := r.FieldPos(0)
		line += anki.skip
		if blank(rec) {
			continue
		}
		if anki.any && len(anki.ignore) > 0 {
			var kept []string
			for i, f := range rec {
				if !anki.ignore[i+1] {
					kept = append(kept, f)
				}
			}
			rec = kept
		}
		records = append(records, rec)
		lines = append(lines, line)
	}
	return records, lines
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// The columns a question file may name, by what each header cell may say.
var columnNames = map[string]string{
	"question": "question", "stem": "question", "prompt": "question", "q": "question",
	"a": "a", "b": "b", "c": "c", "d": "d",
	"option a": "a", "option b": "b", "option c": "c", "option d": "d",
	"choice a": "a", "choice b": "b", "choice c": "c", "choice d": "d",
	"option 1": "a", "option 2": "b", "option 3": "c", "option 4": "d",
	"choice 1": "a", "choice 2": "b", "choice 3": "c", "choice 4": "d",
	"options": "options", "choices": "options",
	"answer": "answer", "key": "answer", "correct": "answer", "correct answer": "answer",
	"explanation": "explanation", "why": "explanation", "rationale": "explanation",
	"domain": "domain", "topic": "domain", "category": "domain",
	"source": "source", "reference": "source",
	"objective": "objective", "difficulty": "difficulty",
}

func normHeader(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.Trim(strings.TrimSpace(s), ":"))), " ")
}

func (imp *importer) isQuestionHeader(rec []string) bool {
	for _, c := range rec {
		if columnNames[normHeader(c)] == "question" {
			return true
		}
	}
	return false
}

// isCardHeader reports whether a two-column header names a front and a back ("term, definition",
// "question, answer").
func (imp *importer) isCardHeader(rec []string) bool {
	f, b := normHeader(rec[0]), normHeader(rec[1])
	return (f == "front" || f == "term" || f == "question") && (b == "back" || b == "definition" || b == "answer")
}

// questions reads a question file: its header row names the columns.
func (imp *importer) questions(records [][]string, lines []int) {
	cols := map[string]int{}
	for i, c := range records[0] {
		name, ok := columnNames[normHeader(c)]
		switch {
		case strings.TrimSpace(c) == "":
		case !ok:
			imp.v.add(lines[0], fmt.Sprintf("column %d", i+1), "unknown column %q (known: question, A-D or options, answer, explanation, domain, source, objective, difficulty)", c)
		case cols[name] > 0:
			imp.v.add(lines[0], fmt.Sprintf("column %d", i+1), "column %q appears twice", c)
		default:
			cols[name] = i + 1
		}
	}
	_, letters := cols["a"]
	if !letters && cols["options"] == 0 {
		imp.v.add(lines[0], "header", "names no options: give columns A, B (C, D) or one column options with the options separated by |")
	}
	if cols["answer"] == 0 {
		imp.v.add(lines[0], "header", "names no answer column")
	}
	if len(imp.v.problems) > 0 {
		return
	}
	get := func(rec []string, name string) string {
		if i := cols[name]; i > 0 && i <= len(rec) {
			return strings.TrimSpace(rec[i-1])
		}
		return ""
	}
	at := func(line int, name string) string {
		return fmt.Sprintf("column %d (%s)", cols[name], name)
	}
	for k, rec := range records[1:] {
		line := lines[k+1]
		imp.rows++
		q := Question{Text: get(rec, "question"), Explanation: get(rec, "explanation"), Source: get(rec, "source"),
			Objective: get(rec, "objective"), Difficulty: 2}
		if q.Text == "" {
			imp.v.add(line, at(line, "question"), "is empty")
		}
		if letters {
			for _, l := range []string{"a", "b", "c", "d"} {
				if o := get(rec, l); o != "" {
					q.Choices = append(q.Choices, o)
				}
			}
		} else {
			for _, o := range strings.Split(get(rec, "options"), "|") {
				if o = strings.TrimSpace(o); o != "" {
					q.Choices = append(q.Choices, o)
				}
			}
		}
		where := "options"
		if letters {
			where = "a"
		}
		if len(q.Choices) < 2 || len(q.Choices) > 4 {
			imp.v.add(line, at(line, where), "needs 2 to 4 options, has %d", len(q.Choices))
		}
		ans := get(rec, "answer")
		q.Answer = -1
		if i, ok := ParseLetter(ans); ok && i < len(q.Choices) {
			q.Answer = i
		} else {
			for i, c := range q.Choices {
				if strings.EqualFold(c, ans) {
					q.Answer = i
				}
			}
		}
		if q.Answer < 0 && len(q.Choices) >= 2 {
			imp.v.add(line, at(line, "answer"), "%q is neither a letter A-%s nor the text of an option", ans, Letter(len(q.Choices)-1))
		}
		if d := get(rec, "difficulty"); d != "" {
			if _, err := fmt.Sscan(d, &q.Difficulty); err != nil || q.Difficulty < 1 || q.Difficulty > 3 {
				imp.v.add(line, at(line, "difficulty"), "must be 1, 2 or 3, not %q", d)
			}
		}
		q.Domain = imp.domain(get(rec, "domain"))
		if q.Objective == "" {
			q.Objective = "-"
		}
		if q.Explanation == "" {
			q.Explanation = "The answer is " + Letter(max(q.Answer, 0)) + ". (The imported file gives no explanation.)"
		}
		if q.Source == "" {
			q.Source = "imported from " + filepath.Base(imp.v.file)
		}
		q.ID = imp.id("q", q.Text, line, at(line, "question"))
		imp.pack.Questions = append(imp.pack.Questions, q)
	}
}

// cards reads flashcards: front and back in the first two columns (an optional third is the domain).
func (imp *importer) cards(records [][]string, lines []int, isHTML bool) {
	start := 0
	if len(records[0]) >= 2 && imp.isCardHeader(records[0]) {
		start = 1
	}
	for k, rec := range records[start:] {
		line := lines[k+start]
		imp.rows++
		if len(rec) < 2 {
			imp.v.add(line, "column 2", "a card needs a front and a back; this row has %d field(s)", len(rec))
			continue
		}
		c := Flashcard{Front: cardText(rec[0], isHTML), Back: cardText(rec[1], isHTML), Source: "imported from " + filepath.Base(imp.v.file)}
		if c.Front == "" {
			imp.v.add(line, "column 1", "the front is empty")
		}
		if c.Back == "" {
			imp.v.add(line, "column 2", "the back is empty")
		}
		if n := utf8.RuneCountInString(c.Back); n > MaxExplanation {
			imp.v.add(line, "column 2", "the back is %d characters; at most %d", n, MaxExplanation)
		}
		domain := ""
		if len(rec) >= 3 && imp.format != "anki" {
			domain = rec[2]
		}
		c.Domain = imp.domain(domain)
		c.ID = imp.id("c", c.Front, line, "column 1")
		imp.pack.Flashcards = append(imp.pack.Flashcards, c)
	}
}

var (
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
	htmlBreak = regexp.MustCompile(`(?i)^(<br\s*/?>|</(p|div|li)\s*>)$`)
)

// cardText is a field as plain text: HTML (Anki's) reduced to its text, line breaks kept, spaces tidied.
func cardText(s string, isHTML bool) string {
	if isHTML {
		s = htmlTag.ReplaceAllStringFunc(s, func(tag string) string {
			if htmlBreak.MatchString(tag) {
				return "\n"
			}
			return ""
		})
		s = html.UnescapeString(s)
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// domain returns the id of a domain named in the file, adding it on first sight; a row without one is in
// "general".
func (imp *importer) domain(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "General"
	}
	id := PackIDFromFile(name + ".x")
	if id == "" {
		id = "general"
	}
	if imp.domainName == nil {
		imp.domainName = map[string]string{}
	}
	if _, ok := imp.domainName[id]; !ok {
		imp.domainName[id] = name
		imp.domainOrder = append(imp.domainOrder, id)
	}
	return id
}

// id names a question or card by its text, so that importing a corrected file keeps the history of every
// row whose text stayed the same; two rows with the same text are a problem.
func (imp *importer) id(prefix, text string, line int, field string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join(strings.Fields(text), " "))))
	id := prefix + "-" + hex.EncodeToString(sum[:5])
	if imp.ids == nil {
		imp.ids = map[string]int{}
	}
	if first, dup := imp.ids[id]; dup {
		imp.v.add(line, field, "the same text as line %d", first)
	}
	imp.ids[id] = line
	return id
}

// finish gives the pack its domains, weighted by how many rows each holds (largest remainder, so they add
// up to 100).
func (imp *importer) finish() {
	count := map[string]int{}
	for _, q := range imp.pack.Questions {
		count[q.Domain]++
	}
	for _, c := range imp.pack.Flashcards {
		count[c.Domain]++
	}
	weights := make([]int, len(imp.domainOrder))
	for i, id := range imp.domainOrder {
		weights[i] = count[id]
	}
	shares := apportion(100, weights)
	for i, id := range imp.domainOrder {
		imp.pack.Domains = append(imp.pack.Domains, Domain{ID: id, Name: imp.domainName[id], Weight: max(shares[i], 1)})
	}
	// A domain's share rounded up to 1 % is taken back from the largest.
	total := 0
	for _, d := range imp.pack.Domains {
		total += d.Weight
	}
	for total > 100 {
		big := 0
		for i, d := range imp.pack.Domains {
			if d.Weight > imp.pack.Domains[big].Weight {
				big = i
			}
		}
		imp.pack.Domains[big].Weight--
		total--
	}
}
