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
	// aplusHeldOutV3File is a third frozen set (sixth session), written and labelled as aplusHeldOutV2File was
	// by a writer and a reader new to the bot, before that session's changes to the matcher; read only by
	// TestAPlusFAQHeldOutV3.
	aplusHeldOutV3File = "testdata/faq_aplus_heldout_v3.yaml"
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

// aplusNearCopiesBefore are, per held-out set, the phrasings and out-of-scope asks written before the set that
// turned out near-copies of its asks when it was added; each is exempt for that set only, as
// nearCopiesBefore's are. V3's were written in the first to fifth sessions (the bot's chit-chat and the
// commands' phrasings, which every pack's FAQ shares).
var aplusNearCopiesBefore = map[string]map[string]bool{
	aplusHeldOutV2File: {"starting pay for help desk": true},
	aplusHeldOutV3File: {
		"can I hide my name from the leaderboard": true,
		"hey studybot":         true,
		"what can studybot do": true,
	},
}

// TestAPlusFAQHeldOutV2 measures the A+ FAQ on aplusHeldOutV2File as TestAPlusFAQHeldOut does on the first
// set, logging only the figures and holding those measured.
func TestAPlusFAQHeldOutV2(t *testing.T) {
	measureHeldOut(t, bot.NewFAQ(loadAPlus(t)), aplusHeldOutV2File, 80,
		aplusHeldOutV2RightFloor, aplusHeldOutV2WrongCeiling, aplusHeldOutV2MissingCeiling)
}

// TestAPlusFAQHeldOutV3 measures the A+ FAQ on aplusHeldOutV3File as TestAPlusFAQHeldOut does on the first
// set, logging only the figures and holding those measured.
func TestAPlusFAQHeldOutV3(t *testing.T) {
	measureHeldOut(t, bot.NewFAQ(loadAPlus(t)), aplusHeldOutV3File, 80,
		aplusHeldOutV3RightFloor, aplusHeldOutV3WrongCeiling, aplusHeldOutV3MissingCeiling)
}

// TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks keeps the A+ sets honest, as
// TestFAQPhrasingsAreNotHeldOutQuestions and TestFAQOutOfScopeAsksAreNotDevOrHeldOutAsks do the default
// pack's: no `also` phrasing is a near-copy of a held-out ask, and no out-of-scope ask one of a dev or
// held-out ask.
func TestAPlusFAQPhrasingsAndOutOfScopeAsksAreNotItsAsks(t *testing.T) {
	fq := bot.NewFAQ(loadAPlus(t))
	for _, file := range []string{aplusDevFile, aplusHeldOutFile, aplusHeldOutV2File, aplusHeldOutV3File} {
		for _, c := range loadCases(t, file) {
			ct := termSet(c.question)
			for _, ask := range fq.OutOfScope() {
				if jaccard(termSet(ask), ct) >= nearCopy && !aplusNearCopiesBefore[file][ask] {
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
					if jaccard(termSet(phr), ct) >= nearCopy && !aplusNearCopiesBefore[file][phr] {
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

	// The third held-out set, measured once with the matcher before the sixth session's changes (1a7858a):
	// 59 (73.8%), 5 (6.2%), 2 (2.5%).
	aplusHeldOutV3RightFloor     = 59
	aplusHeldOutV3WrongCeiling   = 5
	aplusHeldOutV3MissingCeiling = 2
)
