package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
)

// readRecorder is the real store, noting every channel it hands the scheduler.
type readRecorder struct {
	*sqlite.DB
	mu   sync.Mutex
	read []string
}

func (r *readRecorder) note(list []bot.Channel) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range list {
		r.read = append(r.read, c.Ref.ChannelID)
	}
}

func (r *readRecorder) ScheduledChannels(ctx context.Context) ([]bot.Channel, error) {
	list, err := r.DB.ScheduledChannels(ctx)
	r.note(list)
	return list, err
}

func (r *readRecorder) ClaimDueChannels(ctx context.Context, now, until time.Time, max int) ([]bot.Channel, error) {
	list, err := r.DB.ClaimDueChannels(ctx, now, until, max)
	r.note(list)
	return list, err
}

// take returns the channels read since the last call.
func (r *readRecorder) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := fmt.Sprint(r.read)
	r.read = nil
	return s
}

// TestTickReadsOnlyTheSchedulesDue: with one channel scheduled at 09:00 and another at 21:00, the tick at
// 09:00 reads the first only, the ticks between read neither, and the one at 21:00 reads the second; each
// still gets its question, and the bot's count of rows read says the same.
func TestTickReadsOnlyTheSchedulesDue(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	rec := &readRecorder{DB: e.db}
	b, err := bot.New(bot.Config{Store: rec, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	e.do(mod, "/study schedule 09:00")
	evening := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c2"}
	name, args := bot.ParseLine("/study schedule 21:00")
	handled(b.HandleErr(context.Background(), bot.Command{Channel: evening, User: mod, Name: name, Args: args}))

	for _, step := range []struct {
		at    time.Time
		read  string
		rows  int64
		cards int
	}{
		{time.Date(2026, 3, 2, 8, 40, 0, 0, time.UTC), "[]", 0, 0},
		{time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), "[c1]", 1, 1},
		{time.Date(2026, 3, 2, 9, 0, 20, 0, time.UTC), "[]", 0, 1},
		{time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), "[]", 0, 1},
		{time.Date(2026, 3, 2, 21, 0, 20, 0, time.UTC), "[c2]", 1, 2},
		{time.Date(2026, 3, 2, 23, 59, 0, 0, time.UTC), "[]", 0, 2},
	} {
		e.clock.Set(step.at)
		before := b.TickStats()
		e.tick()
		if got := rec.take(); got != step.read {
			t.Errorf("tick at %s read the schedules of %s, want %s", step.at.Format("15:04:05"), got, step.read)
		}
		if got := b.TickStats().Rows - before.Rows; got != step.rows {
			t.Errorf("tick at %s: %d rows read counted, want %d", step.at.Format("15:04:05"), got, step.rows)
		}
		if n := len(e.chat.cards()); n != step.cards {
			t.Fatalf("after the tick at %s: %d cards, want %d", step.at.Format("15:04:05"), n, step.cards)
		}
	}
}

// TestScheduleKeepsLocalTimeAcrossDSTWhenTicksAreSparse: the next due time worked out before a
// daylight-saving change is the slot's local time after it. The schedule is set on Friday afternoon; the
// clock then jumps straight to the moments that matter, a minute before and at 09:00 local on Saturday and
// on Sunday, the day the clocks change: each day's question is posted at 09:00 local, not a minute before
// and not an hour off, and the schedule is next due at the next 09:00 local.
func TestScheduleKeepsLocalTimeAcrossDSTWhenTicksAreSparse(t *testing.T) {
	for _, tc := range []struct {
		name   string
		friday time.Time
	}{
		{"march", time.Date(2026, 3, 6, 15, 0, 0, 0, newYork)},      // DST starts Sunday 8 March
		{"november", time.Date(2026, 10, 30, 15, 0, 0, 0, newYork)}, // DST ends Sunday 1 November
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.friday)
			e.do(mod, "/study schedule 09:00 America/New_York daily")
			y, m, d := tc.friday.Date()
			for day := 1; day <= 2; day++ {
				nine := time.Date(y, m, d+day, 9, 0, 0, 0, newYork)
				e.clock.Set(nine.Add(-time.Minute))
				e.tick()
				if n := len(e.chat.cards()); n != day-1 {
					t.Fatalf("%s: %d cards at 08:59 local, want %d", nine.Format("Mon 2 Jan"), n, day-1)
				}
				e.clock.Set(nine)
				e.tick()
				if n := len(e.chat.cards()); n != day {
					t.Fatalf("%s: %d cards at 09:00 local (%s UTC), want %d", nine.Format("Mon 2 Jan"), n, nine.UTC().Format("15:04"), day)
				}
				if p := e.openPost(); !p.PostedAt.Equal(nine) {
					t.Fatalf("posted at %v, want %v", p.PostedAt.In(newYork), nine)
				}
				c, err := e.db.Channel(context.Background(), e.ch)
				if err != nil {
					t.Fatal(err)
				}
				if next := time.Date(y, m, d+day+1, 9, 0, 0, 0, newYork); !c.Schedule.NextDue.Equal(next) {
					t.Fatalf("after %s's post the schedule is next due %v, want %v", nine.Format("Mon"), c.Schedule.NextDue.In(newYork), next)
				}
			}
		})
	}
}

// TestScheduleKeptBeforeNextDueIsWorkedOutAtTheFirstTick: a schedule stored without a next due time (as
// the migration leaves those set before it) is handled at the first tick, and a slot it missed earlier that
// day is posted once, as product.md's "The job" item 6 wants; from then on it waits for its next slot.
func TestScheduleKeptBeforeNextDueIsWorkedOutAtTheFirstTick(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC))
	s := &bot.Schedule{Hour: 9, Zone: "UTC", Days: bot.AllDays, Window: bot.DefaultWindow, Since: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)}
	if err := e.db.SetSchedule(context.Background(), e.ch, s); err != nil {
		t.Fatal(err)
	}
	e.tick()
	e.clock.Add(20 * time.Second)
	e.tick()
	if n := len(e.chat.cards()); n != 1 {
		t.Fatalf("%d cards for the 09:00 slot missed before 11:00, want 1", n)
	}
	c, _ := e.db.Channel(context.Background(), e.ch)
	if want := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC); c.Schedule == nil || !c.Schedule.NextDue.Equal(want) {
		t.Fatalf("next due %+v, want %v", c.Schedule, want)
	}
	before := e.bot.TickStats()
	e.clock.Add(time.Hour)
	e.tick()
	if rows := e.bot.TickStats().Rows - before.Rows; rows != 0 {
		t.Fatalf("an idle tick read %d rows", rows)
	}
}

// failingPosts is the real store whose CreatePost fails, as a replica that dies or loses its database
// between claiming a channel and recording its question.
type failingPosts struct {
	*sqlite.DB
}

func (failingPosts) CreatePost(context.Context, bot.Post, time.Time) (bot.Post, *bot.Post, error) {
	return bot.Post{}, nil, errors.New("connection reset")
}

// TestAClaimedSlotIsLeftToItsReplicaUntilTheClaimLapses: a replica claims a due channel before choosing
// its question, and another replica ticking at the same moment leaves that channel alone (its read does not
// even return it). When the first replica fails to record the question, the
// channel is due again once the claim lapses, and the second replica posts it then, once.
func TestAClaimedSlotIsLeftToItsReplicaUntilTheClaimLapses(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00")
	failing, err := bot.New(bot.Config{Store: failingPosts{e.db}, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat}})
	if err != nil {
		t.Fatal(err)
	}
	if err := failing.Tick(context.Background()); err == nil {
		t.Fatal("the failing replica's tick reported no error")
	}
	db2, err := sqlite.Open(context.Background(), e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	rec := &readRecorder{DB: db2}
	chat2 := &fakeChat{}
	other, err := bot.New(bot.Config{Store: rec, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": chat2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after time.Duration
		cards int
	}{{0, 0}, {30 * time.Second, 0}, {61 * time.Second, 1}, {90 * time.Second, 1}} {
		e.clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(step.after))
		if err := other.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := other.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := len(chat2.cards()) + len(e.chat.cards()); n != step.cards {
			t.Fatalf("%v after the slot: %d cards, want %d", step.after, n, step.cards)
		}
	}
	if got := rec.take(); got != "[c1]" {
		t.Fatalf("the other replica read the schedules of %s, want [c1] once, when the claim had lapsed", got)
	}
}

// TestNextDueRules: a schedule's first due time is its first slot at or after the moment it was set (none
// worked out without that moment), and after a slot is handled, the next slot on one of its days.
func TestNextDueRules(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) } // 2 March is a Monday
	s := bot.Schedule{Hour: 9, Zone: "UTC", Days: bot.Days(0b0111110)}                       // 09:00 mon-fri
	for _, tc := range []struct {
		name       string
		since, now time.Time
		first, due time.Time
	}{
		{"set on Friday afternoon", at(6, 15, 0), at(6, 15, 0), at(9, 9, 0), at(9, 9, 0)},
		{"set at the slot itself", at(2, 9, 0), at(2, 9, 0), at(2, 9, 0), at(3, 9, 0)},
		{"handled late the same day", at(1, 12, 0), at(2, 16, 30), at(2, 9, 0), at(3, 9, 0)},
		{"set before the tick's clock", at(2, 10, 0), at(2, 9, 30), at(3, 9, 0), at(3, 9, 0)},
		{"without a moment it was set", time.Time{}, at(2, 9, 0), time.Time{}, at(3, 9, 0)},
	} {
		s.Since = tc.since
		if got := s.FirstDue(); !got.Equal(tc.first) {
			t.Errorf("%s: FirstDue %v, want %v", tc.name, got, tc.first)
		}
		if got := s.DueAfter(tc.now); !got.Equal(tc.due) {
			t.Errorf("%s: DueAfter(%v) %v, want %v", tc.name, tc.now, got, tc.due)
		}
	}
}

// stoppingPosts is the real store of a process told to stop (SIGTERM) while it records a question: the
// shutdown cancels the tick's context, and the write fails with it.
type stoppingPosts struct {
	*sqlite.DB
	stop func()
}

func (s stoppingPosts) CreatePost(ctx context.Context, _ bot.Post, _ time.Time) (bot.Post, *bot.Post, error) {
	s.stop()
	return bot.Post{}, nil, ctx.Err()
}

// TestAStoppedReplicaHandsItsClaimBack: a process stopped while it handles the channels it claimed hands
// them back, due at once, so the next process (or another replica) posts the question at its first tick
// instead of waiting for the claim to lapse.
func TestAStoppedReplicaHandsItsClaimBack(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00")
	ctx, stop := context.WithCancel(context.Background())
	stopping, err := bot.New(bot.Config{Store: stoppingPosts{e.db, stop}, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat}})
	if err != nil {
		t.Fatal(err)
	}
	stopping.Tick(ctx)
	e.clock.Add(time.Second)
	e.tick()
	if n := len(e.chat.cards()); n != 1 {
		t.Fatalf("%d cards at the next tick after a stopped replica's, want 1", n)
	}
}
