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
	{"is A+ a good first cert for someone who wants hospital IT", "aplus-instead"},
	{"should I study for a plus", "aplus-instead"},
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
	{"why bother learning material from an exam that no longer exists", "hit-why-study"},
	{"is HIT-001 content still relevant today", "hit-why-study"},
	{"will hospitals care that I was an ICU nurse when I apply for IT", "clinical-counts"},
	{"is my patient care background an advantage for tech support roles", "clinical-counts"},
	{"what would my typical day be like on a hospital service desk", "helpdesk-day"},
	{"what kind of tickets does clinical desktop support handle", "helpdesk-day"},
	{"what does an application analyst for the EHR do all day", "ehr-analyst"},
	{"how can I become a clinical systems analyst", "ehr-analyst"},
	{"can I buy Epic training on my own without an employer", "epic-no-sponsor"},
	{"is it possible to get Epic certified independently", "epic-no-sponsor"},
	{"which is more valuable, an Epic cert or a CompTIA cert", "epic-vs-comptia"},
	{"should I chase vendor certs like Epic or general ones like CompTIA", "epic-vs-comptia"},
	{"explain the HIMSS associate versus professional certifications", "cahims-cphims"},
	{"is CAHIMS or CPHIMS right for a beginner", "cahims-cphims"},
	{"RHIA vs RHIT, which one needs a bachelor's", "rhit-rhia"},
	{"how do the two AHIMA credentials differ", "rhit-rhia"},
	{"can I work in health IT with only a high school diploma", "degree-needed"},
	{"is a college degree required for hospital tech jobs", "degree-needed"},
	{"will my salary drop if I leave nursing for tech support", "pay-cut"},
	{"do RNs lose income when they move to help desk", "pay-cut"},
	{"how much money do health information technologists make", "hit-pay"},
	{"median wage for medical records specialists", "hit-pay"},
	{"is the demand for health information jobs increasing", "job-growth"},
	{"what is the job outlook for healthcare IT", "job-growth"},
	{"can I do healthcare IT from home", "remote-work"},
	{"are hospital IT jobs available as work from home", "remote-work"},
	{"should I pick nursing informatics or medical records management", "informatics-vs-him"},
	{"HIM versus informatics, which suits a former nurse", "informatics-vs-him"},
	{"do I have to learn programming like python", "coding-which"},
	{"is medical coding the same as writing code", "coding-which"},
	{"do interface jobs require reading HL7 segments like PID and MSH", "hl7-messages"},
	{"what is Health Level Seven", "hl7-messages"},
	{"which parts of HIPAA should an IT tech know", "hipaa-how-much"},
	{"how deep does my HIPAA knowledge need to be for tech support", "hipaa-how-much"},
	{"are EMR and EHR the same thing", "ehr-vs-emr"},
	{"what separates an electronic medical record from an electronic health record", "ehr-vs-emr"},
	{"what were the three stages of meaningful use", "meaningful-use"},
	{"what is the promoting interoperability program", "meaningful-use"},
	{"how long will it take me to get from the bedside into IT", "switch-time"},
	{"how many months does a career switch to health IT usually take", "switch-time"},
	{"should I let my RN license expire once I work in IT", "nursing-license"},
	{"is it worth renewing my nursing license after moving to informatics", "nursing-license"},
	{"is volunteering as an EHR super user a good way into IT", "superuser-golive"},
	{"does helping with go-live support lead to IT jobs", "superuser-golive"},
	{"which certs show up most in hospital IT job ads", "job-posting-certs"},
	{"what certifications do healthcare employers look for in IT candidates", "job-posting-certs"},
	{"can a nurse get informatics board certified without a master's", "informatics-cert-degree"},
	{"what are the requirements for ANCC informatics certification", "informatics-cert-degree"},
	{"what does vendor neutral mean for a certification", "vendor-neutral"},
	{"why does vendor neutrality matter in health IT certs", "vendor-neutral"},
	{"can I still take the CHTS exam from ONC", "chts-exam"},
	{"what happened to the HIT Pro workforce exams", "chts-exam"},
	{"how should a nurse present clinical experience on a tech resume", "resume-clinical"},
	{"resume advice for switching from clinical to IT", "resume-clinical"},
	{"are there community college programs in health information technology", "training-programs"},
	{"where can I find a health IT apprenticeship", "training-programs"},
	{"do hospital IT staff have to be on call at night", "on-call"},
	{"what is the after-hours rotation like in hospital IT", "on-call"},
	{"what study routine do you recommend with this bot", "how-to-study"},
	{"tips for learning the exam material efficiently", "how-to-study"},
	{"how can I get extra questions just for myself", "bot-practice"},
	{"can I drill only the security domain", "bot-practice"},
}

var offTopic = []string{
	"what is the best pizza topping",
	"who won the world cup in 2018",
	"recommend a good movie for tonight",
	"how tall is mount everest",
	"what's the weather like in Chicago tomorrow",
	"how do I bake sourdough bread",
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
