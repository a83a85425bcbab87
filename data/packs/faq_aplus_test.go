package packs_test

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// The A+ pack's FAQ (its own entries and one per command) is measured on asks written as heldOutV5File's
// were, for a CompTIA A+ Core 1 study group: two writers who saw one paragraph about the bot in an A+
// channel and nothing else (no entry, no earlier set), 80 asks each, labelled by a third reader who saw only
// the A+ FAQ's entries and the asks. aplusDevFile (the first writer's) is read and tuned on; aplusHeldOutFile
// (the second's) is frozen and read only by TestAPlusFAQHeldOut, which logs figures, never an ask.
const (
	aplusDevFile     = "testdata/faq_aplus_dev.yaml"
	aplusHeldOutFile = "testdata/faq_aplus_heldout.yaml"
)

// loadAPlus returns the embedded A+ pack.
func loadAPlus(t testing.TB) *quiz.Pack {
	t.Helper()
	p, ok, err := packs.Load("aplus-core1")
	if err != nil || !ok {
		t.Fatalf("load aplus-core1: %v, %v", ok, err)
	}
	return p
}

// TestAPlusFAQMatchesDevAsks holds the figures the A+ FAQ reached on aplusDevFile, logging every ask that
// is not right first.
func TestAPlusFAQMatchesDevAsks(t *testing.T) {
	cases := loadCases(t, aplusDevFile)
	if len(cases) != 80 {
		t.Fatalf("%s has %d asks, want 80", aplusDevFile, len(cases))
	}
	holdFigures(t, aplusDevFile, scoreFAQ(t, bot.NewFAQ(loadAPlus(t)), cases),
		aplusDevRightFloor, aplusDevWrongCeiling, aplusDevMissingCeiling)
}

// TestAPlusFAQHeldOut measures the A+ FAQ on aplusHeldOutFile against issue 25's targets (right first at
// least 90%, confidently wrong at most 3%, did you mean without the right entry at most 3%). It logs only
// the figures and holds those measured so that they cannot regress.
func TestAPlusFAQHeldOut(t *testing.T) {
	measureHeldOut(t, bot.NewFAQ(loadAPlus(t)), aplusHeldOutFile, 80,
		aplusHeldOutRightFloor, aplusHeldOutWrongCeiling, aplusHeldOutMissingCeiling)
}

// TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks keeps the A+ sets honest, as
// TestFAQPhrasingsAreNotHeldOutQuestions and TestFAQOutOfScopeAsksAreNotDevOrHeldOutAsks do the default
// pack's: no `also` phrasing is a near-copy of a held-out ask, and no out-of-scope ask one of a dev or
// held-out ask.
func TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks(t *testing.T) {
	fq := bot.NewFAQ(loadAPlus(t))
	for _, file := range []string{aplusDevFile, aplusHeldOutFile} {
		for _, c := range loadCases(t, file) {
			ct := termSet(c.question)
			for _, ask := range fq.OutOfScope() {
				if jaccard(termSet(ask), ct) >= nearCopy {
					t.Errorf("out-of-scope ask %q is too close to the ask at %s:%d", ask, file, c.line)
				}
			}
			if file != aplusHeldOutFile {
				continue
			}
			for _, e := range fq.Entries() {
				for _, phr := range e.Also {
					if cmd, ok := strings.CutPrefix(e.ID, "cmd-"); ok && phr == "/study "+cmd {
						continue
					}
					if jaccard(termSet(phr), ct) >= nearCopy {
						t.Errorf("%s: phrasing %q is too close to the held-out ask at %s:%d", e.ID, phr, file, c.line)
					}
				}
			}
		}
	}
}

// The A+ figures, measured before any tuning on either set (with the four entries on cost, retakes, online
// testing and PBQs written before the asks were labelled): dev right first 52 of 80 (65.0%), confidently
// wrong 19 (23.8%), did you mean without the right entry 3 (3.8%); held out 52 (65.0%), 14 (17.5%), 5
// (6.2%). One aplus-core2 phrasing written a session before the sets was a near-copy of a held-out ask and
// was replaced: dev 51, 20, 3; held out unchanged (measured three times over that swap: 52, then 51 with
// the phrasing gone, then 52).
//
// Then two entries (aplus-jobs, aplus-next) with both sets relabelled for them by a fresh reader (7 dev asks
// and 2 held-out ones from none), the pack's own out-of-scope asks and synonyms, and phrasings, all chosen on
// the dev asks: dev 61 (76.2%), 8 (10.0%), 0. The held-out set was measured once on the way, by a slip
// (with the entries, the relabels and the first synonyms: 52, 10, 3), and once at the end: 51 (63.8%), 11
// (13.8%), 3 (3.8%). As on the default pack, ten asks gained on the dev set left the held-out set's right
// first answers one lower; its confident wrong answers fell by three.
//
// A fact check then edited six answers (caveats added; aplus-pbq lost its example tasks), and a fresh reader
// re-judged the asks they touch (one dev ask to none, one held-out ask from none to aplus-online): dev 62
// (77.5%), 8, 0; held out, measured once more: 50 (62.5%), 12 (15.0%), 3 (3.8%).
const (
	aplusDevRightFloor     = 62
	aplusDevWrongCeiling   = 8
	aplusDevMissingCeiling = 0

	aplusHeldOutRightFloor     = 50
	aplusHeldOutWrongCeiling   = 12
	aplusHeldOutMissingCeiling = 3
)
