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
// most 3%, did you mean without the right entry at most 3%), which it does not meet. Sixth session: the
// default pack 1853 of 2524 right first (73.4%), 95 confidently wrong (3.8%), 180 did you mean without the
// right entry (7.1%); the A+ pack 911 of 1320 (69.0%), 76 (5.8%), 83 (6.3%). Seventh session, without the
// asks near the new frozen sets' (v9, A+ v4): 1817 of 2477 (73.4%), 98 (4.0%), 171 (6.9%); 893 of 1291
// (69.2%), 76 (5.9%), 80 (6.2%). With six more sets of asks (t8-t11, ta3, ta4), each read as the bot reads
// a message (bot.Asked): 2298 of 3148 (73.0%), 142 (4.5%), 239 (7.6%); 1260 of 1798 (70.1%), 114 (6.3%),
// 103 (5.7%). With eight sets more written having seen a few entries each (tg1-tg8, seen: true, learnt from
// and never measured on): 2329 of 3148 (74.0%), 133 (4.2%), 218 (6.9%); 1285 of 1798 (71.5%), 119 (6.6%),
// 98 (5.5%). With fourteen sets more of blind asks (t12-t25, 150 each) and seven more for A+ (ta5-ta12), and
// each ask's second entry where its reader named one counted as right: 4096 of 5480 (74.7%), 212 (3.9%), 402
// (7.3%); 2685 of 3628 (74.0%), 145 (4.0%), 169 (4.7%). Eighth session, without the asks near the new frozen
// sets' (v10, A+ v5): 4019 of 5406 (74.3%), 208 (3.8%), 390 (7.2%); 2618 of 3548 (73.8%), 155 (4.4%), 164
// (4.6%). With one repeated bot ask dropped: 4038 of 5406 (74.7%), 207 (3.8%), 397 (7.3%); 2620 of 3548
// (73.8%), 148 (4.2%), 163 (4.6%). Then, with the closest entries offered to asks most likely out of scope (FAQMatch.Unlikely): did you mean
// without the right entry 281 (5.2%) and 125 (3.5%), the rest the same. With six more A+ sets (ta13-ta18,
// 813 asks kept): 4210 of 5655 (74.4%), 210 (3.7%), 287 (5.1%); 3276 of 4361 (75.1%), 179 (4.1%), 167
// (3.8%). On the asks measured before, the new ones learnt from and never measured: 4056 of 5386 (75.3%), 210
// (3.9%), 265 (4.9%); 2631 of 3523 (74.7%), 132 (3.7%), 139 (3.9%).
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

// TestFAQAsksAreNotHeldOutAsks keeps the frozen held-out sets held out: no ask a FAQ learns from (a pack's
// faq_asks, the bot's) is a near-copy of one of their asks. The test names only the held-out set's line.
func TestFAQAsksAreNotHeldOutAsks(t *testing.T) {
	for _, p := range []*quiz.Pack{load(t), loadAPlus(t)} {
		asks, err := bot.FAQAsks(p)
		if err != nil {
			t.Fatal(err)
		}
		terms := make([]map[string]bool, len(asks))
		for i, a := range asks {
			terms[i] = termSet(a.Ask)
		}
		for _, s := range frozenFor(p.ID) {
			for _, h := range loadCases(t, s.file) {
				ht := termSet(h.question)
				for i, at := range terms {
					if jaccard(at, ht) >= nearCopy {
						t.Errorf("%s: ask %d of those it learns from is too close to the held-out ask at %s:%d", p.ID, i, s.file, h.line)
					}
				}
			}
		}
	}
}

// TestFAQOfAPackWithoutAsksIsWary measures what a moderator's pack with no faq_asks of its own would get: each
// embedded pack's FAQ built with its own asks left out (the bot's kept), matched on its own blind asks. Such a
// FAQ is wary (quiz.FAQ.Wary): at the usual chance of 0.8 it answered 9.0 % and 10.9 % of them confidently
// wrong; wary, 3.7 % and 5.1 %, with as many right first. Eighth session, without the asks near the new
// frozen sets' (v10, A+ v5) and one repeated bot ask: 2310 of 3052 right first and 115 (3.8 %) wrong; 870 of
// 1194 and 61 (5.1 %). With six more A+ sets: 2311 of 3052 and 115 (3.8 %); 1279 of 1758 and 101 (5.7 %).
// The test holds those figures.
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
