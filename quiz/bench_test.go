package quiz_test

import (
	"testing"

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
