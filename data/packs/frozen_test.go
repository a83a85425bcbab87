package packs_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// frozenSet is a held-out set of asks frozen before a session's changes to the FAQ: written blind by writers
// who saw one paragraph about the bot and nothing else, labelled by readers who saw only the entries and the
// asks (its file's header says who and how). Its asks stay unread by whoever tunes the FAQ: the tests that
// read them log figures or line numbers, never an ask. Each reading is in docs/content-review.md; the test
// holds the last one.
type frozenSet struct {
	name string // the subtest's
	file string
	pack string // the id of the pack whose FAQ it measures
	asks int
	// The figures held: right first at least, confidently wrong and did you mean without the right entry
	// at most.
	right, wrong, missing int
	// nearCopiesBefore are the phrasings and out-of-scope asks, written sessions before the set, that turned
	// out near-copies of its asks when it was added, before it was measured: two people wrote the same
	// natural words, nothing was copied, and rewording them on knowing where its asks lie would have measured
	// a FAQ made worse for it. Each is exempt for this set only. (The labelled asks the FAQ learns from are
	// held to more: the FAQ that measures the sets leaves out those that are near-copies, heldOutFAQ.)
	nearCopiesBefore map[string]bool
}

// frozen are the frozen sets in use, oldest first. The earlier ones were reported and are now among the
// asks the FAQs learn from (the packs' faq_asks and bot/faq_asks.yaml).
var frozen = []frozenSet{
	// Sixth session: two writers, one reader; frozen before that session's matcher changes.
	{name: "v8", file: "testdata/faq_heldout_v8.yaml", pack: "healthcare-it", asks: 180, right: 135, wrong: 7, missing: 7,
		nearCopiesBefore: map[string]bool{"what replaced hit-001": true}},
	{name: "aplus-v3", file: "testdata/faq_aplus_heldout_v3.yaml", pack: "aplus-core1", asks: 80, right: 75, wrong: 2, missing: 0,
		nearCopiesBefore: map[string]bool{"can I hide my name from the leaderboard": true, "hey studybot": true, "what can studybot do": true}},
	// Seventh session: new writers, two readers apart and a third where they differed.
	{name: "v9", file: "testdata/faq_heldout_v9.yaml", pack: "healthcare-it", asks: 180, right: 149, wrong: 4, missing: 4,
		nearCopiesBefore: map[string]bool{"what is the difference between cahims and cphims": true, "what can studybot do": true, "hey studybot": true}},
	{name: "aplus-v4", file: "testdata/faq_aplus_heldout_v4.yaml", pack: "aplus-core1", asks: 80, right: 71, wrong: 0, missing: 0},
	// Eighth session, likewise.
	{name: "v10", file: "testdata/faq_heldout_v10.yaml", pack: "healthcare-it", asks: 180, right: 143, wrong: 2, missing: 6},
	{name: "aplus-v5", file: "testdata/faq_aplus_heldout_v5.yaml", pack: "aplus-core1", asks: 80, right: 71, wrong: 1, missing: 1,
		nearCopiesBefore: map[string]bool{"should I skip pbqs and come back": true}},
	// Ninth session: written and labelled after that session's changes, frozen before they were first read.
	{name: "v11", file: "testdata/faq_heldout_v11.yaml", pack: "healthcare-it", asks: 180, right: 142, wrong: 6, missing: 5,
		nearCopiesBefore: map[string]bool{"what's the difference between hl7 and fhir": true}},
	{name: "aplus-v6", file: "testdata/faq_aplus_heldout_v6.yaml", pack: "aplus-core1", asks: 80, right: 61, wrong: 3, missing: 2},
	// Tenth session: written and labelled before that session's change to faqOffer, frozen before they were first
	// read.
	{name: "v12", file: "testdata/faq_heldout_v12.yaml", pack: "healthcare-it", asks: 180, right: 139, wrong: 10, missing: 4},
	{name: "aplus-v7", file: "testdata/faq_aplus_heldout_v7.yaml", pack: "aplus-core1", asks: 80, right: 57, wrong: 1, missing: 5,
		nearCopiesBefore: map[string]bool{"hey studybot": true, "what can studybot do": true}},
	// Tenth session too: written and labelled after its change, frozen before they were first read.
	{name: "v13", file: "testdata/faq_heldout_v13.yaml", pack: "healthcare-it", asks: 180, right: 142, wrong: 3, missing: 8,
		nearCopiesBefore: map[string]bool{"hey studybot": true, "what can studybot do": true}},
	{name: "aplus-v8", file: "testdata/faq_aplus_heldout_v8.yaml", pack: "aplus-core1", asks: 80, right: 66, wrong: 0, missing: 0},
	// Eleventh session: written before that session's change (the classifier's word features) was made,
	// labelled while it was tried in cross-validation only, frozen before they were first read.
	{name: "v14", file: "testdata/faq_heldout_v14.yaml", pack: "healthcare-it", asks: 180, right: 125, wrong: 4, missing: 16,
		nearCopiesBefore: map[string]bool{"set a study goal": true, "list of all the commands": true, "review the questions I got wrong": true,
			"Is the CompTIA Healthcare IT certificate still offered?": true, "do I need a+ first": true,
			"is a+ enough for a hospital help desk job": true, "what does an ehr analyst do all day": true,
			"the daily question did not post today": true}},
	{name: "aplus-v9", file: "testdata/faq_aplus_heldout_v9.yaml", pack: "aplus-core1", asks: 80, right: 61, wrong: 1, missing: 2,
		nearCopiesBefore: map[string]bool{"how many questions are on a+ core 1": true, "how soon can I retake core 1": true,
			"best cert after a+ for cybersecurity": true, "take a mock exam": true, "set a study goal": true,
			"the daily question did not post today": true}},
	// Twelfth session: written and labelled while that session's first change (a vote of the closest labelled
	// asks) was tried in cross-validation only, frozen before they were first read. Neither of the session's
	// changes was kept (docs/content-review.md).
	{name: "v15", file: "testdata/faq_heldout_v15.yaml", pack: "healthcare-it", asks: 180, right: 119, wrong: 3, missing: 14,
		nearCopiesBefore: map[string]bool{"answered wrong by accident": true, "do I need a+ first": true, "take a mock exam": true,
			"the daily question did not post today": true, "what jobs can I get once I have the certificate": true}},
	{name: "aplus-v10", file: "testdata/faq_aplus_heldout_v10.yaml", pack: "aplus-core1", asks: 80, right: 60, wrong: 0, missing: 5,
		nearCopiesBefore: map[string]bool{"can I hide my name from the leaderboard": true, "how many questions are on a+ core 1": true,
			"how soon can I retake core 1": true, "is core 1 enough to be a+ certified": true, "should I skip pbqs and come back": true,
			"starting pay for help desk": true, "take a mock exam": true, "which core 1 domain is biggest": true,
			"are Professor Messer videos enough": true, "how do I get IT experience with no job": true}},
}

// frozenFor are the frozen sets of pack id.
func frozenFor(id string) []frozenSet {
	var out []frozenSet
	for _, s := range frozen {
		if s.pack == id {
			out = append(out, s)
		}
	}
	return out
}

// nearCopies reports which of asks are near-copies of one of cases' asks: the same or nearly the same terms
// (jaccard at least nearCopy). Only the asks that share a term with a case are weighed.
func nearCopies(asks []quiz.Example, cases []faqCase) map[int]bool {
	learnt := make([]map[string]bool, len(asks))
	using := map[string][]int{}
	for i, a := range asks {
		learnt[i] = termSet(a.Ask)
		for term := range learnt[i] {
			using[term] = append(using[term], i)
		}
	}
	out := map[int]bool{}
	for _, c := range cases {
		ct := termSet(c.question)
		for term := range ct {
			for _, i := range using[term] {
				if !out[i] && jaccard(learnt[i], ct) >= nearCopy {
					out[i] = true
				}
			}
		}
	}
	return out
}

// heldOutFAQ is the FAQ of pack p as its frozen sets' asks (cases) measure it: the one /study faq answers
// from (bot.NewFAQ), learning from all of its asks but the near-copies of cases, which it reports. Two people
// who write the same few natural words ("hey studybot, what can you do") leak nothing to each other, but a
// FAQ that had learnt one would be measured on an ask it had as good as seen. The FAQ the bot ships learns
// from them all.
func heldOutFAQ(t *testing.T, p *quiz.Pack, cases []faqCase) (fq *quiz.FAQ, leftOut int) {
	t.Helper()
	asks, err := bot.FAQAsks(p)
	if err != nil {
		t.Fatal(err)
	}
	near := nearCopies(asks, cases)
	var kept []quiz.Example
	for i, a := range asks {
		if !near[i] {
			kept = append(kept, a)
		}
	}
	return bot.NewFAQLearning(p, kept), len(near)
}

// TestFAQHeldOut measures each pack's FAQ on its frozen sets against issue 25's targets (right first at least
// 90 %, confidently wrong at most 3 %, did you mean without the right entry at most 3 %), logging only the
// figures, and holds the figures last measured. The FAQ it measures leaves out the learnt asks that are
// near-copies of the sets' asks (heldOutFAQ).
func TestFAQHeldOut(t *testing.T) {
	for _, p := range []*quiz.Pack{load(t), loadAPlus(t)} {
		sets := frozenFor(p.ID)
		cases := make([][]faqCase, len(sets))
		var all []faqCase
		for i, s := range sets {
			cases[i] = loadCases(t, s.file)
			if len(cases[i]) != s.asks {
				t.Fatalf("%s has %d asks, want the %d frozen ones", s.file, len(cases[i]), s.asks)
			}
			all = append(all, cases[i]...)
		}
		fq, leftOut := heldOutFAQ(t, p, all)
		t.Logf("%s: measured by a FAQ that leaves out %d learnt asks, near-copies of its frozen sets' asks", p.ID, leftOut)
		for i, s := range sets {
			t.Run(s.name, func(t *testing.T) {
				f := tallyFAQ(t, fq, cases[i], false)
				pct := func(n int) float64 { return 100 * float64(n) / float64(f.total) }
				t.Logf("%s, %d asks: right first %d (%.1f%%), confidently wrong %d (%.1f%%), did you mean without the right entry %d (%.1f%%)",
					s.name, f.total, f.right, pct(f.right), f.wrong, pct(f.wrong), f.maybeMissing, pct(f.maybeMissing))
				t.Logf("%s: confidently wrong where no entry answers %d; right first with a perfect choice of when to answer, entries ranked as they are, at most %d (%.1f%%)",
					s.name, f.wrongNone, f.ceiling(), pct(f.ceiling()))
				holdFigures(t, s.file, f, s.right, s.wrong, s.missing)
			})
		}
	}
}

// TestFrozenAsksAreNotWritten keeps the frozen sets held out where the FAQ that measures them cannot leave
// their near-copies out (heldOutFAQ leaves out the learnt asks): no entry's `also` phrasing and no out-of-scope
// ask (a pack's faq_none, the bot's chit-chat) may be one of their asks or a near-copy (nearly the same terms),
// unless the set exempts it. The entries' own questions are left out: the sets' readers saw them. The test
// names only the set's line.
func TestFrozenAsksAreNotWritten(t *testing.T) {
	for _, p := range []*quiz.Pack{load(t), loadAPlus(t)} {
		fq := newFAQ(t, p)
		none := fq.OutOfScope()
		if len(none) < 50 {
			t.Fatalf("%s: %d out-of-scope asks, want the pack's and the bot's", p.ID, len(none))
		}
		read := map[string]map[string]bool{} // the phrasings' and out-of-scope asks' terms, read once
		terms := func(text string) map[string]bool {
			if _, ok := read[text]; !ok {
				read[text] = termSet(text)
			}
			return read[text]
		}
		for _, s := range frozenFor(p.ID) {
			for _, c := range loadCases(t, s.file) {
				ct := termSet(c.question)
				near := func(text string) bool { return jaccard(terms(text), ct) >= nearCopy && !s.nearCopiesBefore[text] }
				for _, ask := range none {
					if near(ask) {
						t.Errorf("%s: out-of-scope ask %q is too close to the held-out ask at %s:%d", p.ID, ask, s.file, c.line)
					}
				}
				for _, e := range fq.Entries() {
					for _, phr := range e.Also {
						if cmd, ok := strings.CutPrefix(e.ID, "cmd-"); ok && phr == "/study "+cmd {
							continue // the command itself, as members type it: made from the table, written by no one
						}
						if near(phr) {
							t.Errorf("%s: phrasing %q of %s is too close to the held-out ask at %s:%d", p.ID, phr, e.ID, s.file, c.line)
						}
					}
				}
			}
		}
	}
}

// TestHeldOutFAQLeavesOutNearCopies checks which learnt asks heldOutFAQ leaves out: those with the terms of a
// frozen ask, whatever their case, punctuation and stop words, but not one that adds terms of its own to them
// ("on the weekly leaderboard").
func TestHeldOutFAQLeavesOutNearCopies(t *testing.T) {
	asks := []quiz.Example{
		{Ask: "hey studybot what can you do", Entry: "cmd-help"},
		{Ask: "how do I see my score", Entry: "cmd-stats"},
		{Ask: "how do I see my score on the weekly leaderboard", Entry: "cmd-leaderboard"},
		{Ask: "where do I see my own score please", Entry: "cmd-stats"},
	}
	cases := []faqCase{{question: "Hey StudyBot, what can you do?"}, {question: "how can I see my score?"}}
	got := nearCopies(asks, cases)
	if want := map[int]bool{0: true, 1: true, 3: true}; !maps.Equal(got, want) {
		t.Errorf("near-copies %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}
