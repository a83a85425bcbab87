package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
)

// BenchPack is the pack the benchmarks' posts and score rows belong to: the default pack, whose board
// (bot.PackBoard) a channel's leaderboard reads unless the channel uses another pack.
const BenchPack = "healthcare-it"

// BenchLeaderboard asks the core for user's leaderboard in ch, the top 10 plus the caller's rank, as
// /study leaderboard does, over store s at now: this week, all time, and all time in security. "cold" is a
// bucket's first request in a process, which builds its snapshot; "warm" every request after it while the
// snapshot is young. Both stores' BenchmarkLeaderboard run it over their largest groups.
func BenchLeaderboard(b *testing.B, s bot.Store, ch bot.ChannelRef, user bot.User, now time.Time) {
	b.Helper()
	pack, err := packs.Default()
	if err != nil {
		b.Fatal(err)
	}
	if pack.ID != BenchPack {
		b.Fatalf("the default pack is %s, the benchmarks' data is %s's", pack.ID, BenchPack)
	}
	newBot := func() *bot.Bot {
		bt, err := bot.New(bot.Config{Store: s, Pack: pack, Clock: bot.NewManualClock(now)})
		if err != nil {
			b.Fatal(err)
		}
		return bt
	}
	ask := func(bt *bot.Bot, args []string) {
		// The reply already says what went wrong, as members see it; its error is not needed.
		r, _ := bt.HandleErr(context.Background(), bot.Command{Channel: ch, User: user, Name: "leaderboard", Args: args})
		if r.Table == nil || len(r.Table.Rows) != 10 || !strings.Contains(r.Table.Footer, "Your rank: #") {
			b.Fatalf("leaderboard %v: %d rows, footer %q, title %q", args, len(r.Table.Rows), r.Table.Footer, r.Table.Title)
		}
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"period=week", []string{"week"}},
		{"period=all", []string{"all"}},
		{"period=all/domain=security", []string{"all", "security"}},
	} {
		b.Run(tc.name+"/cold", func(b *testing.B) {
			for b.Loop() {
				ask(newBot(), tc.args)
			}
		})
		b.Run(tc.name+"/warm", func(b *testing.B) {
			bt := newBot()
			ask(bt, tc.args)
			for b.Loop() {
				ask(bt, tc.args)
			}
		})
	}
}
