package quiz_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/studybot/studybot/quiz"
)

var t0 = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

func TestGradedRating(t *testing.T) {
	tests := []struct {
		g    quiz.Graded
		want quiz.Rating
	}{
		{quiz.Graded{Correct: false}, quiz.Again},
		{quiz.Graded{Correct: false, Guessed: true}, quiz.Again},
		{quiz.Graded{Correct: true}, quiz.Good},
		{quiz.Graded{Correct: true, Guessed: true}, quiz.Hard},
	}
	for _, tt := range tests {
		if got := tt.g.Rating(); got != tt.want {
			t.Errorf("%+v: rating %d, want %d", tt.g, got, tt.want)
		}
	}
}

// Cards replays each question's answers in time order, whatever order they come in, and is the same as
// reviewing by hand.
func TestCardsReplayInTimeOrder(t *testing.T) {
	f := quiz.DefaultFSRS()
	day := 24 * time.Hour
	tests := []struct {
		name    string
		answers []quiz.Graded
		want    map[string]quiz.Card
	}{
		{"none", nil, map[string]quiz.Card{}},
		{"one right", []quiz.Graded{{QuestionID: "a", Correct: true, At: t0}},
			map[string]quiz.Card{"a": f.Review(quiz.Card{}, quiz.Good, t0)}},
		{"guessed is hard", []quiz.Graded{{QuestionID: "a", Correct: true, Guessed: true, At: t0}},
			map[string]quiz.Card{"a": f.Review(quiz.Card{}, quiz.Hard, t0)}},
		{"out of order", []quiz.Graded{
			{QuestionID: "a", Correct: true, At: t0.Add(3 * day)},
			{QuestionID: "b", Correct: false, At: t0.Add(day)},
			{QuestionID: "a", Correct: false, At: t0},
		}, map[string]quiz.Card{
			"a": f.Review(f.Review(quiz.Card{}, quiz.Again, t0), quiz.Good, t0.Add(3*day)),
			"b": f.Review(quiz.Card{}, quiz.Again, t0.Add(day)),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.Cards(tt.answers)
			if len(got) != len(tt.want) {
				t.Fatalf("%d cards, want %d", len(got), len(tt.want))
			}
			for id, w := range tt.want {
				if g := got[id]; g != w {
					t.Errorf("card %s = %+v, want %+v", id, g, w)
				}
			}
		})
	}
}

func TestNextReview(t *testing.T) {
	p := examPack(t, map[string]int{"a": 2, "b": 2, "c": 2, "d": 2, "e": 2})
	card := func(due time.Time) quiz.Card { return quiz.Card{Reps: 1, Stability: 2, Difficulty: 5, Due: due} }
	now := t0
	tests := []struct {
		name     string
		cards    map[string]quiz.Card
		o        quiz.ReviewOptions
		want     string
		kind     quiz.PickKind
		nothing  bool
		wantFrom string // a domain, for picks of new questions
	}{
		{name: "most overdue first", cards: map[string]quiz.Card{
			"a0": card(now.Add(-time.Hour)), "b1": card(now.Add(-48 * time.Hour)), "c0": card(now.Add(time.Hour))},
			want: "b1", kind: quiz.PickDue},
		{name: "due exactly now counts", cards: map[string]quiz.Card{"c1": card(now)}, want: "c1", kind: quiz.PickDue},
		{name: "ties by id", cards: map[string]quiz.Card{"d1": card(now.Add(-time.Hour)), "d0": card(now.Add(-time.Hour))},
			want: "d0", kind: quiz.PickDue},
		{name: "excluded due card is skipped", cards: map[string]quiz.Card{"a0": card(now.Add(-2 * time.Hour)), "a1": card(now.Add(-time.Hour))},
			o: quiz.ReviewOptions{Exclude: map[string]bool{"a0": true}}, want: "a1", kind: quiz.PickDue},
		{name: "domain filter", cards: map[string]quiz.Card{"a0": card(now.Add(-2 * time.Hour)), "e1": card(now.Add(-time.Hour))},
			o: quiz.ReviewOptions{Allowed: []string{"e"}}, want: "e1", kind: quiz.PickDue},
		{name: "nothing due and no new allowed", cards: map[string]quiz.Card{"a0": card(now.Add(time.Hour))}, nothing: true},
		{name: "new from the weakest domain", cards: map[string]quiz.Card{"a0": card(now.Add(time.Hour))},
			o: quiz.ReviewOptions{NewLimit: 1, NewOrder: []string{"d", "a"}, Seed: "x"}, wantFrom: "d", kind: quiz.PickNew},
		{name: "weakest domain exhausted", cards: map[string]quiz.Card{"d0": card(now.Add(time.Hour)), "d1": card(now.Add(time.Hour))},
			o: quiz.ReviewOptions{NewLimit: 1, NewOrder: []string{"d", "c"}, Seed: "x"}, wantFrom: "c", kind: quiz.PickNew},
		{name: "new skips excluded", cards: map[string]quiz.Card{},
			o: quiz.ReviewOptions{NewLimit: 1, NewOrder: []string{"b"}, Exclude: map[string]bool{"b0": true}}, want: "b1", kind: quiz.PickNew},
		{name: "ahead when allowed", cards: map[string]quiz.Card{"a0": card(now.Add(2 * time.Hour)), "a1": card(now.Add(time.Hour))},
			o: quiz.ReviewOptions{Allowed: []string{"a"}, NewLimit: 5, Ahead: true}, want: "a1", kind: quiz.PickAhead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := p.NextReview(tt.cards, now, tt.o)
			if tt.nothing {
				if ok {
					t.Fatalf("picked %s, want nothing", got.Question.ID)
				}
				return
			}
			if !ok {
				t.Fatal("picked nothing")
			}
			if got.Kind != tt.kind {
				t.Errorf("kind %d, want %d", got.Kind, tt.kind)
			}
			if tt.want != "" && got.Question.ID != tt.want {
				t.Errorf("picked %s, want %s", got.Question.ID, tt.want)
			}
			if tt.wantFrom != "" && got.Question.Domain != tt.wantFrom {
				t.Errorf("picked %s from %s, want domain %s", got.Question.ID, got.Question.Domain, tt.wantFrom)
			}
			if _, seen := tt.cards[got.Question.ID]; tt.kind == quiz.PickNew && seen {
				t.Errorf("new pick %s was seen", got.Question.ID)
			}
		})
	}
}

func TestDueSummary(t *testing.T) {
	p := examPack(t, map[string]int{"a": 3, "b": 3, "c": 1, "d": 1, "e": 1})
	c := func(due time.Time) quiz.Card { return quiz.Card{Reps: 1, Due: due} }
	cards := map[string]quiz.Card{
		"a0": c(t0.Add(-time.Hour)), // due now
		"a1": c(t0.Add(26 * time.Hour)),
		"a2": c(t0.Add(49 * time.Hour)), // within a day of the first
		"b0": c(t0.Add(50 * time.Hour)), // excluded
		"b1": c(t0.Add(51 * time.Hour)), // more than a day after the first
		"zz": c(t0.Add(25 * time.Hour)), // not in the pack
	}
	exclude := map[string]bool{"b0": true}
	next, n, ok := p.DueSummary(cards, exclude, t0)
	if !ok || !next.Equal(t0.Add(26*time.Hour)) || n != 2 {
		t.Fatalf("DueSummary = %v, %d, %v; want %v, 2", next, n, ok, t0.Add(26*time.Hour))
	}
	if got := p.DueCount(cards, exclude, t0); got != 1 {
		t.Fatalf("DueCount = %d, want 1", got)
	}
	if _, _, ok := p.DueSummary(map[string]quiz.Card{"a0": c(t0)}, nil, t0); ok {
		t.Fatal("a summary with nothing scheduled after now")
	}
}

func TestNextSkipsExcluded(t *testing.T) {
	p := examPack(t, map[string]int{"a": 2, "b": 2, "c": 1, "d": 1, "e": 1})
	exclude := map[string]bool{"a0": true, "b1": true, "c0": true, "d0": true, "e0": true}
	h := quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}, Exclude: exclude}
	for i := 0; i < 6; i++ {
		pick, err := p.Next(h, nil, "k")
		if err != nil {
			t.Fatal(err)
		}
		if exclude[pick.Question.ID] {
			t.Fatalf("post %d: picked excluded %s", i, pick.Question.ID)
		}
		if pick.NewCycle {
			if len(h.Seen) != 2 {
				t.Fatalf("post %d: new cycle after %d questions, want 2", i, len(h.Seen))
			}
			h.Seen = map[string]bool{}
		}
		h.Seen[pick.Question.ID] = true
		h.DomainCounts[pick.Question.Domain]++
	}
	// A domain whose every question is excluded is left out; all excluded is no question at all.
	h = quiz.History{Exclude: map[string]bool{"a0": true, "a1": true, "c0": true, "d0": true, "e0": true}}
	if pick, err := p.Next(h, nil, "k"); err != nil || pick.Question.Domain != "b" {
		t.Fatalf("pick %+v, %v; want domain b", pick.Question, err)
	}
	h.Exclude["b0"], h.Exclude["b1"] = true, true
	if _, err := p.Next(h, nil, "k"); err != quiz.ErrNoQuestions {
		t.Fatalf("all excluded: %v, want ErrNoQuestions", err)
	}
}

// TestReviewAndReadinessStudyTheSameDomain: after one wrong answer in a domain of 15 %, readiness names the
// domain with the most to gain by weight (IT Operations-like 26 %), and review takes its new questions from
// that same domain first: one rule for both (it once took 9 of 10 from the 15 % domain).
func TestReviewAndReadinessStudyTheSameDomain(t *testing.T) {
	p := examPack(t, map[string]int{"a": 20, "b": 20, "c": 20, "d": 20, "e": 20}) // weights 13/15/26/25/21
	ev := []quiz.Evidence{{QuestionID: "b0", Domain: "b", Correct: false, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	r := p.Readiness(ev, now)
	if r.Next != "c" {
		t.Fatalf("readiness says study %s next, want c (26%% of the exam, no answers yet)", r.Next)
	}
	order := r.StudyOrder()
	if order[0] != r.Next {
		t.Fatalf("study order %v does not start with readiness's %s", order, r.Next)
	}
	cards := map[string]quiz.Card{"b0": {Due: now.Add(time.Hour)}}
	counts := map[string]int{}
	for i := range 10 {
		pick, ok := p.NextReview(cards, now, quiz.ReviewOptions{NewLimit: 10, NewOrder: order, Seed: fmt.Sprint(i)})
		if !ok || pick.Kind != quiz.PickNew {
			t.Fatalf("pick %d: %+v", i, pick)
		}
		counts[pick.Question.Domain]++
		cards[pick.Question.ID] = quiz.Card{Due: now.Add(time.Hour)}
	}
	if counts["c"] != 10 {
		t.Fatalf("new review questions by domain %v, want all 10 from c, the domain readiness names", counts)
	}
}

func TestStudyOrder(t *testing.T) {
	r := quiz.Readiness{Domains: []quiz.DomainReadiness{{Domain: "a", Gain: .06}, {Domain: "b", Gain: .10}, {Domain: "c", Gain: .06}, {Domain: "d", Gain: .08}}}
	got := r.StudyOrder()
	want := []string{"b", "d", "a", "c"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("StudyOrder = %v, want %v", got, want)
		}
	}
}

// Flashcards are picked only when review asks for them, on the questions' terms: a due card before a new
// one, and new cards within the limit. Without Flashcards, a pack of only cards offers nothing.
func TestNextReviewFlashcards(t *testing.T) {
	p, err := quiz.Parse("cards.yaml", []byte(`pack: cards
title: Cards
version: 1
domains:
  - {id: cells, name: Cells, weight: 100}
flashcards:
  - {id: c-one, domain: cells, front: one, back: the first}
  - {id: c-two, domain: cells, front: two, back: the second}
`))
	if err != nil {
		t.Fatal(err)
	}
	f := quiz.DefaultFSRS()
	if _, ok := p.NextReview(nil, t0, quiz.ReviewOptions{NewLimit: 5, Ahead: true}); ok {
		t.Fatal("picked a flashcard without Flashcards")
	}
	pick, ok := p.NextReview(nil, t0, quiz.ReviewOptions{NewLimit: 1, Flashcards: true})
	if !ok || !pick.IsFlashcard() || pick.Kind != quiz.PickNew || pick.Question.ID != "" {
		t.Fatalf("new pick %+v %v", pick, ok)
	}
	cards := f.Cards([]quiz.Graded{{QuestionID: "c-two", Correct: false, At: t0.Add(-48 * time.Hour)}})
	pick, ok = p.NextReview(cards, t0, quiz.ReviewOptions{NewLimit: 1, Flashcards: true})
	if !ok || pick.ID() != "c-two" || pick.Kind != quiz.PickDue || pick.Flashcard.Back != "the second" {
		t.Fatalf("due pick %+v %v", pick, ok)
	}
	if n := p.DueCount(cards, nil, t0); n != 1 {
		t.Fatalf("%d flashcards due, want 1", n)
	}
}
