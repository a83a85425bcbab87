package bot

import (
	"math/rand/v2"
	"testing"

	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// BenchmarkComputeItemStats1M maps 1,000,000 stored answers onto the 300-question pack and computes every
// question's statistics: the computation behind a snapshot, without the database read.
func BenchmarkComputeItemStats1M(b *testing.B) {
	pack, err := packs.Default()
	if err != nil {
		b.Fatal(err)
	}
	const members, answers = 10_000, 1_000_000
	rng := rand.New(rand.NewPCG(5, 6))
	resp := ItemResponses{Members: members, Responses: quiz.Responses{Question: make([]int32, answers), Member: make([]int32, answers),
		Choice: make([]int8, answers), Correct: make([]bool, answers)}}
	for _, q := range pack.Questions {
		resp.QuestionIDs = append(resp.QuestionIDs, q.ID)
	}
	for i := range answers {
		q := rng.IntN(len(pack.Questions))
		c := rng.IntN(len(pack.Questions[q].Choices))
		resp.Responses.Question[i], resp.Responses.Member[i] = int32(q), int32(rng.IntN(members))
		resp.Responses.Choice[i], resp.Responses.Correct[i] = int8(c), c == pack.Questions[q].Answer
	}
	for b.Loop() {
		if snap := computeItemStats(pack, resp); snap.Answers != answers {
			b.Fatalf("%d answers", snap.Answers)
		}
	}
}
