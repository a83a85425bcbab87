package quiz_test

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/quiz"
)

// twoDomains is a pack the drafts below are written for.
func twoDomains(t *testing.T) *quiz.Pack {
	t.Helper()
	p, err := quiz.Parse("two.yaml", []byte(`pack: two
title: Two
version: 1
domains:
  - {id: regulatory, name: Regulatory Requirements, weight: 30}
  - {id: security, name: Security, weight: 70}
questions:
  - {id: r1, domain: regulatory, objective: "1.1", difficulty: 1, question: "Q?", choices: [a, b], answer: 0, explanation: E., source: S}
  - {id: s1, domain: security, objective: "2.1", difficulty: 1, question: "Q?", choices: [a, b], answer: 0, explanation: E., source: S}
`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDraftReadsLabelsWhysAndSource(t *testing.T) {
	d := quiz.Draft{
		Stem:    "Which rule sets the national standard for protecting electronic health information?",
		Options: "A) The Security Rule\nB) The Privacy Rule\n\nC. The Breach Notification Rule\n",
		Key:     " a ",
		Explanation: "The Security Rule covers ePHI safeguards.\nWhy not B: it covers all PHI and patients' rights.\n" +
			"why not c - it says when to report a breach.\nSource: 45 CFR Part 164 Subpart C",
		Domain: "regulatory requirements",
	}
	q, problems := d.Question(twoDomains(t), "draft-1", "alice")
	if len(problems) > 0 {
		t.Fatalf("problems: %+v", problems)
	}
	if got := strings.Join(q.Choices, "|"); got != "The Security Rule|The Privacy Rule|The Breach Notification Rule" {
		t.Errorf("options %q", got)
	}
	if q.Answer != 0 || q.Domain != "regulatory" || q.Author != "alice" || q.Source != "45 CFR Part 164 Subpart C" {
		t.Errorf("question %+v", q)
	}
	if q.Explanation != "The Security Rule covers ePHI safeguards." || q.WhyWrong(2) != "it says when to report a breach." {
		t.Errorf("explanation %q, whys %q", q.Explanation, q.Why)
	}
}

func TestDraftProblemsNameTheFormField(t *testing.T) {
	ok := quiz.Draft{Stem: "Which?", Options: "one\ntwo", Key: "B", Explanation: "Because.", Domain: "security"}
	for _, c := range []struct {
		name  string
		edit  func(*quiz.Draft)
		field string
		says  string
	}{
		{"no stem", func(d *quiz.Draft) { d.Stem = " " }, quiz.FieldStem, "The question is empty"},
		{"five options", func(d *quiz.Draft) { d.Options = "a\nb\nc\nd\ne"; d.Key = "A" }, quiz.FieldOptions, "needs 2 to 4 choices, has 5"},
		{"the same option twice", func(d *quiz.Draft) { d.Options = "one\nOne" }, quiz.FieldOptions, `duplicate choice "One"`},
		{"a key past the options", func(d *quiz.Draft) { d.Key = "C" }, quiz.FieldKey, "The key is not the letter of an option: give A to B"},
		{"no explanation", func(d *quiz.Draft) { d.Explanation = "Source: somewhere" }, quiz.FieldExplanation, "The explanation is empty"},
		{"a long explanation", func(d *quiz.Draft) { d.Explanation = strings.Repeat("x", 401) }, quiz.FieldExplanation, "is 401 characters; at most 400"},
		{"a why missing", func(d *quiz.Draft) { d.Options = "a\nb\nc"; d.Explanation = "E.\nWhy not A: no." }, quiz.FieldExplanation, `say why "c" is wrong`},
		{"an unknown domain", func(d *quiz.Draft) { d.Domain = "cooking" }, quiz.FieldDomain, "choose one of regulatory, security"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := ok
			c.edit(&d)
			_, problems := d.Question(twoDomains(t), "draft-1", "alice")
			for _, p := range problems {
				if p.Field == c.field && strings.Contains(p.Message, c.says) {
					return
				}
			}
			t.Errorf("want %s: %q, got %+v", c.field, c.says, problems)
		})
	}
	if _, problems := ok.Question(twoDomains(t), "draft-1", "alice"); len(problems) > 0 {
		t.Errorf("a good draft: %+v", problems)
	}
}

func TestCuesNameTheRule(t *testing.T) {
	for _, c := range []struct {
		name string
		q    quiz.Question
		rule string
	}{
		{"absolute in a distractor", quiz.Question{Text: "What first?", Choices: []string{"Ask the user", "Never ask anyone"}, Answer: 0},
			"an absolute word in a distractor only (rule 4)"},
		{"key echoes the stem", quiz.Question{Text: "Which backup rotation keeps monthly tapes?", Choices: []string{"Grandfather rotation", "Tower of Hanoi", "Incremental"}, Answer: 0},
			"the key alone echoes the stem (rule 3)"},
		{"key much the longest", quiz.Question{Text: "What first?", Choices: []string{"Ask what changed and reproduce the problem", "Reboot", "Wait"}, Answer: 0},
			"the key is much the longest (rule 5)"},
		{"options repeat", quiz.Question{Text: "What first?", Choices: []string{"Call the help desk", "Call the help desk now", "Wait"}, Answer: 2},
			"options A and B repeat each other (rule 6)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rules []string
			for _, cue := range quiz.Cues(c.q) {
				rules = append(rules, cue.Rule)
			}
			if !strings.Contains(strings.Join(rules, "\n"), c.rule) {
				t.Errorf("cues %q, want %q", rules, c.rule)
			}
		})
	}
	fair := quiz.Question{Text: "Which law?", Choices: []string{"HIPAA", "HITECH", "ARRA"}, Answer: 1}
	if cues := quiz.Cues(fair); len(cues) > 0 {
		t.Errorf("a fair question: %+v", cues)
	}
}

func TestOwnPackGrowsByVersionAndParses(t *testing.T) {
	base := twoDomains(t)
	d := quiz.Draft{Stem: "Which?", Options: "one\ntwo", Key: "B", Explanation: "Because.", Domain: "security"}
	q1, _ := d.Question(base, "draft-1", "alice")
	p1, src1, err := quiz.OwnPack(base, nil, "own-x", "x's questions", q1)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Version != 1 || len(p1.Domains) != 1 || p1.Domains[0].Weight != 100 || !strings.Contains(src1, "author: alice") {
		t.Fatalf("first version: %+v\n%s", p1, src1)
	}
	d.Domain, d.Explanation = "regulatory", "Because.\nWhy not A: no."
	q2, _ := d.Question(base, "draft-2", "bob")
	p2, src2, err := quiz.OwnPack(base, p1, "own-x", "x's questions", q2)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Version != 2 || len(p2.Questions) != 2 || p2.Domains[0].ID != "regulatory" || p2.Domains[0].Weight != 30 || p2.Domains[1].Weight != 70 {
		t.Fatalf("second version: %+v", p2)
	}
	if got, _ := p2.Question("draft-1"); got.Author != "alice" || got.WhyWrong(0) != quiz.FilledWhy {
		t.Errorf("the first question in version 2: %+v", got)
	}
	if _, err := quiz.Parse("own.yaml", []byte(src2)); err != nil {
		t.Errorf("the source does not parse: %v", err)
	}
}
