package quiz_test

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/studybot/studybot/quiz"
)

func TestValidateReportsEveryProblemWithLineAndField(t *testing.T) {
	_, err := quiz.LoadFile("testdata/bad.yaml")
	if err == nil {
		t.Fatal("bad.yaml loaded without error")
	}
	got := err.Error()
	want := []string{
		"testdata/bad.yaml:1: pack: id \"Bad_Pack\" must be lowercase",
		"testdata/bad.yaml:4: colour: unknown key",
		"testdata/bad.yaml:6: domains: weights add up to 90, not 100",
		"testdata/bad.yaml:18: questions[1].id: duplicate question id \"q-001\" (first at line 9)",
		"testdata/bad.yaml:19: questions[1].domain: unknown domain \"billing\"",
		"testdata/bad.yaml:30: questions[2].difficulty: must be 1, 2 or 3, not 9",
		"testdata/bad.yaml:33: questions[2].answer: index 3 is out of range for 3 choices",
		"testdata/bad.yaml:41: questions[3].choices: needs 2 to 4 choices, has 1",
		"testdata/bad.yaml:50: questions[4].choices: needs 2 to 4 choices, has 5",
		"testdata/bad.yaml:50: questions[4].choices[4]: duplicate choice \"a\"",
		"testdata/bad.yaml:52: questions[4].explanation: is empty",
		"testdata/bad.yaml:53: questions[4].source: is empty",
		"testdata/bad.yaml:54: questions[4].hint: unknown key",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q", w)
		}
	}
	if t.Failed() {
		t.Logf("got:\n%s", got)
	}
}

func TestValidateTable(t *testing.T) {
	valid := func(mut func(string) string) string {
		return mut(packYAML(map[string]int{"a": 60, "b": 40}, map[string]int{"a": 3, "b": 2}))
	}
	tests := []struct {
		name, yaml, want string
	}{
		{"valid", valid(func(s string) string { return s }), ""},
		{"not yaml", "pack: [unclosed", "yaml:"},
		{"empty", "", "the file is empty"},
		{"missing title", valid(func(s string) string { return strings.Replace(s, "title: Test pack\n", "", 1) }), "title: is missing"},
		{"weights", valid(func(s string) string { return strings.Replace(s, "weight: 40", "weight: 41", 1) }), "weights add up to 101"},
		{"answer negative", valid(func(s string) string { return strings.Replace(s, "answer: 1", "answer: -1", 1) }), "index -1 is out of range"},
		{"answer text", valid(func(s string) string { return strings.Replace(s, "answer: 1", "answer: B", 1) }), "must be a whole number"},
		{"long explanation", valid(func(s string) string {
			return strings.Replace(s, "explanation: Because a test says so.", "explanation: "+strings.Repeat("x", 401), 1)
		}), "is 401 characters; at most 400"},
		{"choices not list", valid(func(s string) string {
			return strings.Replace(s, "choices: [a0 one, a0 two, a0 three, a0 four]", "choices: one", 1)
		}), "choices: must be a list"},
		{"domain without questions", valid(func(s string) string {
			return strings.Replace(s, "  - {id: b, name: Domain b, weight: 40}", "  - {id: b, name: Domain b, weight: 20}\n  - {id: c, name: Domain c, weight: 20}", 1)
		}), `domain "c" has no questions`},
		{"faq too long", valid(func(s string) string {
			return s + "faq:\n  - id: f\n    question: q?\n    answer: " + strings.Repeat("y", 1501) + "\n"
		}), "is 1501 characters; at most 1500"},
		{"faq duplicate", valid(func(s string) string {
			return s + "faq:\n  - id: f\n    question: q?\n    answer: a\n  - id: f\n    question: r?\n    answer: b\n"
		}), `duplicate faq id "f"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := quiz.Parse("t.yaml", []byte(tt.yaml))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(p.Questions) != 5 {
					t.Fatalf("got %d questions, want 5", len(p.Questions))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
			if p != nil {
				t.Fatal("a pack with errors was returned")
			}
		})
	}
}

// packYAML builds a valid pack with the given domain weights and question counts.
func packYAML(weights, counts map[string]int) string {
	var b strings.Builder
	b.WriteString("pack: test\ntitle: Test pack\nversion: 1\ndomains:\n")
	var ids []string
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		if _, ok := weights[id]; ok {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		fmt.Fprintf(&b, "  - {id: %s, name: Domain %s, weight: %d}\n", id, id, weights[id])
	}
	b.WriteString("questions:\n")
	for _, id := range ids {
		for i := 0; i < counts[id]; i++ {
			fmt.Fprintf(&b, "  - id: %s%d\n    domain: %s\n    objective: \"1.1\"\n    difficulty: 2\n    question: Question %s %d?\n", id, i, id, id, i)
			fmt.Fprintf(&b, "    choices: [%s%d one, %s%d two, %s%d three, %s%d four]\n    answer: 1\n", id, i, id, i, id, i, id, i)
			b.WriteString("    explanation: Because a test says so.\n    source: the test\n")
		}
	}
	return b.String()
}

func examPack(t testing.TB, counts map[string]int) *quiz.Pack {
	t.Helper()
	weights := map[string]int{"a": 13, "b": 15, "c": 26, "d": 25, "e": 21}
	p, err := quiz.Parse("exam.yaml", []byte(packYAML(weights, counts)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNextFollowsWeightsWithoutRepeats simulates 1,000 posts in one channel.
func TestNextFollowsWeightsWithoutRepeats(t *testing.T) {
	p := examPack(t, map[string]int{"a": 13, "b": 15, "c": 26, "d": 25, "e": 21})
	h := quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}}
	var domains []string
	for i := 0; i < 1000; i++ {
		pick, err := p.Next(h, nil, "discord/g1/c1")
		if err != nil {
			t.Fatal(err)
		}
		if pick.NewCycle {
			if len(h.Seen) != len(p.Questions) {
				t.Fatalf("post %d: new cycle after %d of %d questions", i, len(h.Seen), len(p.Questions))
			}
			h.Seen = map[string]bool{}
		}
		if h.Seen[pick.Question.ID] {
			t.Fatalf("post %d: %s repeated within a cycle", i, pick.Question.ID)
		}
		h.Seen[pick.Question.ID] = true
		h.DomainCounts[pick.Question.Domain]++
		domains = append(domains, pick.Question.Domain)
	}
	for _, d := range p.Domains {
		share := 100 * float64(h.DomainCounts[d.ID]) / 1000
		if diff := share - float64(d.Weight); diff > 2 || diff < -2 {
			t.Errorf("domain %s: %.1f%% of posts, weight %d%%", d.ID, share, d.Weight)
		}
	}
	// Over any 100 consecutive posts each domain is within 2 posts of its weight.
	for start := 0; start+100 <= len(domains); start++ {
		counts := map[string]int{}
		for _, d := range domains[start : start+100] {
			counts[d]++
		}
		for _, d := range p.Domains {
			if diff := counts[d.ID] - d.Weight; diff > 2 || diff < -2 {
				t.Fatalf("posts %d-%d: domain %s has %d, weight %d", start, start+99, d.ID, counts[d.ID], d.Weight)
			}
		}
	}
}

func TestNextHonoursDomainFilterAndExhaustion(t *testing.T) {
	p := examPack(t, map[string]int{"a": 2, "b": 2, "c": 2, "d": 2, "e": 2})
	h := quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}}
	for i := 0; i < 4; i++ {
		pick, err := p.Next(h, []string{"a", "e"}, "k")
		if err != nil {
			t.Fatal(err)
		}
		if d := pick.Question.Domain; d != "a" && d != "e" {
			t.Fatalf("picked domain %s outside the filter", d)
		}
		if pick.NewCycle {
			t.Fatalf("post %d started a new cycle before the 4 allowed questions were used", i)
		}
		h.Seen[pick.Question.ID] = true
		h.DomainCounts[pick.Question.Domain]++
	}
	pick, err := p.Next(h, []string{"a", "e"}, "k")
	if err != nil || !pick.NewCycle {
		t.Fatalf("fifth post: new cycle %v, err %v; want a new cycle", pick.NewCycle, err)
	}
	if _, err := p.Next(h, []string{"zzz"}, "k"); err == nil {
		t.Fatal("a filter with no known domain gave a question")
	}
}

func TestLetters(t *testing.T) {
	for i, l := range []string{"A", "B", "C", "D"} {
		if quiz.Letter(i) != l {
			t.Errorf("Letter(%d) = %s", i, quiz.Letter(i))
		}
		if got, ok := quiz.ParseLetter(strings.ToLower(l)); !ok || got != i {
			t.Errorf("ParseLetter(%s) = %d, %v", l, got, ok)
		}
	}
	for _, bad := range []string{"", "AB", "1", "é"} {
		if _, ok := quiz.ParseLetter(bad); ok {
			t.Errorf("ParseLetter(%q) accepted", bad)
		}
	}
	q := quiz.Question{Choices: []string{"x", "y"}, Answer: 1}
	if q.Grade(0) || !q.Grade(1) {
		t.Error("Grade is wrong")
	}
}

func TestTokensAreTolerantOfWordForms(t *testing.T) {
	for _, group := range [][]string{
		{"retire", "retired", "retirement", "retiring"},
		{"certificate", "certification", "certified", "certs"},
		{"nurse", "nurses", "nursing"},
	} {
		want := quiz.Tokens(group[0])
		for _, w := range group[1:] {
			if got := quiz.Tokens(w); len(got) != 1 || got[0] != want[0] {
				t.Errorf("Tokens(%q) = %v, want %v", w, got, want)
			}
		}
	}
	if got := quiz.Tokens("Is the A+ worth it?"); !strings.Contains(strings.Join(got, " "), "aplus") {
		t.Errorf("A+ not kept as a term: %v", got)
	}
}

func TestCoreDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/studybot/studybot/bot", "github.com/studybot/studybot/quiz").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"bwmarrin/discordgo", "slack-go/slack", "mattn/go-sqlite3", "studybot/studybot/data", "studybot/studybot/adapters"} {
			if strings.Contains(dep, banned) {
				t.Errorf("the core depends on %s", dep)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(packYAML(map[string]int{"a": 100}, map[string]int{"a": 2})))
	f.Add([]byte("pack: x\ndomains: [{id: a, weight: 100}]\nquestions: [{id: q, choices: [a, a]}]"))
	f.Add([]byte("- just\n- a list"))
	f.Add([]byte("pack: &a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := quiz.Parse("fuzz.yaml", data)
		if err == nil {
			// A pack that loads must honour every rule the validator promises.
			for _, q := range p.Questions {
				if q.Answer < 0 || q.Answer >= len(q.Choices) || len(q.Choices) < 2 || len(q.Choices) > 4 {
					t.Fatalf("invalid question loaded: %+v", q)
				}
				if _, ok := p.Domain(q.Domain); !ok {
					t.Fatalf("question in unknown domain loaded: %+v", q)
				}
			}
			quiz.NewFAQ(p.FAQ, p.FAQNone, p.Synonyms, p.FAQAsks).Match(string(data)) // must not panic
		}
	})
}

// TestWhyIsRequiredOnceAPackUsesIt: a pack that says why wrong options are wrong must say it for every
// wrong option of every question; a pack without `why` stays valid.
func TestWhyIsRequiredOnceAPackUsesIt(t *testing.T) {
	const head = "pack: p\ntitle: P\nversion: 1\ndomains:\n  - {id: d, name: D, weight: 100}\nquestions:\n"
	q := func(id, why string) string {
		s := "  - {id: " + id + ", domain: d, objective: \"1.1\", difficulty: 1, question: \"Q?\", choices: [A1, B1, C1], answer: 1, explanation: E., source: S"
		if why != "" {
			s += ", why: " + why
		}
		return s + "}\n"
	}
	tests := []struct {
		name, yaml string
		want       []string // problems; none means the pack is valid
	}{
		{"no why anywhere", head + q("q1", "") + q("q2", ""), nil},
		{"why everywhere", head + q("q1", `["A1 is a kind of B1.", "", "C1 applies elsewhere."]`) + q("q2", `["x.", "see the explanation", "y."]`), nil},
		{"one question lacks it", head + q("q1", `["a.", "", "c."]`) + q("q2", ""),
			[]string{`p.yaml:8: questions[1].why: is missing: 1 other questions say why`}},
		{"wrong count", head + q("q1", `["a.", ""]`), []string{`questions[0].why: has 2 entries for 3 choices`}},
		{"a wrong option without a reason", head + q("q1", `["a.", "", ""]`), []string{`questions[0].why[2]: is empty: say why "C1" is wrong`}},
	}
	for _, tt := range tests {
		p, err := quiz.Parse("p.yaml", []byte(tt.yaml))
		if len(tt.want) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if tt.name == "why everywhere" && p.Questions[0].WhyWrong(2) != "C1 applies elsewhere." {
				t.Errorf("%s: WhyWrong(2) = %q", tt.name, p.Questions[0].WhyWrong(2))
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: loaded, want %v", tt.name, tt.want)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nwant a problem containing %q", tt.name, err, w)
			}
		}
	}
}
