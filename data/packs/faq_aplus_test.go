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
	// aplusHeldOutV2File is a second frozen set (fifth session), written and labelled as aplusHeldOutFile
	// was by a writer and a reader new to the bot, after the FAQ's answers were broadened and before its
	// phrasings were tuned; read only by TestAPlusFAQHeldOutV2.
	aplusHeldOutV2File = "testdata/faq_aplus_heldout_v2.yaml"
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

// aplusBeforeV2 is the one phrasing, written a session before aplusHeldOutV2File, that turned out a near-copy
// of one of its asks when the set was added; it is exempt for that set only, as nearCopiesBefore's are.
const aplusBeforeV2 = "starting pay for help desk"

// TestAPlusFAQHeldOutV2 measures the A+ FAQ on aplusHeldOutV2File as TestAPlusFAQHeldOut does on the first
// set, logging only the figures and holding those measured.
func TestAPlusFAQHeldOutV2(t *testing.T) {
	measureHeldOut(t, bot.NewFAQ(loadAPlus(t)), aplusHeldOutV2File, 80,
		aplusHeldOutV2RightFloor, aplusHeldOutV2WrongCeiling, aplusHeldOutV2MissingCeiling)
}

// TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks keeps the A+ sets honest, as
// TestFAQPhrasingsAreNotHeldOutQuestions and TestFAQOutOfScopeAsksAreNotDevOrHeldOutAsks do the default
// pack's: no `also` phrasing is a near-copy of a held-out ask, and no out-of-scope ask one of a dev or
// held-out ask.
func TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks(t *testing.T) {
	fq := bot.NewFAQ(loadAPlus(t))
	for _, file := range []string{aplusDevFile, aplusHeldOutFile, aplusHeldOutV2File} {
		for _, c := range loadCases(t, file) {
			ct := termSet(c.question)
			for _, ask := range fq.OutOfScope() {
				if jaccard(termSet(ask), ct) >= nearCopy {
					t.Errorf("out-of-scope ask %q is too close to the ask at %s:%d", ask, file, c.line)
				}
			}
			if file == aplusDevFile {
				continue
			}
			for _, e := range fq.Entries() {
				for _, phr := range e.Also {
					if cmd, ok := strings.CutPrefix(e.ID, "cmd-"); ok && phr == "/study "+cmd {
						continue
					}
					if jaccard(termSet(phr), ct) >= nearCopy && !(file == aplusHeldOutV2File && phr == aplusBeforeV2) {
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
//
// The fifth session broadened three answers (aplus-format: the score on screen, no cost to guessing, note
// boards; aplus-online: the ID rules; aplus-jobs: those already in support, DoD 8570/8140) and gave every
// pack's FAQ entries about the bot itself; a fresh reader moved the labels those edits made wrong (dev 10,
// held out 11), and the three answers' out-of-scope asks were dropped. On the new labels the entries and
// matcher before that session get dev 59, 7, 2 and held out 46, 11, 8; after tuning on the dev asks, dev
// 60 (75.0%), 5, 1, and held out, read once: 46 (57.5%), 9 (11.2%), 6 (7.5%). A second held-out set, written
// and labelled that session, read once at the end: 53 (66.2%), 5 (6.2%), 10 (12.5%); the entries and matcher
// before that session get 46, 6, 17 on it (read once, for this comparison only).
const (
	aplusDevRightFloor     = 60
	aplusDevWrongCeiling   = 5
	aplusDevMissingCeiling = 1

	aplusHeldOutRightFloor     = 46
	aplusHeldOutWrongCeiling   = 9
	aplusHeldOutMissingCeiling = 6

	aplusHeldOutV2RightFloor     = 53
	aplusHeldOutV2WrongCeiling   = 5
	aplusHeldOutV2MissingCeiling = 10
)
