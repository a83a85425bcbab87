package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// mapLibrary is a bot.Library of packs held in memory, each at its one version.
type mapLibrary map[string]*quiz.Pack

func (l mapLibrary) PackNames(context.Context) ([]string, error) {
	var out []string
	for n := range l {
		out = append(out, n)
	}
	return out, nil
}

func (l mapLibrary) PackOwner(context.Context, string) (string, error) { return "", nil }

func (l mapLibrary) Pack(_ context.Context, name string, version int) (*quiz.Pack, error) {
	p, ok := l[name]
	if !ok || (version != 0 && version != p.Version) {
		return nil, bot.Errorf(bot.ENOTFOUND, "no pack %s", name)
	}
	return p, nil
}

// TestFAQFollowsTheChannelsPack: /study faq, or a mention, in a channel that uses the A+ pack answers from
// the A+ pack's entries and lists its topics; the channel on the default pack keeps the Healthcare IT ones.
func TestFAQFollowsTheChannelsPack(t *testing.T) {
	e := newEnv(t, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	aplus, ok, err := packs.Load("aplus-core1")
	if err != nil || !ok {
		t.Fatalf("load aplus-core1: %v %v", ok, err)
	}
	b, err := bot.New(bot.Config{Store: e.db, Pack: e.pack, Clock: e.clock, Library: mapLibrary{e.pack.ID: e.pack, aplus.ID: aplus}})
	if err != nil {
		t.Fatal(err)
	}
	aCh := bot.ChannelRef{Platform: e.ch.Platform, GroupID: e.ch.GroupID, ChannelID: "aplus"}
	run := func(ch bot.ChannelRef, u bot.User, line string) bot.Reply {
		t.Helper()
		name, args := bot.ParseLine(line)
		return handled(b.HandleErr(context.Background(), bot.Command{Channel: ch, User: u, Name: name, Args: args}))
	}
	run(aCh, mod, "/study pack use aplus-core1")
	if r := run(aCh, alice, "/study faq what does core 2 add"); !strings.Contains(r.Text, "What does A+ Core 2 add") {
		t.Errorf("A+ channel's FAQ: %q", r.Text)
	}
	if r := b.AnswerFAQ(context.Background(), aCh, "what does core 2 add"); !strings.Contains(r.Text, "What does A+ Core 2 add") {
		t.Errorf("a mention in the A+ channel: %q", r.Text)
	}
	if r := b.AnswerFAQ(context.Background(), e.ch, "what does core 2 add"); strings.Contains(r.Text, "What does A+ Core 2 add") {
		t.Errorf("a mention in the default channel answered from the A+ pack: %q", r.Text)
	}
	if r := run(aCh, alice, "/study faq"); !strings.Contains(r.Text, "A+ Core 1") || strings.Contains(r.Text, "HIT-001") {
		t.Errorf("A+ channel's topics: %q", r.Text)
	}
	if r := run(e.ch, alice, "/study faq"); !strings.Contains(r.Text, "Healthcare IT certificate") || strings.Contains(r.Text, "A+") {
		t.Errorf("default channel's topics: %q", r.Text)
	}
}

// TestEachPackHasItsOwnBoard: a group studying two packs in two channels has two leaderboards: each
// channel's board counts the answers to its pack's questions.
func TestEachPackHasItsOwnBoard(t *testing.T) {
	e := newEnv(t, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	aplus, ok, err := packs.Load("aplus-core1")
	if err != nil || !ok {
		t.Fatalf("load aplus-core1: %v %v", ok, err)
	}
	b, err := bot.New(bot.Config{Store: e.db, Pack: e.pack, Clock: e.clock, Library: mapLibrary{e.pack.ID: e.pack, aplus.ID: aplus}})
	if err != nil {
		t.Fatal(err)
	}
	aCh := bot.ChannelRef{Platform: e.ch.Platform, GroupID: e.ch.GroupID, ChannelID: "aplus"}
	ctx := context.Background()
	run := func(ch bot.ChannelRef, u bot.User, line string) bot.Reply {
		t.Helper()
		name, args := bot.ParseLine(line)
		return handled(b.HandleErr(ctx, bot.Command{Channel: ch, User: u, Name: name, Args: args}))
	}
	answer := func(ch bot.ChannelRef, u bot.User) {
		t.Helper()
		p, err := e.db.OpenPost(ctx, ch)
		if err != nil {
			t.Fatal(err)
		}
		handled(b.HandleErr(ctx, bot.Command{Channel: ch, User: u, Name: bot.ActionAnswer, Args: []string{fmt.Sprint(p.ID), "A"}, Click: true}))
	}
	run(aCh, mod, "/study pack use aplus-core1")
	run(aCh, mod, "/study post")
	answer(aCh, alice)
	run(e.ch, mod, "/study post")
	answer(e.ch, bob)
	names := func(r bot.Reply) string {
		var out []string
		for _, row := range r.Table.Rows {
			out = append(out, row[1])
		}
		return strings.Join(out, ",")
	}
	if r := run(aCh, carol, "/study leaderboard all"); names(r) != "Alice" || !strings.Contains(r.Table.Title, aplus.Title) {
		t.Errorf("the A+ channel's board: %q %q", r.Table.Title, names(r))
	}
	if r := run(e.ch, carol, "/study leaderboard all"); names(r) != "Bob" {
		t.Errorf("the default channel's board: %q %q", r.Table.Title, names(r))
	}
}
