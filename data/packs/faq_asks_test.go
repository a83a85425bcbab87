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
			fqs[k] = bot.NewFAQLearning(p, slices.Concat(blind[:lo], blind[hi:], seen))
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
	t.Logf("%s, %d asks in %d folds: right first %d (%.1f%%), confidently wrong %d (%.1f%%), did you mean without the right entry %d (%.1f%%)",
		p.ID, f.total, folds, f.right, pct(f.right), f.wrong, pct(f.wrong), f.maybeMissing, pct(f.maybeMissing))
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
// most 3%, did you mean without the right entry at most 3%), which it does not meet. Last measured (eighth
// session): 4210 of 5655 (74.4%), 210 (3.7%), 287 (5.1%) for the default pack; 3276 of 4361 (75.1%), 179
// (4.1%), 167 (3.8%) for the A+ pack. Earlier figures, and what moved them, are in docs/content-review.md.
func TestFAQCrossValidated(t *testing.T) {
	if testing.Short() {
		t.Skip("trains twenty FAQs")
	}
	for _, c := range []struct {
		p                                    *quiz.Pack
		rightFloor, wrongCeiling, missingCap int
	}{
		{load(t), 4210, 210, 287},
		{loadAPlus(t), 3276, 179, 167},
	} {
		holdFigures(t, c.p.ID+" cross-validated", crossValidate(t, c.p, 10), c.rightFloor, c.wrongCeiling, c.missingCap)
	}
}

// TestFAQOfAPackWithoutAsksIsWary measures what a moderator's pack with no faq_asks of its own would get: each
// embedded pack's FAQ built with its own asks left out (the bot's kept), matched on its own blind asks. Such a
// FAQ is wary (quiz.FAQ.Wary): at the usual chance of 0.8 it answered 9.0 % and 10.9 % of them confidently
// wrong; wary, 3.7 % and 5.1 %, with as many right first. The test holds the figures last measured (eighth
// session): 2311 of 3052 right first and 115 (3.8 %) wrong; 1279 of 1758 and 101 (5.7 %).
func TestFAQOfAPackWithoutAsksIsWary(t *testing.T) {
	for _, c := range []struct {
		p                        *quiz.Pack
		rightFloor, wrongCeiling int
	}{
		{load(t), 2311, 115},
		{loadAPlus(t), 1279, 101},
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
