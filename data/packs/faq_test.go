package packs_test

import (
	"testing"

	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// load returns the embedded default pack.
func load(t testing.TB) *quiz.Pack {
	t.Helper()
	p, err := packs.Default()
	if err != nil {
		t.Fatalf("the embedded pack does not load: %v", err)
	}
	return p
}

// faqCases are questions in a learner's own words, written without reusing the entries' phrasing, each
// with the entry it must find first.
var faqCases = []struct{ question, want string }{
	{"has comptia stopped offering the health IT technician certification?", "hit-retired"},
	{"can I still book HIT-001 this year", "hit-retired"},
	{"healthcare it cert retirement, is it gone?", "hit-retired"},
	{"I got my healthcare IT certificate in 2014, does it still count?", "hit-valid"},
	{"will my old HIT cert expire if I don't renew", "hit-valid"},
	{"what did comptia put in place of the healthcare exam", "hit-replaced"},
	{"is there a newer version of the health IT technician test", "hit-replaced"},
	{"is A+ a good first cert for someone who wants hospital IT", "aplus-first"},
	{"should I study for a plus", "aplus-first"},
	{"RN here with zero tech experience, how do I switch to IT", "nurse-start"},
	{"leaving bedside nursing for informatics, where to begin", "nurse-start"},
	{"how many questions and minutes did the HIT-001 test have", "exam-format"},
	{"what score did you need to pass the healthcare IT exam", "exam-format"},
	{"what percentage of the exam was security", "exam-domains"},
	{"what are the five domains and their weights", "exam-domains"},
	{"how do I submit my answer to today's question", "bot-answer"},
	{"I clicked the wrong button, can I pick again?", "bot-answer"},
	{"how many points is a correct answer worth", "bot-points"},
	{"does practice count toward the leaderboard", "bot-points"},
	{"how do I check my rank and accuracy", "bot-stats"},
	{"where can I see who is on top this month", "bot-stats"},
	{"how do I make the bot post a question every weekday at 9", "bot-schedule"},
	{"as a mod, how do I change the posting time", "bot-schedule"},
}

var offTopic = []string{
	"what is the best pizza topping",
	"who won the world cup in 2018",
	"recommend a good movie for tonight",
	"how tall is mount everest",
}

func TestFAQMatchesLearnerQuestions(t *testing.T) {
	p := load(t)
	ids := map[string]bool{}
	for _, e := range p.FAQ {
		ids[e.ID] = true
	}
	hits := 0
	for _, c := range faqCases {
		if !ids[c.want] {
			t.Fatalf("case %q wants unknown entry %s", c.question, c.want)
		}
		m := p.MatchFAQ(c.question)
		switch {
		case m.Best == nil:
			t.Logf("MISS  %-70q → no match (score %.2f), want %s", c.question, m.Score, c.want)
		case m.Best.ID != c.want:
			t.Logf("WRONG %-70q → %s (%.2f), want %s", c.question, m.Best.ID, m.Score, c.want)
		default:
			hits++
		}
	}
	rate := float64(hits) / float64(len(faqCases))
	t.Logf("%d of %d learner questions found their entry first (%.0f%%)", hits, len(faqCases), rate*100)
	if rate < 0.9 {
		t.Errorf("FAQ matching found %.0f%%, want at least 90%%", rate*100)
	}
	for _, q := range offTopic {
		if m := p.MatchFAQ(q); m.Best != nil {
			t.Errorf("off-topic %q matched %s (%.2f)", q, m.Best.ID, m.Score)
		}
	}
}

func TestFAQRelatedEntries(t *testing.T) {
	p := load(t)
	m := p.MatchFAQ("is the healthcare IT certificate still valid after retirement")
	if m.Best == nil || len(m.Related) == 0 || len(m.Related) > 2 {
		t.Fatalf("match %+v", m)
	}
	for _, r := range m.Related {
		if r.ID == m.Best.ID {
			t.Fatal("the best entry is listed as related to itself")
		}
	}
}

func BenchmarkMatchFAQ(b *testing.B) {
	p := load(b)
	qs := make([]string, 0, len(faqCases))
	for _, c := range faqCases {
		qs = append(qs, c.question)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.MatchFAQ(qs[i%len(qs)])
	}
}
