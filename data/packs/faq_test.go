package packs_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/studybot/studybot/bot"
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

// newFAQ returns what /study faq answers from with the embedded pack p (bot.NewFAQ), built once per pack
// (builtFAQs).
func newFAQ(t testing.TB, p *quiz.Pack) *quiz.FAQ {
	t.Helper()
	if fq, ok := builtFAQs.Load(p.ID); ok {
		return fq.(*quiz.FAQ)
	}
	fq, err := bot.NewFAQ(p)
	if err != nil {
		t.Fatal(err)
	}
	built, _ := builtFAQs.LoadOrStore(p.ID, fq)
	return built.(*quiz.FAQ)
}

// builtFAQs are the embedded packs' FAQs (pack id → *quiz.FAQ), built once for all of this package's tests,
// which only read them: building one trains its classifier, which takes seconds under the race detector.
var builtFAQs sync.Map

// faqCase is a learner's question with the entry it must find: want, or alsoOK when the question fits a
// second entry as well. A want of "none" means no entry answers it.
type faqCase struct {
	question, want, alsoOK string
	line                   int // in the held-out file, for reports
}

// faqCases are questions in a learner's own words, written without reusing the entries' phrasing, each
// with the entry it must find first.
var faqCases = []faqCase{
	{question: "has comptia stopped offering the health IT technician certification?", want: "hit-retired"},
	{question: "can I still book HIT-001 this year", want: "hit-retired"},
	{question: "healthcare it cert retirement, is it gone?", want: "hit-retired"},
	{question: "I got my healthcare IT certificate in 2014, does it still count?", want: "hit-valid"},
	{question: "will my old HIT cert expire if I don't renew", want: "hit-valid"},
	{question: "what did comptia put in place of the healthcare exam", want: "hit-replaced"},
	{question: "is there a newer version of the health IT technician test", want: "hit-replaced"},
	{question: "is A+ a good first cert for someone who wants hospital IT", want: "aplus-instead"},
	{question: "should I study for a plus", want: "aplus-instead"},
	{question: "RN here with zero tech experience, how do I switch to IT", want: "nurse-start"},
	{question: "leaving bedside nursing for informatics, where to begin", want: "nurse-start"},
	{question: "how many questions and minutes did the HIT-001 test have", want: "exam-format"},
	{question: "what score did you need to pass the healthcare IT exam", want: "exam-format"},
	{question: "what percentage of the exam was security", want: "exam-domains"},
	{question: "what are the five domains and their weights", want: "exam-domains"},
	{question: "how do I submit my answer to today's question", want: "cmd-today"},
	{question: "I clicked the wrong button, can I pick again?", want: "cmd-today"},
	{question: "how many points is a correct answer worth", want: "cmd-leaderboard"},
	{question: "does practice count toward the leaderboard", want: "cmd-leaderboard", alsoOK: "cmd-practice"},
	{question: "how do I check my rank and accuracy", want: "cmd-stats"},
	{question: "where can I see who is on top this month", want: "cmd-leaderboard"},
	{question: "how do I make the bot post a question every weekday at 9", want: "cmd-schedule"},
	{question: "as a mod, how do I change the posting time", want: "cmd-schedule"},
	{question: "why bother learning material from an exam that no longer exists", want: "hit-why-study"},
	{question: "is HIT-001 content still relevant today", want: "hit-why-study"},
	{question: "will hospitals care that I was an ICU nurse when I apply for IT", want: "clinical-counts"},
	{question: "is my patient care background an advantage for tech support roles", want: "clinical-counts"},
	{question: "what would my typical day be like on a hospital service desk", want: "helpdesk-day"},
	{question: "what kind of tickets does clinical desktop support handle", want: "helpdesk-day"},
	{question: "what does an application analyst for the EHR do all day", want: "ehr-analyst"},
	{question: "how can I become a clinical systems analyst", want: "ehr-analyst"},
	{question: "can I buy Epic training on my own without an employer", want: "epic-no-sponsor"},
	{question: "is it possible to get Epic certified independently", want: "epic-no-sponsor"},
	{question: "which is more valuable, an Epic cert or a CompTIA cert", want: "epic-vs-comptia"},
	{question: "should I chase vendor certs like Epic or general ones like CompTIA", want: "epic-vs-comptia"},
	{question: "explain the HIMSS associate versus professional certifications", want: "cahims-cphims"},
	{question: "is CAHIMS or CPHIMS right for a beginner", want: "cahims-cphims"},
	{question: "RHIA vs RHIT, which one needs a bachelor's", want: "rhit-rhia"},
	{question: "how do the two AHIMA credentials differ", want: "rhit-rhia"},
	{question: "can I work in health IT with only a high school diploma", want: "degree-needed"},
	{question: "is a college degree required for hospital tech jobs", want: "degree-needed"},
	{question: "will my salary drop if I leave nursing for tech support", want: "pay-cut"},
	{question: "do RNs lose income when they move to help desk", want: "pay-cut"},
	{question: "how much money do health information technologists make", want: "hit-pay"},
	{question: "median wage for medical records specialists", want: "hit-pay"},
	{question: "is the demand for health information jobs increasing", want: "job-growth"},
	{question: "what is the job outlook for healthcare IT", want: "job-growth"},
	{question: "can I do healthcare IT from home", want: "remote-work"},
	{question: "are hospital IT jobs available as work from home", want: "remote-work"},
	{question: "should I pick nursing informatics or medical records management", want: "informatics-vs-him"},
	{question: "HIM versus informatics, which suits a former nurse", want: "informatics-vs-him"},
	{question: "do I have to learn programming like python", want: "coding-which"},
	{question: "is medical coding the same as writing code", want: "coding-which"},
	{question: "do interface jobs require reading HL7 segments like PID and MSH", want: "hl7-messages"},
	{question: "what is Health Level Seven", want: "hl7-messages"},
	{question: "which parts of HIPAA should an IT tech know", want: "hipaa-how-much"},
	{question: "how deep does my HIPAA knowledge need to be for tech support", want: "hipaa-how-much"},
	{question: "are EMR and EHR the same thing", want: "ehr-vs-emr"},
	{question: "what separates an electronic medical record from an electronic health record", want: "ehr-vs-emr"},
	{question: "what were the three stages of meaningful use", want: "meaningful-use"},
	{question: "what is the promoting interoperability program", want: "meaningful-use"},
	{question: "how long will it take me to get from the bedside into IT", want: "switch-time"},
	{question: "how many months does a career switch to health IT usually take", want: "switch-time"},
	{question: "should I let my RN license expire once I work in IT", want: "nursing-license"},
	{question: "is it worth renewing my nursing license after moving to informatics", want: "nursing-license"},
	{question: "is volunteering as an EHR super user a good way into IT", want: "superuser-golive"},
	{question: "does helping with go-live support lead to IT jobs", want: "superuser-golive"},
	{question: "which certs show up most in hospital IT job ads", want: "job-posting-certs"},
	{question: "what certifications do healthcare employers look for in IT candidates", want: "job-posting-certs"},
	{question: "can a nurse get informatics board certified without a master's", want: "informatics-cert-degree"},
	{question: "what are the requirements for ANCC informatics certification", want: "informatics-cert-degree"},
	{question: "what does vendor neutral mean for a certification", want: "vendor-neutral"},
	{question: "why does vendor neutrality matter in health IT certs", want: "vendor-neutral"},
	{question: "can I still take the CHTS exam from ONC", want: "chts-exam"},
	{question: "what happened to the HIT Pro workforce exams", want: "chts-exam"},
	{question: "how should a nurse present clinical experience on a tech resume", want: "resume-clinical"},
	{question: "resume advice for switching from clinical to IT", want: "resume-clinical"},
	{question: "are there community college programs in health information technology", want: "training-programs"},
	{question: "where can I find a health IT apprenticeship", want: "training-programs"},
	{question: "do hospital IT staff have to be on call at night", want: "on-call"},
	{question: "what is the after-hours rotation like in hospital IT", want: "on-call"},
	{question: "what study routine do you recommend with this bot", want: "how-to-study"},
	{question: "tips for learning the exam material efficiently", want: "how-to-study"},
	{question: "how can I get extra questions just for myself", want: "cmd-practice"},
	{question: "can I drill only the security domain", want: "cmd-practice"},
}

// offTopic questions must never get a confident answer.
var offTopic = []string{
	"what is the best pizza topping",
	"who won the world cup in 2018",
	"recommend a good movie for tonight",
	"how tall is mount everest",
	"what's the weather like in Chicago tomorrow",
	"how do I bake sourdough bread",
}

var alsoOKComment = regexp.MustCompile(`#\s*also ok:\s*([a-z0-9-]+)`)

// loadCases reads a list of {q, want} from file, each with an optional "# also ok: ID" comment on one of
// its lines.
func loadCases(t testing.TB, file string) []faqCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.SequenceNode {
		t.Fatalf("%s: want a list of {q, want}", file)
	}
	lines := strings.Split(string(data), "\n")
	var cases []faqCase
	for _, n := range root.Content[0].Content {
		var item struct {
			Q    string `yaml:"q"`
			Want string `yaml:"want"`
		}
		if err := n.Decode(&item); err != nil || item.Q == "" || item.Want == "" {
			t.Fatalf("%s:%d: want {q, want}: %v", file, n.Line, err)
		}
		c := faqCase{question: item.Q, want: item.Want, line: n.Line}
		last := n.Line // the item's last line: its last value's
		for _, v := range n.Content {
			last = max(last, v.Line)
		}
		for _, l := range lines[n.Line-1 : last] {
			if m := alsoOKComment.FindStringSubmatch(l); m != nil {
				c.alsoOK = m[1]
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// faqTally sorts matches three ways: the right entry given first (for an unanswerable question: no
// confident answer); a confident wrong answer; or a "did you mean" list, which does or does not hold the
// right entry (for an unanswerable question any such list is acceptable).
type faqTally struct {
	total, right, wrong, maybe, maybeMissing int
	// maybeFirst counts the did-you-means whose first entry is the right one, and wrongNone the confident
	// answers to asks no entry answers: what a perfect choice between answering and not (ceiling) would win.
	maybeFirst, wrongNone int
}

// add counts g's matches in f.
func (f *faqTally) add(g faqTally) {
	f.total, f.right, f.wrong, f.maybe, f.maybeMissing = f.total+g.total, f.right+g.right, f.wrong+g.wrong,
		f.maybe+g.maybe, f.maybeMissing+g.maybeMissing
	f.maybeFirst, f.wrongNone = f.maybeFirst+g.maybeFirst, f.wrongNone+g.wrongNone
}

// ceiling is the most asks the FAQ could get right first with its entries ranked as they are, were it to
// choose perfectly when to answer: each did-you-mean whose first entry is right answered with it, and no
// answer given where no entry answers.
func (f faqTally) ceiling() int { return f.right + f.maybeFirst + f.wrongNone }

func (f faqTally) rightRate() float64 { return float64(f.right) / float64(f.total) }
func (f faqTally) wrongRate() float64 { return float64(f.wrong) / float64(f.total) }

// scoreFAQ matches every case and logs each one that is not right first.
func scoreFAQ(t *testing.T, fq *quiz.FAQ, cases []faqCase) faqTally {
	t.Helper()
	f := tallyFAQ(t, fq, cases, true)
	t.Logf("%d questions: right entry first %d (%.1f%%), confident wrong %d (%.1f%%), did you mean %d (%d without the right entry)",
		f.total, f.right, 100*f.rightRate(), f.wrong, 100*f.wrongRate(), f.maybe, f.maybeMissing)
	return f
}

// tallyFAQ matches every case; with logAsks it logs each one that is not right first, else nothing (a
// held-out set's asks stay unread).
func tallyFAQ(t *testing.T, fq *quiz.FAQ, cases []faqCase, logAsks bool) faqTally {
	t.Helper()
	logf := func(format string, args ...any) {
		if logAsks {
			t.Logf(format, args...)
		}
	}
	var f faqTally
	for _, c := range cases {
		for _, id := range []string{c.want, c.alsoOK} {
			if _, ok := fq.Entry(id); id == "" || id == "none" || ok {
				continue
			}
			if logAsks {
				t.Fatalf("case %q names unknown entry %s", c.question, id)
			}
			t.Fatalf("the case at line %d names unknown entry %s", c.line, id)
		}
		f.total++
		ok := func(id string) bool { return id == c.want || id == c.alsoOK }
		m := fq.Match(bot.Asked(c.question)) // as the bot reads a member's message
		switch {
		case m.Best != nil && ok(m.Best.ID):
			f.right++
		case m.Best != nil:
			f.wrong++
			if c.want == "none" {
				f.wrongNone++
			}
			logf("WRONG %-80q → %s (%.2f), want %s", c.question, m.Best.ID, m.Score, c.want)
		case c.want == "none":
			f.right++
		default:
			f.maybe++
			found := false
			var ids []string
			for _, e := range m.Maybe {
				found = found || ok(e.ID)
				ids = append(ids, e.ID)
			}
			if len(m.Maybe) > 0 && ok(m.Maybe[0].ID) {
				f.maybeFirst++
			}
			if found {
				logf("MAYBE %-80q → %v (%.2f), want %s", c.question, ids, m.Score, c.want)
			} else {
				f.maybeMissing++
				logf("MISS  %-80q → %v (%.2f), want %s", c.question, ids, m.Score, c.want)
			}
		}
	}
	return f
}

// The faqCases figures: issue 25's targets (at least 90% right first, at most 3% confidently wrong) were met
// by the matcher tuned on them. The FAQ that learns from members' asks (sixth session), tuned by
// cross-validation and never on these, gives a choice where it is unsure: right first 75 of 85 (88.2%),
// confidently wrong 0, did you mean without the right entry 1. Seventh session, learning from 14 sets of
// asks more: 74 (87.1%), 0, 0. Tenth session: 75 (88.2%), 0, 0. Eleventh session, with the words as
// written among the classifier's features: 73 (85.9%), 0, 0, which the test holds: each of the other 12 gets
// a did-you-mean that holds the right entry.
const (
	faqCasesRightFloor     = 73
	faqCasesWrongCeiling   = 0
	faqCasesMissingCeiling = 0
)

func TestFAQMatchesLearnerQuestions(t *testing.T) {
	p := load(t)
	fq := newFAQ(t, p)
	holdFigures(t, "faqCases", scoreFAQ(t, fq, faqCases), faqCasesRightFloor, faqCasesWrongCeiling, faqCasesMissingCeiling)
	mustNotAnswer(t, fq, "off-topic", offTopic)
}

// mustNotAnswer fails each ask that gets a confident answer: what is said of them (why) names the reason
// none should.
func mustNotAnswer(t *testing.T, fq *quiz.FAQ, why string, asks []string) {
	t.Helper()
	for _, q := range asks {
		if m := fq.Match(q); m.Best != nil {
			t.Errorf("%s %q: confidently %s (%.2f)", why, q, m.Best.ID, m.Score)
		}
	}
}

// mustAnswer fails each ask not answered confidently with its entry.
func mustAnswer(t *testing.T, fq *quiz.FAQ, want map[string]string) {
	t.Helper()
	for q, id := range want {
		if m := fq.Match(q); m.Best == nil || m.Best.ID != id {
			var got string
			if m.Best != nil {
				got = m.Best.ID
			}
			t.Errorf("%q: answered %q (chance %.2f, %d offered), want %s outright", q, got, m.Score, len(m.Maybe), id)
		}
	}
}

// holdFigures fails a set whose figures fell below those reached: right first under rightFloor, or more
// confident wrong answers or did-you-means without the right entry than their ceilings.
func holdFigures(t *testing.T, set string, f faqTally, rightFloor, wrongCeiling, missingCeiling int) {
	t.Helper()
	if f.right < rightFloor {
		t.Errorf("%s: right entry first %d, want at least %d", set, f.right, rightFloor)
	}
	if f.wrong > wrongCeiling {
		t.Errorf("%s: confidently wrong %d, want at most %d", set, f.wrong, wrongCeiling)
	}
	if f.maybeMissing > missingCeiling {
		t.Errorf("%s: did you mean without the right entry %d, want at most %d", set, f.maybeMissing, missingCeiling)
	}
}

// TestFAQGivesNoAnswerToAsksOutOfScope: small talk, another exam's pass mark, how long to study and tech
// support for one's own devices get no confident answer, though every word of theirs is some entry's
// ("night", "weekend", "score", "studying", "dropping"); asks near them that an entry answers still get it,
// or, for one, get it first in a choice: since the seventh session's asks about posts that did not come, "can
// the bot post the question every morning at 7" is offered as setting the schedule or as the bot's trouble.
func TestFAQGivesNoAnswerToAsksOutOfScope(t *testing.T) {
	fq := newFAQ(t, load(t))
	mustNotAnswer(t, fq, "no entry answers", []string{
		"good night all",
		"have a great weekend everyone",
		"passing score for the A+ core 2",
		"is two weeks of studying enough",
		"my wifi keeps dropping",
	})
	if m := fq.Match("can the bot post the question every morning at 7"); m.Best == nil && (len(m.Maybe) == 0 || m.Maybe[0].ID != "cmd-schedule") ||
		m.Best != nil && m.Best.ID != "cmd-schedule" {
		t.Errorf("a daily post every morning: %+v, want cmd-schedule answered or offered first", m)
	}
	mustAnswer(t, fq, map[string]string{
		"can the bot post the daily question every morning at 7": "cmd-schedule",
		"what was the passing score on HIT-001":                  "exam-format",
		"where do I see my own score":                            "cmd-stats",
		"do hospital IT people get called in at night":           "on-call",
	})
}

// copyStopWords are the words termSet leaves out: the matcher's stop words when the held-out sets were
// written. The list is the test's own, so that tuning the matcher's stop words does not move what counts
// as a copy.
var copyStopWords = strings.Fields(`a an the and or but if of to in on at for with from by about as is are was were be
	been being am do does did doing have has had having i me my mine we our you your he she it its they them their
	this that these those there here what which who whom whose when where why how can could should would will shall
	may might must not no yes so than then too very just also any some all each every more most other such only own same
	into over under again further once up down out off get got go going want wanna know tell please thing things
	really ever much many lot lots like im i'm id ive worth good best great thank thanks hi hello hey year today now
	whats cant dont doesnt isnt arent wasnt wont didnt couldnt shouldnt wouldnt youre theyre thats theres u ur pls
	plz lol even kinda sorta actually anyone someone anything something one years yrs yr`)

// termSet is the set of a text's terms, stemmed as the matcher does, without any pack's synonyms.
func termSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ReplaceAll(s, "’", "'"), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '\'' && r != '-'
	}) {
		lower := strings.ToLower(w)
		if w != "IT" && (slices.Contains(copyStopWords, lower) || strings.HasSuffix(lower, "n't")) {
			continue
		}
		ts := quiz.Tokens(w)
		if len(ts) == 0 { // a stop word of the matcher's now, a term then
			ts = []string{lower}
		}
		for _, t := range ts {
			m[t] = true
		}
	}
	return m
}

// nearCopy is the Jaccard similarity of term sets from which a phrasing counts as a copy of a question.
const nearCopy = 0.7

// jaccard is the share of the terms of two sets that both have.
func jaccard(a, b map[string]bool) float64 {
	union := len(b)
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		} else {
			union++
		}
	}
	if union == 0 {
		return 0
	}
	return float64(shared) / float64(union)
}

// TestFAQKnownFailures are questions the matcher once answered confidently with the wrong entry. They
// may now get a right answer or a "did you mean" list, never a confident wrong one.
func TestFAQKnownFailures(t *testing.T) {
	p := load(t)
	fq := newFAQ(t, p)
	for _, c := range []struct {
		question string
		ok       []string // acceptable as the confident answer
		never    string   // the entry it once gave
	}{
		{"where can I find practice tests", []string{"cmd-practice", "cmd-exam", "how-to-study"}, "hit-why-study"},
		{"what jobs can I get with this", []string{"hit-jobs", "hit-why-study", "nurse-start"}, "job-growth"},
		{"I'm an RN, can I move into healthcare IT without going back to school?", []string{"degree-needed", "nurse-start"}, "informatics-cert-degree"},
	} {
		m := fq.Match(bot.Asked(c.question)) // as the bot reads a member's message
		switch {
		case m.Best != nil && m.Best.ID == c.never:
			t.Errorf("%q: again %s", c.question, c.never)
		case m.Best != nil && !slices.Contains(c.ok, m.Best.ID):
			t.Errorf("%q: confidently %s, want one of %v or no confident answer", c.question, m.Best.ID, c.ok)
		}
	}
}

// TestFAQDoesNotAnswerForANameNoEntryUses: a name no entry uses ("PMP", "CCNA", "Boston") is what the
// ask is about, so the entry that shares its other words ("exam", "long", "pays") is not given as the
// answer; asks about this pack's exam, or naming in passing something no entry uses, are still answered.
func TestFAQDoesNotAnswerForANameNoEntryUses(t *testing.T) {
	fq := newFAQ(t, load(t))
	mustNotAnswer(t, fq, "no entry is about", []string{
		"how long is the PMP exam",
		"how many questions are on the CCNA exam",
		"which hospital in Boston pays IT staff the most",
		"what does a nurse practitioner earn in Texas",
	})
	mustAnswer(t, fq, map[string]string{
		"what score passes HIT-001":                           "exam-format",
		"is health IT shrinking because of AI?":               "job-growth",
		"does my HIT-001 expire? I never did any CEUs for it": "hit-valid",
	})
}

// TestFAQMatchShape checks every match against the FAQMatch contract.
func TestFAQMatchShape(t *testing.T) {
	p := load(t)
	fq := newFAQ(t, p)
	questions := offTopic
	for _, c := range faqCases {
		questions = append(questions, c.question)
	}
	for _, a := range p.FAQAsks {
		questions = append(questions, a.Ask)
	}
	for _, q := range questions {
		m := fq.Match(q)
		if m.Best != nil && len(m.Maybe) > 0 || m.Best == nil && len(m.Related) > 0 {
			t.Errorf("%q: best %v with maybe %d and related %d", q, m.Best != nil, len(m.Maybe), len(m.Related))
		}
		if len(m.Maybe) > 3 || len(m.Related) > 2 {
			t.Errorf("%q: %d candidates, %d related", q, len(m.Maybe), len(m.Related))
		}
		for _, r := range m.Related {
			if r.ID == m.Best.ID {
				t.Errorf("%q: %s is related to itself", q, r.ID)
			}
		}
		for _, e := range m.Maybe {
			if got, ok := fq.Entry(e.ID); !ok || got.Question != e.Question {
				t.Errorf("%q: candidate %s cannot be looked up again", q, e.ID)
			}
		}
	}
}

// TestFAQRelatedEntries: related entries are about the same topic, and an entry with no close neighbour
// gets none rather than unrelated ones.
func TestFAQRelatedEntries(t *testing.T) {
	p := load(t)
	fq := newFAQ(t, p)
	m := fq.Match("is my healthcare IT certificate from 2015 still valid")
	if m.Best == nil || m.Best.ID != "hit-valid" {
		t.Fatalf("match %+v", m)
	}
	if len(m.Related) == 0 || m.Related[0].ID != "hit-retired" {
		t.Errorf("related to hit-valid: %v, want hit-retired first", m.Related)
	}
	for _, q := range []string{"what is HL7", "what is cahims"} {
		m := fq.Match(q)
		if m.Best == nil {
			t.Fatalf("%q: no confident answer", q)
		}
		if len(m.Related) > 0 {
			t.Errorf("%q: %s has no entry on its topic, yet related %s", q, m.Best.ID, m.Related[0].ID)
		}
	}
}

// TestFAQSynonymsEachDoSomething keeps each pack's synonyms tidy: a one-word variant that stems like its
// word, or like an earlier variant, does nothing, and one that stems like another group's variant is
// silently read as that group's word.
func TestFAQSynonymsEachDoSomething(t *testing.T) {
	for _, p := range []*quiz.Pack{load(t), loadAPlus(t)} {
		if len(p.Synonyms) == 0 {
			t.Fatalf("%s has no synonyms", p.ID)
		}
		claimed := map[string]string{} // stem → group word
		for _, g := range p.Synonyms {
			word := strings.Join(quiz.Tokens(g.Word), " ")
			for _, v := range g.Variants {
				if strings.ContainsAny(v, " -") {
					continue // a phrase: read as one term, whatever its words stem to
				}
				s := strings.Join(quiz.Tokens(v), " ")
				switch {
				case s == "":
					t.Errorf("%s synonyms.%s: %q is a stop word", p.ID, g.Word, v)
				case s == word:
					t.Errorf("%s synonyms.%s: %q already stems like %q", p.ID, g.Word, v, g.Word)
				case claimed[s] != "":
					t.Errorf("%s synonyms.%s: %q stems like a variant of %s", p.ID, g.Word, v, claimed[s])
				default:
					claimed[s] = g.Word
				}
			}
		}
	}
}

func BenchmarkMatchFAQ(b *testing.B) {
	p := load(b)
	fq := newFAQ(b, p)
	qs := make([]string, 0, len(faqCases))
	for _, c := range faqCases {
		qs = append(qs, c.question)
	}
	fq.Match(qs[0]) // the first match trains the classifier; BenchmarkNewFAQ times that
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		fq.Match(qs[i%len(qs)])
	}
}

// TestFAQAnswersTheAsksTheIssueFoundWrong: the four asks issue 25 reports answered confidently with another
// question's entry ("how do I see my score" and the bot's mock exam got the HIT-001 exam format, reporting a
// wrong key got answering the daily question, and earnings got whether the exam is still offered) are each
// answered outright with the entry that answers them.
func TestFAQAnswersTheAsksTheIssueFoundWrong(t *testing.T) {
	mustAnswer(t, newFAQ(t, load(t)), map[string]string{
		"how do I see my score":                           "cmd-stats",
		"is there a full-length practice exam in the bot": "cmd-exam",
		"how do I report a wrong answer key":              "cmd-flag",
		"how much does a health it technician earn":       "hit-pay",
	})
}

// TestFAQPayEntryGivesHelpDeskPay: the entry about pay gives the help-desk figure with its year and
// source, and a question about help-desk pay finds that entry.
func TestFAQPayEntryGivesHelpDeskPay(t *testing.T) {
	fq := newFAQ(t, load(t))
	e, ok := fq.Entry("hit-pay")
	if !ok {
		t.Fatal("no hit-pay entry")
	}
	for _, want := range []string{"help-desk", "$60,340", "May 2024", "BLS", "Computer Support Specialists"} {
		if !strings.Contains(e.Answer, want) {
			t.Errorf("hit-pay's answer does not say %q: %s", want, e.Answer)
		}
	}
	if m := fq.Match("what is the median salary for IT support in a hospital"); m.Best == nil || m.Best.ID != "hit-pay" {
		t.Errorf("help-desk pay: %+v, want hit-pay", m.Best)
	}
}

// TestFAQKnowsTheBotsWordsInEveryPack: the words members use for the bot's features ("mod", "wipe",
// "mock exam") are the bot's, not one pack's, so the A+ pack, which has no synonyms of its own, reads
// them too.
func TestFAQKnowsTheBotsWordsInEveryPack(t *testing.T) {
	p, ok, err := packs.Load("aplus-core1")
	if err != nil || !ok {
		t.Fatalf("load aplus-core1: %v, %v", ok, err)
	}
	fq := newFAQ(t, p)
	mustAnswer(t, fq, map[string]string{
		"how do I make someone a mod": "cmd-mods",
		"can I take a mock test":      "cmd-exam",
		"how do I wipe the scores":    "cmd-reset",
	})
}

// TestFAQAnswersWhatCanYouDo: "what can you do", all of whose words the matcher passes over, gets the list
// of commands in every pack, as the bot's asks label it, in place of "I don't have an answer for that one".
func TestFAQAnswersWhatCanYouDo(t *testing.T) {
	for _, p := range []*quiz.Pack{load(t), loadAPlus(t)} {
		mustAnswer(t, newFAQ(t, p), map[string]string{bot.Asked("@studybot What can you do?"): "cmd-help"})
	}
}

// BenchmarkNewFAQ measures building the default pack's FAQ, training its classifier included, which
// /study faq does once per pack on its first ask.
func BenchmarkNewFAQ(b *testing.B) {
	p := load(b)
	for b.Loop() {
		fq, err := bot.NewFAQ(p)
		if err != nil {
			b.Fatal(err)
		}
		fq.Match("how do I see my score")
	}
}
