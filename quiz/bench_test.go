package quiz_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/studybot/studybot/quiz"
)

func BenchmarkNextQuestion(b *testing.B) {
	p := examPack(b, map[string]int{"a": 39, "b": 45, "c": 78, "d": 75, "e": 63})
	h := quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}}
	for i, q := range p.Questions {
		if i%2 == 0 {
			h.Seen[q.ID] = true
			h.DomainCounts[q.Domain]++
		}
	}
	for b.Loop() {
		if _, err := p.Next(h, nil, "discord/g/c"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScheduleReview5000 replays a member's 5,000 graded answers over a 300-question pack into their
// cards and picks the next review card: the computation behind /study review and /study practice.
func BenchmarkScheduleReview5000(b *testing.B) {
	p := examPack(b, map[string]int{"a": 39, "b": 45, "c": 78, "d": 75, "e": 63})
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	answers := make([]quiz.Graded, 5000)
	for i := range answers {
		answers[i] = quiz.Graded{QuestionID: p.Questions[rng.IntN(len(p.Questions))].ID, Correct: rng.IntN(4) != 0,
			Guessed: rng.IntN(10) == 0, At: start.Add(time.Duration(i) * 25 * time.Minute)}
	}
	now := start.Add(100 * 24 * time.Hour)
	f := quiz.DefaultFSRS()
	for b.Loop() {
		cards := f.Cards(answers)
		if _, ok := p.NextReview(cards, now, quiz.ReviewOptions{NewLimit: 10, Seed: "u"}); !ok {
			b.Fatal("nothing to review")
		}
	}
}
