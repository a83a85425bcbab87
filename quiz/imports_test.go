package quiz_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

const goodCSV = `Question,A,B,C,D,Answer,Explanation,Domain,Source
"Which organelle makes ATP, the cell's energy currency?",Ribosome,Mitochondrion,Golgi body,Lysosome,B,"Mitochondria run cellular respiration, which makes most of a cell's ATP.",Cells,OpenStax Biology 2e 4.3
Which base pairs with adenine in DNA?,Cytosine,Guanine,Thymine,Uracil,Thymine,"In DNA adenine pairs with thymine; uracil takes thymine's place in RNA.",Genetics,OpenStax Biology 2e 14.2
"Which process copies DNA
before a cell divides?",Transcription,Translation,Replication,,c,,Genetics,
`

func TestImportCSV(t *testing.T) {
	res, err := quiz.Import("testdata/Biology 101.csv", []byte(goodCSV))
	if err != nil {
		t.Fatal(err)
	}
	p := res.Pack
	if p.ID != "biology-101" || p.Title != "Biology 101" || res.Format != "csv" || res.Rows != 3 || len(p.Questions) != 3 {
		t.Fatalf("pack %s %q, format %s, rows %d, questions %d", p.ID, p.Title, res.Format, res.Rows, len(p.Questions))
	}
	q := p.Questions[0]
	if q.Text != "Which organelle makes ATP, the cell's energy currency?" || q.Answer != 1 || q.Choices[1] != "Mitochondrion" || q.Source != "OpenStax Biology 2e 4.3" {
		t.Errorf("first question %+v", q)
	}
	if a := p.Questions[1].Answer; a != 2 {
		t.Errorf("an answer given as the option's text: index %d, want 2", a)
	}
	third := p.Questions[2]
	if third.Text != "Which process copies DNA\nbefore a cell divides?" || len(third.Choices) != 3 || third.Answer != 2 {
		t.Errorf("a quoted stem over two lines, three options, a lower-case letter: %+v", third)
	}
	if !strings.Contains(third.Explanation, "gives no explanation") || third.Source != "imported from Biology 101.csv" {
		t.Errorf("defaults for a row without explanation and source: %q, %q", third.Explanation, third.Source)
	}
	if len(p.Domains) != 2 || p.Domains[0].ID != "cells" || p.Domains[1].Name != "Genetics" || p.Domains[0].Weight+p.Domains[1].Weight != 100 || p.Domains[1].Weight != 67 {
		t.Errorf("domains %+v, want cells 33 and genetics 67", p.Domains)
	}
	// The same text gives the same id on the next import, whatever its row.
	again, err := quiz.Import("biology-101.csv", []byte(strings.Replace(goodCSV, "Question,A,B,C,D,Answer,Explanation,Domain,Source\n", "Question,A,B,C,D,Answer,Explanation,Domain,Source\nWhich molecule carries amino acids to the ribosome?,mRNA,tRNA,rRNA,snRNA,B,,Genetics,\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Pack.Questions[1].ID; got != q.ID {
		t.Errorf("the first question's id moved with its row: %s, then %s", q.ID, got)
	}
	if !p.Exam.Stated && p.Exam.Questions != 3 {
		t.Errorf("an imported pack's mock exam: %+v", p.Exam)
	}
}

func TestImportTSVWithOptionsColumn(t *testing.T) {
	tsv := "stem\toptions\tkey\ttopic\nWhat is 7 x 8?\t54 | 56 | 58 | 64\t56\tArithmetic\nWhat is 9 squared?\t18|81|99\tB\tArithmetic\n"
	res, err := quiz.Import("maths.tsv", []byte(tsv))
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "tsv" || len(res.Pack.Questions) != 2 || res.Pack.Questions[0].Answer != 1 || res.Pack.Questions[1].Answer != 1 || len(res.Pack.Questions[1].Choices) != 3 {
		t.Fatalf("%s: %+v", res.Format, res.Pack.Questions)
	}
}

// Anki's "Notes in Plain Text" export: #directives first, HTML fields, tab-separated, tags in column 3.
const ankiExport = "#separator:tab\n#html:true\n#tags column:3\n" +
	"mitosis\tCell division giving two <b>identical</b> daughter cells<br>(somatic cells)\tbio::cells\n" +
	"\"osmosis\"\t\"Water crossing a membrane toward the higher solute concentration\"\tbio\n" +
	"ATP &amp; ADP\tThe cell&#39;s energy carriers\t\n"

func TestImportAnkiNotes(t *testing.T) {
	res, err := quiz.Import("Bio Deck.txt", []byte(ankiExport))
	if err != nil {
		t.Fatal(err)
	}
	p := res.Pack
	if res.Format != "anki" || len(p.Questions) != 0 || len(p.Flashcards) != 3 {
		t.Fatalf("format %s, %d questions, %d cards", res.Format, len(p.Questions), len(p.Flashcards))
	}
	if c := p.Flashcards[0]; c.Front != "mitosis" || c.Back != "Cell division giving two identical daughter cells\n(somatic cells)" {
		t.Errorf("HTML card: %+v", c)
	}
	if c := p.Flashcards[2]; c.Front != "ATP & ADP" || c.Back != "The cell's energy carriers" {
		t.Errorf("entities: %+v", c)
	}
	if len(p.Domains) != 1 || p.Domains[0].Weight != 100 {
		t.Errorf("domains %+v: tags are not domains", p.Domains)
	}
}

func TestImportTwoColumnCards(t *testing.T) {
	for name, src := range map[string]string{
		"terms.csv":  "term,definition\nalveolus,an air sac of the lung\nbronchus,\"an airway, from the trachea to a lung\"\n",
		"terms2.csv": "alveolus,an air sac of the lung\nbronchus,an airway from the trachea to a lung\n",
		"terms.tsv":  "alveolus\tan air sac of the lung\nbronchus\tan airway from the trachea to a lung\n",
	} {
		res, err := quiz.Import(name, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Format != "two-column" || len(res.Pack.Flashcards) != 2 || res.Pack.Flashcards[0].Front != "alveolus" || res.Pack.Flashcards[1].Back == "" {
			t.Errorf("%s: %s %+v", name, res.Format, res.Pack.Flashcards)
		}
	}
}

// TestImportProblemsNameLineAndColumn: a file with any problem imports nothing, and each problem names its
// line and column.
func TestImportProblemsNameLineAndColumn(t *testing.T) {
	header := "question,A,B,C,D,answer,explanation\n"
	tests := []struct {
		name, file, src string
		line            int
		field, msg      string
	}{
		{"answer not an option", "x.csv", header + "Q1?,a,b,c,d,B,ok\nQ2?,a,b,c,d,E,ok\n", 3, "column 6 (answer)", `"E" is neither a letter A-D`},
		{"one option", "x.csv", header + "Q1?,a,,,,A,ok\n", 2, "column 2 (a)", "needs 2 to 4 options, has 1"},
		{"empty question", "x.csv", header + ",a,b,c,d,A,ok\n", 2, "column 1 (question)", "is empty"},
		{"the same question twice", "x.csv", header + "Q1?,a,b,c,d,A,ok\nq1?,e,f,g,h,B,ok\n", 3, "column 1 (question)", "the same text as line 2"},
		{"unknown column", "x.csv", "question,A,B,answer,colour\nQ?,a,b,A,red\n", 1, "column 5", `unknown column "colour"`},
		{"no answer column", "x.csv", "question,A,B\nQ?,a,b\n", 1, "header", "names no answer column"},
		{"a bare quote", "x.csv", header + "Q1?,a,b,c,d,A,ok\n\"Q2?,a,b,c,d,A,ok\n", 3, "column 19", "quote"},
		{"no header", "x.csv", "Q1?,a,b,c,d,A\n", 1, "header", "names no question column"},
		{"a card without a back", "x.csv", "alveolus,air sac\nbronchus,\n", 2, "column 2", "the back is empty"},
		{"not UTF-8", "x.csv", "question,A,B,answer\nQ\xff?,a,b,A\n", 1, "file", "not UTF-8"},
		{"a name with no letters", "---.csv", header + "Q1?,a,b,c,d,A,ok\n", 1, "file", "gives no pack name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := quiz.Import(tt.file, []byte(tt.src))
			var ve *quiz.ValidationError
			if !errors.As(err, &ve) || res != nil {
				t.Fatalf("got %v, %v; want a ValidationError and nothing imported", res, err)
			}
			for _, p := range ve.Problems {
				if p.Line == tt.line && p.Field == tt.field && strings.Contains(p.Message, tt.msg) {
					return
				}
			}
			t.Fatalf("no problem at line %d, %s, saying %q in:\n%v", tt.line, tt.field, tt.msg, err)
		})
	}
}

// TestMarshalYAMLRoundTrip: the embedded pack written by MarshalYAML reads back the same.
func TestMarshalYAMLRoundTrip(t *testing.T) {
	p, err := packs.Default()
	if err != nil {
		t.Fatal(err)
	}
	src, err := quiz.MarshalYAML(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := quiz.Parse("round.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Questions, p.Questions) || !reflect.DeepEqual(back.Domains, p.Domains) || !reflect.DeepEqual(back.FAQ, p.FAQ) ||
		!reflect.DeepEqual(back.Exam, p.Exam) || back.ID != p.ID || back.Version != p.Version {
		t.Fatal("the pack read back differs from the pack written")
	}
	// The FAQ matcher's words and out-of-scope asks too: an exported pack imported again answers alike.
	if len(p.Synonyms) == 0 || len(p.FAQNone) == 0 {
		t.Fatal("the embedded pack has no synonyms or faq_none to round-trip")
	}
	if !reflect.DeepEqual(back.Synonyms, p.Synonyms) || !reflect.DeepEqual(back.FAQNone, p.FAQNone) {
		t.Errorf("synonyms or faq_none read back differ: %d of %d synonym groups, %d of %d out-of-scope asks",
			len(back.Synonyms), len(p.Synonyms), len(back.FAQNone), len(p.FAQNone))
	}
	if len(p.FAQAsks) == 0 || !reflect.DeepEqual(back.FAQAsks, p.FAQAsks) {
		t.Errorf("faq_asks read back differ: %d of %d", len(back.FAQAsks), len(p.FAQAsks))
	}
}

// FuzzImport: whatever the file, Import either refuses it with located problems or builds a pack that is
// valid, holds one question or card per data row, and reads back the same from its own YAML.
func FuzzImport(f *testing.F) {
	f.Add("x.csv", goodCSV)
	f.Add("x.txt", ankiExport)
	f.Add("x.tsv", "a\tb\nc\td\n")
	f.Add("x.csv", "question,options,answer\n\"q,\"\"1\"\"\",a|b,a\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		res, err := quiz.Import(name, []byte(src))
		if err != nil {
			var ve *quiz.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("an error that is not a list of problems: %v", err)
			}
			for _, p := range ve.Problems {
				if p.Line < 1 {
					t.Fatalf("a problem without its line: %+v", p)
				}
			}
			return
		}
		p := res.Pack
		if got := len(p.Questions) + len(p.Flashcards); got != res.Rows || got == 0 {
			t.Fatalf("%d rows read, %d questions and cards built", res.Rows, got)
		}
		sum := 0
		for _, d := range p.Domains {
			sum += d.Weight
		}
		if sum != 100 {
			t.Fatalf("weights add up to %d", sum)
		}
		src2, err := quiz.MarshalYAML(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := quiz.Parse("back.yaml", []byte(src2))
		if err != nil {
			t.Fatalf("the pack's own YAML does not read back: %v", err)
		}
		if fmt.Sprint(back.Questions) != fmt.Sprint(p.Questions) || fmt.Sprint(back.Flashcards) != fmt.Sprint(p.Flashcards) {
			t.Fatal("the pack read back differs")
		}
	})
}
