package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/storetest/stores"
	"github.com/studybot/studybot/internal/logbuf"
)

// dmChat is a chat that also sends direct messages, refusing the members in refuse as a platform refuses
// a member who blocks the bot.
type dmChat struct {
	fakeChat
	dmu    sync.Mutex
	dms    []sentDM
	tries  map[string]int
	refuse map[string]bool
}

type sentDM struct {
	user, text, key string
}

func (c *dmChat) DirectMessage(_ context.Context, _ bot.GroupRef, userID string, msg bot.Reply, send bot.Send) (string, error) {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	c.tries[userID]++
	if c.refuse[userID] {
		return "", fmt.Errorf("fake: Cannot send messages to this user: %w", bot.ErrDMRefused)
	}
	c.dms = append(c.dms, sentDM{user: userID, text: msg.Text, key: send.Key})
	return fmt.Sprintf("dm%d", len(c.dms)), nil
}

// to returns the direct messages a member got.
func (c *dmChat) to(userID string) []sentDM {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	var out []sentDM
	for _, d := range c.dms {
		if d.user == userID {
			out = append(out, d)
		}
	}
	return out
}

func (c *dmChat) triesOf(userID string) int {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	return c.tries[userID]
}

// remindEnv is a group with a scheduled channel, on one store, with processes (Bots) built on it.
type remindEnv struct {
	t     *testing.T
	open  func() bot.Store
	clock *bot.ManualClock
	chat  *dmChat
	ch    bot.ChannelRef
	logs  *logbuf.Buffer
}

func newRemindEnv(t *testing.T, open func() bot.Store, start time.Time) *remindEnv {
	return &remindEnv{t: t, open: open, clock: bot.NewManualClock(start),
		chat: &dmChat{tries: map[string]int{}, refuse: map[string]bool{}},
		ch:   bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}, logs: &logbuf.Buffer{}}
}

// process builds a Bot on its own store handle: a studybot process.
func (e *remindEnv) process() *bot.Bot {
	e.t.Helper()
	b, err := bot.New(bot.Config{Store: e.open(), Pack: mustPack(e.t), Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat},
		Logger: slog.New(slog.NewTextHandler(e.logs, nil))})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *remindEnv) run(b *bot.Bot, u bot.User, name string, args ...string) string {
	e.t.Helper()
	r, _ := b.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: u, Name: name, Args: args})
	return r.Text
}

func (e *remindEnv) tick(b *bot.Bot) {
	e.t.Helper()
	if err := b.Tick(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	if err := b.Flush(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// answerOpen answers the channel's open question as u, right or wrong.
func (e *remindEnv) answerOpen(b *bot.Bot, u bot.User, right bool) {
	e.t.Helper()
	cards := e.chat.cards()
	if len(cards) == 0 {
		e.t.Fatal("no question was posted")
	}
	c := cards[len(cards)-1].reply.Card
	q, _ := mustPack(e.t).Question(c.QuestionID)
	choice := q.Answer
	if !right {
		choice = (q.Answer + 1) % len(q.Choices)
	}
	r, err := b.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: u, Name: bot.ActionAnswer, Click: true,
		Args: []string{fmt.Sprint(c.PostID), string(rune('A' + choice))}})
	if err != nil {
		e.t.Fatalf("answer: %v (%s)", err, r.Text)
	}
}

// day1 schedules the channel at 09:00 UTC on Monday 5 January 2026, posts the first question and has
// each member answer it right, so that each has a streak of 1 there.
func (e *remindEnv) day1(b *bot.Bot, members ...bot.User) {
	e.t.Helper()
	e.clock.Set(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	e.run(b, mod, "schedule", "09:00", "UTC")
	e.clock.Set(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	e.tick(b)
	for _, m := range members {
		e.answerOpen(b, m, true)
	}
}

// at moves the clock to hh:mm on day d of January 2026 and ticks once in b.
func (e *remindEnv) at(b *bot.Bot, d, hh, mm int) {
	e.t.Helper()
	e.clock.Set(time.Date(2026, 1, d, hh, mm, 0, 0, time.UTC))
	e.tick(b)
}

// TestReminderNudgesOnceADayAboutTheOpenQuestionAndStreak: a member with reminders on gets one private
// message at their time on the day the channel's question they have not answered closes before their next
// reminder, naming the streak it would end; later ticks that day, and another process on the same
// database, send nothing more; a member with nothing to do gets nothing, and one with reminders off
// nothing either.
func TestReminderNudgesOnceADayAboutTheOpenQuestionAndStreak(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		e := newRemindEnv(t, open, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		b := e.process()
		e.day1(b, alice, bob, carol)
		mustContain(t, e.run(b, alice, "remind", "on"), "18:00")
		mustContain(t, e.run(b, bob, "remind", "on", "18:00"), "18:00")
		e.run(b, carol, "remind", "on")
		e.run(b, carol, "remind", "off")

		e.at(b, 5, 18, 0) // Monday: everyone answered; nothing to say
		if got := len(e.chat.to(alice.ID)) + len(e.chat.to(bob.ID)); got != 0 {
			t.Fatalf("%d reminders on a day with nothing to do", got)
		}
		e.at(b, 6, 9, 0) // Tuesday's question
		e.answerOpen(b, bob, true)
		e.at(b, 6, 17, 59)
		if n := len(e.chat.to(alice.ID)); n != 0 {
			t.Fatalf("a reminder came before the member's time: %d", n)
		}
		e.at(b, 6, 18, 0)
		dms := e.chat.to(alice.ID)
		if len(dms) != 1 {
			t.Fatalf("alice got %d reminders at her time, want 1", len(dms))
		}
		mustContain(t, dms[0].text, "closes Wed 09:00 UTC and you have not answered it")
		mustContain(t, dms[0].text, "Your streak of 1 there ends if it closes unanswered")
		if n := len(e.chat.to(bob.ID)); n != 0 {
			t.Fatalf("bob, who answered, got %d reminders", n)
		}
		if n := e.chat.triesOf(carol.ID); n != 0 {
			t.Fatalf("carol, whose reminders are off, was sent %d", n)
		}
		e.at(b, 6, 18, 30)
		e.at(b, 6, 23, 59)
		b2 := e.process() // a restart, or a replica, on the same database
		e.at(b2, 6, 23, 59)
		if n := len(e.chat.to(alice.ID)); n != 1 {
			t.Fatalf("alice got %d reminders on one day, want 1", n)
		}
	})
}

// TestReminderFollowsTheMembersZoneAndTime: the nudge comes at the member's time in their own zone, and
// speaks of times in it.
func TestReminderFollowsTheMembersZoneAndTime(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		e := newRemindEnv(t, open, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		b := e.process()
		e.day1(b, alice)
		mustContain(t, e.run(b, alice, "me zone", "America/Chicago"), "America/Chicago")
		mustContain(t, e.run(b, alice, "remind", "on", "07:30"), "07:30 America/Chicago (your zone)")
		e.at(b, 6, 9, 0)  // Tuesday's question, closing Wednesday 09:00 UTC (03:00 in Chicago)
		e.at(b, 6, 13, 0) // 07:00 in Chicago: not yet
		if n := len(e.chat.to(alice.ID)); n != 0 {
			t.Fatalf("the reminder came before 07:30 in the member's zone: %d", n)
		}
		e.at(b, 6, 13, 30)
		dms := e.chat.to(alice.ID)
		if len(dms) != 1 {
			t.Fatalf("alice got %d reminders at 07:30 Chicago time, want 1", len(dms))
		}
		mustContain(t, dms[0].text, "closes Wed 03:00 CST")
	})
}

// TestReminderToAMemberWhoRefusesDirectMessagesIsRecordedOnce: the platform's refusal is stored and
// logged once; the member is not tried again the next days, whichever process ticks, until they turn
// reminders on again, and /study remind tells them why none come.
func TestReminderToAMemberWhoRefusesDirectMessagesIsRecordedOnce(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		e := newRemindEnv(t, open, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		b := e.process()
		e.day1(b, carol)
		e.run(b, carol, "remind", "on")
		e.chat.refuse[carol.ID] = true
		e.at(b, 6, 9, 0)
		e.at(b, 6, 18, 0)
		if n := e.chat.triesOf(carol.ID); n != 1 {
			t.Fatalf("carol was tried %d times, want 1", n)
		}
		b2 := e.process()
		mustContain(t, e.run(b2, carol, "remind"), "refused studybot a direct message")
		e.at(b2, 7, 9, 0)
		e.at(b2, 7, 18, 0)
		e.at(b, 8, 9, 0)
		e.at(b, 8, 18, 0)
		if n := e.chat.triesOf(carol.ID); n != 1 {
			t.Fatalf("carol was tried %d times after refusing direct messages, want 1", n)
		}
		refusals := 0
		for _, l := range strings.Split(e.logs.String(), "\n") {
			if strings.Contains(l, "refused a direct message") {
				refusals++
			}
		}
		if n := refusals; n != 1 {
			t.Fatalf("the refusal was logged %d times, want once:\n%s", n, e.logs.String())
		}
		e.chat.refuse[carol.ID] = false
		mustContain(t, e.run(b, carol, "remind", "on"), "Reminders on")
		e.at(b, 9, 9, 0)
		e.at(b, 9, 18, 0)
		if n := len(e.chat.to(carol.ID)); n != 1 {
			t.Fatalf("after /study remind on again carol got %d reminders, want 1", n)
		}
	})
}

// TestMeZoneShowsSetsAndClears: /study me zone shows the member's zone, takes an IANA zone, refuses an
// abbreviation, and off goes back to the group's.
func TestMeZoneShowsSetsAndClears(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		e := newRemindEnv(t, open, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		b := e.process()
		mustContain(t, e.run(b, alice, "me zone"), "no time zone of your own")
		mustContain(t, e.run(b, alice, "me zone", "EST"), "abbreviation")
		mustContain(t, e.run(b, alice, "me zone", "america/chicago"), "now America/Chicago")
		mustContain(t, e.run(b, alice, "me zone"), "Your time zone is America/Chicago")
		mustContain(t, e.run(b, bob, "me zone"), "no time zone of your own")
		mustContain(t, e.run(b, alice, "me zone", "off"), "cleared")
		mustContain(t, e.run(b, alice, "me zone"), "no time zone of your own")
	})
}

// TestPrivateRepliesShowTimesInTheMembersZone: the mock exam's end and the history's weeks are in the
// member's own zone, where they set one, and in the group's otherwise.
func TestPrivateRepliesShowTimesInTheMembersZone(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		e := newRemindEnv(t, open, time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		b := e.process()
		e.run(b, alice, "me zone", "America/Chicago")
		mustContain(t, e.run(b, alice, "exam", "start"), "(until Mon 03:00 CST)")
		mustContain(t, e.run(b, bob, "exam", "start"), "(until Mon 09:00 UTC)")
		e.day1(b, alice)
		r, _ := b.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: alice, Name: "history"})
		if r.Table == nil {
			t.Fatalf("history: %s", r.Text)
		}
		mustContain(t, r.Table.Footer, "Monday in America/Chicago")
	})
}
