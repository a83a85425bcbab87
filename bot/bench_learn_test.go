package bot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
)

// learnBench is a real SQLite store with the 300-question default pack and one member (u-bench) with
// attempts answers spread over the last 90 days.
type learnBench struct {
	bot   *bot.Bot
	db    *sqlite.DB
	clock *bot.ManualClock
	pack  *quiz.Pack
	ch    bot.ChannelRef
}

func newLearnBench(b *testing.B, attempts int) *learnBench {
	b.Helper()
	ctx := context.Background()
	pack, err := packs.Default()
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	lb := &learnBench{db: db, clock: bot.NewManualClock(now), pack: pack, ch: bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}}
	lb.bot, err = bot.New(bot.Config{Store: db, Pack: pack, Clock: lb.clock})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	g := lb.ch.Group()
	for i := range attempts {
		q := pack.Questions[rng.IntN(len(pack.Questions))]
		at := now.Add(-90 * 24 * time.Hour).Add(time.Duration(i) * 90 * 24 * time.Hour / time.Duration(attempts))
		id, err := db.CreatePractice(ctx, bot.Practice{Group: g, UserID: "u-bench", Kind: bot.KindReview, QuestionID: q.ID, Domain: q.Domain, CreatedAt: at})
		if err != nil {
			b.Fatal(err)
		}
		right := rng.IntN(4) != 0
		choice := q.Answer
		if !right {
			choice = (q.Answer + 1) % len(q.Choices)
		}
		if err := db.AnswerPractice(ctx, id, choice, right, at); err != nil {
			b.Fatal(err)
		}
	}
	return lb
}

func (lb *learnBench) do(b *testing.B, u bot.User, line string) bot.Reply {
	name, args := bot.ParseLine(line)
	r, err := lb.bot.HandleErr(context.Background(), bot.Command{Channel: lb.ch, User: u, Name: name, Args: args})
	if err != nil {
		b.Fatalf("%s: %v", line, err)
	}
	return r
}

var benchMember = bot.User{ID: "u-bench", Name: "Bench"}

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f b.N times and also reports the CPU time per operation ("cpu-ms/op"): on a machine shared
// with other work the wall time includes waiting for a core, which the CPU time does not.
func loop(b *testing.B, f func()) {
	b.Helper()
	start := cpuTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
}

// BenchmarkReviewCard is /study review for a member with 5,000 answers: read them, replay every card,
// estimate the weakest domain, pick the most overdue card and record it.
func BenchmarkReviewCard(b *testing.B) {
	lb := newLearnBench(b, 5000)
	loop(b, func() {
		if r := lb.do(b, benchMember, "/study review"); r.Card == nil {
			b.Fatalf("no card: %s", r.Text)
		}
	})
}

// BenchmarkReadiness is /study readiness for a member with 5,000 answers.
func BenchmarkReadiness(b *testing.B) {
	lb := newLearnBench(b, 5000)
	loop(b, func() {
		if r := lb.do(b, benchMember, "/study readiness"); r.Table == nil {
			b.Fatalf("no table: %s", r.Text)
		}
	})
}

// BenchmarkItemsCommand is a moderator's /study items on a stored snapshot of the 300-question pack
// computed from 1,000,000 answers: the worst list and one question's detail.
func BenchmarkItemsCommand(b *testing.B) {
	lb := newLearnBench(b, 0)
	ctx := context.Background()
	const members, answers = 10_000, 1_000_000
	rng := rand.New(rand.NewPCG(3, 4))
	r := quiz.Responses{Question: make([]int32, answers), Member: make([]int32, answers), Choice: make([]int8, answers), Correct: make([]bool, answers)}
	choices := make([]int, len(lb.pack.Questions))
	for i, q := range lb.pack.Questions {
		choices[i] = len(q.Choices)
	}
	for i := range answers {
		q := rng.IntN(len(choices))
		c := rng.IntN(choices[q])
		r.Question[i], r.Member[i], r.Choice[i], r.Correct[i] = int32(q), int32(rng.IntN(members)), int8(c), c == lb.pack.Questions[q].Answer
	}
	snap := bot.ItemSnapshot{ComputedAt: lb.clock.Now(), Stats: map[string]quiz.ItemStats{}}
	for i, st := range quiz.ComputeItemStats(r, len(choices), choices, members) {
		snap.Stats[lb.pack.Questions[i].ID] = st
		snap.Answers += st.Answers
	}
	g := lb.ch.Group()
	if err := lb.db.SaveItemSnapshot(ctx, g, snap); err != nil {
		b.Fatal(err)
	}
	for i := range 40 {
		if _, err := lb.db.AddFlag(ctx, g, bot.Flag{QuestionID: lb.pack.Questions[i%20].ID, UserID: fmt.Sprint("u", i), Reason: "unclear", At: lb.clock.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	id := lb.pack.Questions[0].ID
	loop(b, func() {
		if r := lb.do(b, mod, "/study items worst"); r.Table == nil || len(r.Table.Rows) == 0 {
			b.Fatalf("worst: %+v", r)
		}
		if r := lb.do(b, mod, "/study items "+id); r.Table == nil {
			b.Fatalf("detail: %+v", r)
		}
	})
}
