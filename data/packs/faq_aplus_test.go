package packs_test

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// aplusHeldOutV3File is a frozen held-out set for the A+ pack's FAQ (its own entries and one per command)
// (sixth session): 80 asks written blind by a writer who saw one paragraph about the bot in an A+ channel
// and nothing else, labelled by a second reader who saw only the A+ FAQ's entries and the asks, before that
// session's changes to the matcher; read only by TestAPlusFAQHeldOutV3, which logs figures, never an ask.
// The earlier A+ sets (dev, held out, second held out) were reported and are now among the asks the FAQ
// learns from (the pack's faq_asks and bot/faq_asks.yaml).
const aplusHeldOutV3File = "testdata/faq_aplus_heldout_v3.yaml"

// aplusHeldOutV4File is the A+ pack's fourth held-out set (seventh session): 80 asks written blind by a new
// writer, labelled by two readers apart and, where they differed, decided by a third (see its header), frozen
// before that session's changes; read only by TestAPlusFAQHeldOutV4, which logs figures, never an ask.
const aplusHeldOutV4File = "testdata/faq_aplus_heldout_v4.yaml"

// aplusHeldOutV5File is the A+ pack's fifth held-out set (eighth session): 80 asks written blind by a new
// writer, labelled by two readers apart and, where they differed, decided by a third (see its header), frozen
// before that session's changes; read only by TestAPlusFAQHeldOutV5, which logs figures, never an ask.
const aplusHeldOutV5File = "testdata/faq_aplus_heldout_v5.yaml"

// aplusFrozenSets are the A+ pack's held-out sets whose asks stay unread by whoever tunes the FAQ.
var aplusFrozenSets = []string{aplusHeldOutV3File, aplusHeldOutV4File, aplusHeldOutV5File}

// loadAPlus returns the embedded A+ pack.
func loadAPlus(t testing.TB) *quiz.Pack {
	t.Helper()
	p, ok, err := packs.Load("aplus-core1")
	if err != nil || !ok {
		t.Fatalf("load aplus-core1: %v, %v", ok, err)
	}
	return p
}

// aplusNearCopiesBefore are, per frozen A+ set, the phrasings and out-of-scope asks written before it (the
// bot's chit-chat, the commands' and the pack's phrasings) that turned out near-copies of its asks when it was
// added; each is exempt for that set only, as nearCopiesBefore's are.
var aplusNearCopiesBefore = map[string]map[string]bool{
	aplusHeldOutV3File: {
		"can I hide my name from the leaderboard": true,
		"hey studybot":         true,
		"what can studybot do": true,
	},
	aplusHeldOutV5File: {
		"should I skip pbqs and come back": true,
	},
}

// TestAPlusFAQHeldOutV3 measures the A+ FAQ on aplusHeldOutV3File as TestAPlusFAQHeldOut does on the first
// set, logging only the figures and holding those measured.
func TestAPlusFAQHeldOutV3(t *testing.T) {
	measureHeldOut(t, newFAQ(t, loadAPlus(t)), aplusHeldOutV3File, 80,
		aplusHeldOutV3RightFloor, aplusHeldOutV3WrongCeiling, aplusHeldOutV3MissingCeiling)
}

// TestAPlusFAQHeldOutV4 measures the A+ FAQ on aplusHeldOutV4File, logging only the figures and holding
// those measured.
func TestAPlusFAQHeldOutV4(t *testing.T) {
	measureHeldOut(t, newFAQ(t, loadAPlus(t)), aplusHeldOutV4File, 80,
		aplusHeldOutV4RightFloor, aplusHeldOutV4WrongCeiling, aplusHeldOutV4MissingCeiling)
}

// The A+ fourth held-out set, measured once with the matcher as the sixth session left it (7755bfb), before
// any change: right first 63 of 80 (78.8%), confidently wrong 3 (3.8%), did you mean without the right entry
// 3 (3.8%). Read once more at the end of that session, after its changes: 70 (87.5%), 0, 2 (2.5%). In the
// eighth session, with the asks near A+ v5's and v10's left out of those it learns from (nothing else
// changed but one repeated bot ask dropped): 70 (87.5%), 0, 3 (3.8%). Then, with the closest entries offered to asks most likely out of scope (FAQMatch.Unlikely): 70, 0, 1
// (1.2%), which the test holds.
const (
	aplusHeldOutV4RightFloor     = 70
	aplusHeldOutV4WrongCeiling   = 0
	aplusHeldOutV4MissingCeiling = 1
)

// TestAPlusFAQHeldOutV5 measures the A+ FAQ on aplusHeldOutV5File, logging only the figures and holding
// those measured.
func TestAPlusFAQHeldOutV5(t *testing.T) {
	measureHeldOut(t, newFAQ(t, loadAPlus(t)), aplusHeldOutV5File, 80,
		aplusHeldOutV5RightFloor, aplusHeldOutV5WrongCeiling, aplusHeldOutV5MissingCeiling)
}

// The A+ fifth held-out set, measured once with the FAQ as the seventh session left it (c64a90a), less the
// asks it learnt from that were near-copies of the set's, before any change: right first 69 of 80 (86.2%),
// confidently wrong 1 (1.2%), did you mean without the right entry 5 (6.2%); after the bot's asks were read
// as a pack's, the same; then, with the closest entries offered to asks most likely out of scope
// (FAQMatch.Unlikely): 69, 1, 2 (2.5%), which the test holds.
const (
	aplusHeldOutV5RightFloor     = 69
	aplusHeldOutV5WrongCeiling   = 1
	aplusHeldOutV5MissingCeiling = 2
)

// TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks keeps the A+ sets honest, as
// TestFAQPhrasingsAreNotHeldOutQuestions and TestFAQOutOfScopeAsksAreNotDevOrHeldOutAsks do the default
// pack's: no `also` phrasing is a near-copy of a held-out ask, and no out-of-scope ask one of a dev or
// held-out ask.
func TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks(t *testing.T) {
	fq := newFAQ(t, loadAPlus(t))
	for _, file := range aplusFrozenSets {
		for _, c := range loadCases(t, file) {
			ct := termSet(c.question)
			for _, ask := range fq.OutOfScope() {
				if jaccard(termSet(ask), ct) >= nearCopy && !aplusNearCopiesBefore[file][ask] {
					t.Errorf("out-of-scope ask %q is too close to the ask at %s:%d", ask, file, c.line)
				}
			}
			for _, e := range fq.Entries() {
				for _, phr := range e.Also {
					if cmd, ok := strings.CutPrefix(e.ID, "cmd-"); ok && phr == "/study "+cmd {
						continue
					}
					if jaccard(termSet(phr), ct) >= nearCopy && !aplusNearCopiesBefore[file][phr] {
						t.Errorf("%s: phrasing %q is too close to the held-out ask at %s:%d", e.ID, phr, file, c.line)
					}
				}
			}
		}
	}
}

// The A+ third held-out set, measured once with the matcher before the sixth session's changes (1a7858a):
// right first 59 of 80 (73.8%), confidently wrong 5 (6.2%), did you mean without the right entry 2 (2.5%);
// read once more at the end of that session, with the FAQ that learns from members' asks: 66 (82.5%), 3
// (3.8%), 1 (1.2%). Read again at the end of the seventh session, once, after its changes: 72 (90.0%), 2
// (2.5%), 0. In the eighth session, with the asks near A+ v5's and v10's left out of those it learns from
// and one repeated bot ask dropped (nothing else changed): 73 (91.2%), 2 (2.5%), 0, which the test holds. The earlier A+ sets' figures are in
// docs/content-review.md.
const (
	aplusHeldOutV3RightFloor     = 73
	aplusHeldOutV3WrongCeiling   = 2
	aplusHeldOutV3MissingCeiling = 0
)
