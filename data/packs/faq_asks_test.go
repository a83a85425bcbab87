package packs_test

import (
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// crossValidate measures the FAQ of pack p on the asks it learns from (bot.FAQAsks) that were written blind,
// each fold of them matched by a FAQ that learnt from the others and from every ask written having seen the
// entries (Example.Seen), which are never measured on. The folds are cut in the asks' order, where each
// writer's asks stand together, so that most asks are matched by a FAQ that never saw their writer's others.
// An ask is right with its label or, where its reader named one, its second entry (Example.Also), as on the
// held-out sets.
func crossValidate(t *testing.T, p *quiz.Pack, folds int) faqTally {
	t.Helper()
	return crossValidateLearning(t, p, folds, 1)
}

// crossValidateLearning is crossValidate with each fold's FAQ learning from one in every of the other folds'
// blind asks (every one: 1; every other one: 2), spread over all their writers.
func crossValidateLearning(t *testing.T, p *quiz.Pack, folds, every int) faqTally {
	t.Helper()
	asks, err := bot.FAQAsks(p)
	if err != nil {
		t.Fatal(err)
	}
	blind, seen := splitSeen(asks)
	// The folds' FAQs are trained side by side (training is most of the time, and each is its own); their
	// asks are then matched and counted in order.
	fqs := make([]*quiz.FAQ, folds)
	var wg sync.WaitGroup
	workers := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k := range folds {
		lo, hi := k*len(blind)/folds, (k+1)*len(blind)/folds
		wg.Go(func() {
			workers <- struct{}{}
			defer func() { <-workers }()
			var learnt []quiz.Example
			for i, a := range slices.Concat(blind[:lo], blind[hi:]) {
				if i%every == 0 {
					learnt = append(learnt, a)
				}
			}
			fqs[k] = bot.NewFAQLearning(p, slices.Concat(learnt, seen))
			fqs[k].Match("train") // the first match trains it
		})
	}
	wg.Wait()
	var f faqTally
	for k, fq := range fqs {
		lo, hi := k*len(blind)/folds, (k+1)*len(blind)/folds
		f.add(tallyFAQ(t, fq, askCases(blind[lo:hi]), false))
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(f.total) }
	t.Logf("%s, %d asks in %d folds, learning from 1 in %d of the rest: right first %d (%.1f%%), confidently wrong %d (%.1f%%), did you mean without the right entry %d (%.1f%%)",
		p.ID, f.total, folds, every, f.right, pct(f.right), f.wrong, pct(f.wrong), f.maybeMissing, pct(f.maybeMissing))
	t.Logf("%s, learning from 1 in %d: a did-you-mean's first entry right %d; the most right first a perfect choice of when to answer could give, entries ranked as they are: %d (%.1f%%)",
		p.ID, every, f.maybeFirst, f.ceiling(), pct(f.ceiling()))
	return f
}

// splitSeen parts asks into those written blind, which the FAQ is measured on, and those written having seen
// the entries (quiz.Example.Seen), which it only learns from.
func splitSeen(asks []quiz.Example) (blind, seen []quiz.Example) {
	for _, a := range asks {
		if a.Seen {
			seen = append(seen, a)
		} else {
			blind = append(blind, a)
		}
	}
	return blind, seen
}

// askCases are labelled asks as cases to match: right with their entry or their second one (also).
func askCases(asks []quiz.Example) []faqCase {
	cases := make([]faqCase, len(asks))
	for i, a := range asks {
		cases[i] = faqCase{question: a.Ask, want: a.Entry, alsoOK: a.Also}
	}
	return cases
}

// TestFAQCrossValidated holds each pack's FAQ to the figures it reached on asks it had not learnt from
// (crossValidate, ten folds), against issue 25's targets (right first at least 90%, confidently wrong at
// most 3%, did you mean without the right entry at most 3%), of which it meets the last two. Last measured
// (eleventh session, with the words as written among the classifier's features): 7256 of 9785 (74.2%), 249
// (2.5%), 269 (2.7%) for the default pack; 5884 of 7843 (75.0%), 237 (3.0%), 174 (2.2%) for the A+ pack.
// Before (tenth session): 7022 (71.8%), 378 (3.9%), 386 (3.9%); 5696 (72.6%), 293 (3.7%), 255 (3.3%).
// The ninth session's asks are harder than the earlier ones: on those alone the FAQ is right first more
// often than before they came (docs/content-review.md has both, and the earlier figures).
//
// It also logs the ceiling of the FAQ's ranking (faqTally.ceiling): were it to choose perfectly when to
// answer, answering every did-you-mean whose first entry is right with that entry and never answering an
// ask no entry answers, it would get 92.2 % (default pack) and 92.5 % (A+ pack) right first (eleventh
// session; 89.7 % and 90.4 % before). That ceiling needs to know which answers are right: a second model
// choosing when to answer from nineteen figures of each match did no better than the one threshold (tenth
// and twelfth sessions, docs/content-review.md), so it is not a target within the code's reach.
//
// It also measures what the asks are worth: each FAQ learning from a quarter and a half of the other folds'
// asks must answer fewer right first than with all of them. Last measured (eleventh session): 68.1 %,
// 71.0 %, 74.2 % for the default pack; 68.2 %, 71.8 %, 75.0 % for the A+ pack: three points or so for each
// doubling of the asks. Under the race detector (go test -race) the curve is left out: training races
// nothing the ten folds' FAQs do not already run.
func TestFAQCrossValidated(t *testing.T) {
	if testing.Short() {
		t.Skip("trains sixty FAQs")
	}
	for _, c := range []struct {
		p                                    *quiz.Pack
		rightFloor, wrongCeiling, missingCap int
	}{
		{load(t), 7256, 249, 269},
		{loadAPlus(t), 5884, 237, 174},
	} {
		all := crossValidate(t, c.p, 10)
		holdFigures(t, c.p.ID+" cross-validated", all, c.rightFloor, c.wrongCeiling, c.missingCap)
		if raceDetector {
			continue // the curve trains forty FAQs more, and its figures are the same without the race detector
		}
		for _, every := range []int{2, 4} {
			if f := crossValidateLearning(t, c.p, 10, every); f.right >= all.right {
				t.Errorf("%s learning from 1 in %d of its asks: right first %d, as many as with all of them (%d)", c.p.ID, every, f.right, all.right)
			}
		}
	}
}

// TestFAQOfAPackWithoutAsksIsWary measures what a moderator's pack with no faq_asks of its own would get: each
// embedded pack's FAQ built with its own asks left out (the bot's kept), matched on its own blind asks. Such a
// FAQ is wary (quiz.FAQ.Wary): at the usual chance of 0.8 it answered 9.0 % and 10.9 % of them confidently
// wrong; wary, 3.7 % and 5.1 %, with as many right first (eighth session). The test holds the figures last
// measured (eleventh session, with the words as written among the classifier's features): 3246 of 4433
// right first and 128 (2.9 %) wrong; 1806 of 2491 and 133 (5.3 %). Before: 3280 and 177 (4.0 %); 1835 and
// 139 (5.6 %).
func TestFAQOfAPackWithoutAsksIsWary(t *testing.T) {
	for _, c := range []struct {
		p                        *quiz.Pack
		rightFloor, wrongCeiling int
	}{
		{load(t), 3246, 128},
		{loadAPlus(t), 1806, 133},
	} {
		blind, _ := splitSeen(c.p.FAQAsks)
		cases := askCases(blind)
		bare := *c.p
		bare.FAQAsks = nil
		asks, err := bot.FAQAsks(&bare)
		if err != nil {
			t.Fatal(err)
		}
		f := tallyFAQ(t, bot.NewFAQLearning(&bare, asks), cases, false)
		t.Logf("%s without its own asks, on them: right first %d of %d, confidently wrong %d", c.p.ID, f.right, f.total, f.wrong)
		if f.right < c.rightFloor || f.wrong > c.wrongCeiling {
			t.Errorf("%s without its own asks: right first %d (want at least %d), confidently wrong %d (want at most %d)",
				c.p.ID, f.right, c.rightFloor, f.wrong, c.wrongCeiling)
		}
	}
}
