package bot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		line, name string
		args       []string
	}{
		{"/study leaderboard week security", "leaderboard", []string{"week", "security"}},
		{"leaderboard", "leaderboard", nil},
		{"/STUDY   Schedule 09:00  UTC", "schedule", []string{"09:00", "UTC"}},
		{"/study", "help", nil},
		{"", "help", nil},
		{"/study faq is my cert still valid?", "faq", []string{"is", "my", "cert", "still", "valid?"}},
	}
	for _, tt := range tests {
		name, args := bot.ParseLine(tt.line)
		if name != tt.name || fmt.Sprint(args) != fmt.Sprint(tt.args) {
			t.Errorf("ParseLine(%q) = %q %q, want %q %q", tt.line, name, args, tt.name, tt.args)
		}
	}
}

// TestScheduleCommand reads /study schedule through the command table: the schedule stored, or the error a
// moderator sees. Each line runs on a fresh channel.
func TestScheduleCommand(t *testing.T) {
	tests := []struct {
		args    string
		want    string // the stored Schedule.String(), or the error's text
		wantErr bool
	}{
		{"09:00", "09:00 UTC daily", false},
		{"9:05 America/New_York", "09:05 America/New_York daily", false},
		{"09:00 America/New_York mon-fri", "09:00 America/New_York mon-fri", false},
		{"08:30 Europe/Berlin sat,sun", "08:30 Europe/Berlin sat,sun", false},
		{"08:30 mon,wed,fri", "08:30 UTC mon,wed,fri", false},
		{"08:30 weekdays", "08:30 UTC mon-fri", false},
		{"mon-fri 08:30 Europe/Berlin", "08:30 Europe/Berlin mon-fri", false},
		{"23:59 UTC daily", "23:59 UTC daily", false},
		{"07:00 UTC fri-mon", "07:00 UTC fri-mon", false},
		{"09:00 america/new_york", "09:00 America/New_York daily", false},
		{"09:00 AMERICA/PORT-AU-PRINCE", "09:00 America/Port-au-Prince daily", false},
		{"09:00 mon-fri window 72h", "09:00 UTC mon-fri window 72h", false},
		{"09:00 mon-fri window=3d", "09:00 UTC mon-fri window 72h", false},
		{"09:00 48h", "09:00 UTC daily window 48h", false},
		{"25:00", `"25:00" is not a time of day`, true},
		{"9am", `"9am" is not a time of day`, true},
		{"09:60", `"09:60" is not a time of day`, true},
		{"09:00 EST", `"EST" is an abbreviation, not a place: it would not follow daylight saving time. Use an IANA zone: America/New_York.`, true},
		{"09:00 pst", `Use an IANA zone: America/Los_Angeles.`, true},
		{"09:00 America/New_Yrok", `unknown time zone "America/New_Yrok". Did you mean America/New_York?`, true},
		{"09:00 berlin", `Did you mean Europe/Berlin?`, true},
		{"09:00 Mars/Olympus", `unknown time zone "Mars/Olympus"`, true},
		{"09:00 UTC funday", `I don't understand "funday"`, true},
		{"09:00 window 30m", `a question stays open from 1h to 7d`, true},
		{"09:00 window", `window needs a value`, true},
		{"09:00 UTC mon-fri extra", `I don't understand "extra"`, true},
		{"", "/study schedule needs HH:MM", true},
	}
	for i, tt := range tests {
		e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		e.ch.ChannelID = fmt.Sprintf("c%d", i)
		name, args := bot.ParseLine("/study schedule " + tt.args)
		r, err := e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: mod, Name: name, Args: args})
		if tt.wantErr {
			if err == nil || !strings.Contains(r.Text, tt.want) || bot.ErrorCode(err) != bot.EINVALID {
				t.Errorf("schedule %q: %q, %v; want EINVALID containing %q", tt.args, r.Text, err, tt.want)
			}
			continue
		}
		ch, cerr := e.db.Channel(context.Background(), e.ch)
		if err != nil || cerr != nil || ch.Schedule == nil || ch.Schedule.String() != tt.want {
			t.Errorf("schedule %q: stored %v (%v, %v); want %q", tt.args, ch.Schedule, err, cerr, tt.want)
		}
	}
}

// TestScheduleRerunKeepsWhatItDoesNotName: "/study schedule 10:00" after a full schedule moves the time
// and keeps the zone, days and window, and the reply states the whole schedule.
func TestScheduleRerunKeepsWhatItDoesNotName(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00 America/New_York mon-fri window 72h")
	r := e.do(mod, "/study schedule 10:00")
	mustContain(t, r.Text, "Scheduled: a question at 10:00 America/New_York, mon-fri.")
	ch, err := e.db.Channel(context.Background(), e.ch)
	if err != nil || ch.Schedule.String() != "10:00 America/New_York mon-fri window 72h" {
		t.Fatalf("after the re-run: %v, %v", ch.Schedule, err)
	}
}

// TestScheduleReplySaysWhenQuestionsClose: the reply says a question closes after the window, and that a
// mon-fri schedule's Friday question closes before Monday's posts unless the window covers the weekend.
func TestScheduleReplySaysWhenQuestionsClose(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	r := e.do(mod, "/study schedule 09:00 America/New_York mon-fri")
	mustContain(t, r.Text, "or 24h after it was posted if that comes first")
	mustContain(t, r.Text, "So Friday's question closes before the next one posts; add window 72h to keep it open until then.")
	r = e.do(mod, "/study schedule 09:00 window 72h")
	mustContain(t, r.Text, "or 72h after it was posted")
	mustNotContain(t, r.Text, "Friday")
}

func TestPeriodStart(t *testing.T) {
	// Wednesday 4 March 2026, 01:30 in New York is still Tuesday 3 March... no: it is Wednesday there.
	at := time.Date(2026, 3, 4, 6, 30, 0, 0, time.UTC) // 01:30 EST on Wednesday
	if got := bot.PeriodStart(bot.PeriodWeek, at, newYork); !got.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, newYork)) {
		t.Errorf("week start = %v", got)
	}
	if got := bot.PeriodStart(bot.PeriodMonth, at, newYork); !got.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, newYork)) {
		t.Errorf("month start = %v", got)
	}
	// Sunday 03:00 UTC is still Saturday evening in New York: the week began the Monday before.
	sun := time.Date(2026, 3, 8, 3, 0, 0, 0, time.UTC)
	if got := bot.PeriodStart(bot.PeriodWeek, sun, newYork); !got.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, newYork)) {
		t.Errorf("week start for Saturday night = %v", got)
	}
	if !bot.PeriodStart(bot.PeriodAll, at, newYork).IsZero() {
		t.Error("all time should start at the zero time")
	}
}

// TestSchedulerKeepsLocalTimeAcrossDST moves the clock in 15-minute steps across both daylight-saving
// changes of 2026 in New York and checks every post lands at 09:00 local time, once a day.
func TestSchedulerKeepsLocalTimeAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		name          string
		from          time.Time
		days          int
		utcHourBefore int
		utcHourAfter  int
	}{
		{"march", time.Date(2026, 3, 6, 0, 0, 0, 0, newYork), 4, 14, 13},      // DST starts Sunday 8 March
		{"november", time.Date(2026, 10, 30, 0, 0, 0, 0, newYork), 4, 13, 14}, // DST ends Sunday 1 November
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.from)
			e.do(mod, "/study schedule 09:00 America/New_York daily")
			end := tc.from.AddDate(0, 0, tc.days)
			for e.clock.Now().Before(end) {
				e.tick()
				e.clock.Add(15 * time.Minute)
			}
			cards := e.chat.cards()
			if len(cards) != tc.days {
				t.Fatalf("got %d posts in %d days", len(cards), tc.days)
			}
			posts := postTimes(t, e)
			for i, p := range posts {
				local := p.In(newYork)
				if local.Hour() != 9 || local.Minute() != 0 {
					t.Errorf("post %d at %v local, want 09:00", i, local)
				}
				if i > 0 && local.YearDay() == posts[i-1].In(newYork).YearDay() {
					t.Errorf("two posts on %v", local.Format("Jan 2"))
				}
			}
			if h := posts[0].UTC().Hour(); h != tc.utcHourBefore {
				t.Errorf("first post at %02d UTC, want %02d", h, tc.utcHourBefore)
			}
			if h := posts[len(posts)-1].UTC().Hour(); h != tc.utcHourAfter {
				t.Errorf("last post at %02d UTC, want %02d", h, tc.utcHourAfter)
			}
		})
	}
}

// postTimes returns the posting times of the channel's posts, oldest first.
func postTimes(t *testing.T, e *env) []time.Time {
	t.Helper()
	var out []time.Time
	for id := int64(1); ; id++ {
		p, err := e.db.Post(context.Background(), id)
		if bot.ErrorCode(err) == bot.ENOTFOUND {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.PostedAt)
	}
}

func TestSchedulerDaysOfWeek(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, newYork) // a Monday
	e := newEnv(t, start)
	e.do(mod, "/study schedule 09:00 America/New_York mon-fri")
	for e.clock.Now().Before(start.AddDate(0, 0, 7)) {
		e.tick()
		e.clock.Add(30 * time.Minute)
	}
	for _, p := range postTimes(t, e) {
		if wd := p.In(newYork).Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("posted on %v", wd)
		}
	}
	if n := len(e.chat.cards()); n != 5 {
		t.Fatalf("%d posts in a week of mon-fri, want 5", n)
	}
}

// TestMissedSlotPostedOnceOnRestart: a slot due while the process was down is posted once when it comes
// back on the same local day, and a day missed entirely is skipped.
func TestMissedSlotPostedOnceOnRestart(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, newYork))
	e.do(mod, "/study schedule 09:00 America/New_York daily")
	e.tick()
	if n := len(e.chat.cards()); n != 0 {
		t.Fatalf("posted %d before 09:00", n)
	}
	// Down from 08:00 to 15:00; the store is closed and reopened as on a restart.
	e.db.Close()
	e.clock.Set(time.Date(2026, 3, 2, 15, 0, 0, 0, newYork))
	e.open()
	e.tick()
	e.tick()
	if n := len(e.chat.cards()); n != 1 {
		t.Fatalf("after restart: %d posts, want exactly 1", n)
	}
	// Restart again the same afternoon: still one.
	e.db.Close()
	e.clock.Set(time.Date(2026, 3, 2, 16, 0, 0, 0, newYork))
	e.open()
	e.tick()
	if n := len(e.chat.cards()); n != 1 {
		t.Fatalf("after second restart: %d posts, want 1", n)
	}
	// Down all of 3 March; back on 4 March at 10:00: only the 4th is posted.
	e.db.Close()
	e.clock.Set(time.Date(2026, 3, 4, 10, 0, 0, 0, newYork))
	e.open()
	e.tick()
	cards := e.chat.cards()
	if len(cards) != 2 {
		t.Fatalf("after missing a day: %d posts, want 2", len(cards))
	}
	p := e.openPost()
	if p.Slot != "2026-03-04" {
		t.Fatalf("open post is for slot %s, want 2026-03-04", p.Slot)
	}
}

// TestTwoProcessesPostOnce runs two bots on two handles of one database file and ticks them at once.
func TestTwoProcessesPostOnce(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, newYork))
	e.do(mod, "/study schedule 09:00 America/New_York daily")
	for round := 0; round < 5; round++ {
		before := len(e.chat.cards())
		db2, err := sqlite.Open(context.Background(), e.path)
		if err != nil {
			t.Fatal(err)
		}
		chat2 := &fakeChat{}
		b2, _ := bot.New(bot.Config{Store: db2, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": chat2}})
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for _, b := range []*bot.Bot{e.bot, b2} {
			wg.Add(1)
			go func(b *bot.Bot) {
				defer wg.Done()
				errs <- b.Tick(context.Background())
				errs <- b.Flush(context.Background())
			}(b)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		db2.Close()
		if n := len(e.chat.cards()) - before + len(chat2.cards()); n != 1 {
			t.Fatalf("day %d: %d cards posted by two processes, want 1", round, n)
		}
		total := len(postTimes(t, e))
		if total != round+1 {
			t.Fatalf("day %d: %d posts in the database, want %d", round, total, round+1)
		}
		e.clock.Add(24 * time.Hour)
	}
}

func TestAnswerFlowAndReveal(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if r := e.do(mod, "/study post"); !r.Private || !strings.Contains(r.Text, "Posted") {
		t.Fatalf("post reply: %+v", r)
	}
	cards := e.chat.cards()
	if len(cards) != 1 || len(cards[0].reply.Buttons) < 3 {
		t.Fatalf("want one card with buttons, got %+v", cards)
	}
	p := e.openPost()
	if p.MessageID != cards[0].id {
		t.Fatalf("post records message %q, want %q", p.MessageID, cards[0].id)
	}
	right, wrong := e.letters(p)
	q, _ := e.pack.Question(p.QuestionID)

	r := e.answer(alice, p.ID, right)
	mustContain(t, r.Text, "Correct!")
	mustContain(t, r.Text, q.Explanation)
	mustContain(t, r.Text, "+10 points · streak 0 (an extra question: streaks count the scheduled ones)")
	if !r.Private {
		t.Fatal("answer feedback must be private")
	}
	if r.Source != q.Source {
		t.Fatalf("feedback source %q, want the question's %q", r.Source, q.Source)
	}
	r = e.answer(bob, p.ID, wrong)
	w, _ := quiz.ParseLetter(wrong)
	// A wrong answer teaches in order: why the chosen option is wrong, then the key, then why it is right.
	mustContain(t, r.Text, "Not quite: you chose "+wrong+") "+q.Choices[w]+". "+q.WhyWrong(w)+"\nThe answer is "+right+") "+q.Choices[q.Answer]+"\n"+q.Explanation)
	mustContain(t, r.Text, "+0 points")
	if q.WhyWrong(w) == "" || r.Source != q.Source {
		t.Fatalf("the test pack lacks a why for %s, or the source is missing: %+v", wrong, r)
	}
	r = e.answer(bob, p.ID, right)
	mustContain(t, r.Text, "You already answered "+wrong)
	e.answer(carol, p.ID, right)
	mustContain(t, e.answer(carol, p.ID, wrong).Text, "You already answered "+right) // a second click never re-grades

	// The next post closes this one: a reveal, then the card edited to closed.
	e.clock.Add(time.Hour)
	e.do(mod, "/study post")
	reveals := e.chat.reveals()
	if len(reveals) != 1 {
		t.Fatalf("%d reveals, want 1", len(reveals))
	}
	if rv := reveals[0].reply.Reveal; rv.Source != q.Source || !strings.HasSuffix(rv.PlainText(), "Source: "+q.Source) {
		t.Fatalf("the reveal does not end with the question's source: %q", rv.PlainText())
	}
	rv := reveals[0].reply.Reveal
	if rv.Total != 3 || rv.Correct != q.Answer || rv.Share(q.Answer) != 67 {
		t.Fatalf("reveal: %+v", rv)
	}
	mustContain(t, reveals[0].reply.Text, "3 members answered")
	mustContain(t, reveals[0].reply.Text, q.Explanation)
	if len(e.chat.edits) != 1 || e.chat.edits[0].id != cards[0].id || !e.chat.edits[0].reply.Card.Closed || len(e.chat.edits[0].reply.Buttons) != 0 {
		t.Fatalf("card edit: %+v", e.chat.edits)
	}
	// A click on the old card now.
	mustContain(t, e.answer(alice, p.ID, right).Text, "This question is closed")
	mustContain(t, e.answer(mod, p.ID, right).Text, "This question is closed")

	lb := e.do(alice, "/study leaderboard")
	if lb.Table == nil || len(lb.Table.Rows) != 3 || lb.Table.Rows[0][1] != "Alice" || lb.Table.Rows[0][2] != "10" {
		t.Fatalf("leaderboard: %+v", lb.Table)
	}
	mustContain(t, lb.Table.Footer, "Your rank: #1 with 10 points")
	lb = e.do(bob, "/study leaderboard")
	mustContain(t, lb.Table.Footer, "Your rank: #3 with 0 points")
}

func TestAnswerValidation(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	mustContain(t, handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: alice, Name: "answer", Args: []string{"open", "A"}, Click: true})).Text,
		"no open question")
	e.do(mod, "/study post")
	p := e.openPost()
	q, _ := e.pack.Question(p.QuestionID)
	last := string(rune('A' + len(q.Choices)))
	mustContain(t, e.answer(alice, p.ID, last).Text, "Choose one of A to")
	mustContain(t, e.answer(alice, p.ID, "").Text, "Choose one of A to")
	mustContain(t, e.answer(alice, 9999, "A").Text, "no longer exists")
	mustContain(t, e.answer(alice, -1, "A").Text, "no longer exists")
	mustContain(t, handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: alice, Name: "answer", Args: []string{"x", "A"}, Click: true})).Text,
		"not one of ours")
	// A crafted click from another group cannot answer this group's question.
	other := bot.ChannelRef{Platform: "discord", GroupID: "g2", ChannelID: "c9"}
	r := handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: other, User: alice, Name: "answer", Args: []string{fmt.Sprint(p.ID), "A"}, Click: true}))
	mustContain(t, r.Text, "another group")
	counts, _ := e.db.AnswerCounts(context.Background(), p.ID, 4)
	if fmt.Sprint(counts) != "[0 0 0 0]" {
		t.Fatalf("invalid answers were recorded: %v", counts)
	}
	// The window closes the question even before the scheduler runs.
	e.clock.Add(bot.DefaultWindow)
	mustContain(t, e.answer(alice, p.ID, "A").Text, "This question is closed")
	e.tick()
	if len(e.chat.reveals()) != 1 {
		t.Fatal("window end did not post the reveal")
	}
	e.tick()
	if len(e.chat.reveals()) != 1 {
		t.Fatal("reveal posted twice")
	}
}

// TestConcurrentAnswers: 100 clicks at once, every member clicking twice with different letters.
func TestConcurrentAnswers(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	var wg sync.WaitGroup
	replies := make(chan string, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			u := bot.User{ID: fmt.Sprintf("u%02d", i/2), Name: fmt.Sprintf("Member %d", i/2)}
			replies <- e.answer(u, p.ID, []string{"A", "B"}[i%2]).Text
		}(i)
	}
	wg.Wait()
	close(replies)
	graded, already := 0, 0
	for r := range replies {
		switch {
		case strings.Contains(r, "You already answered"):
			already++
		case strings.Contains(r, "Correct!") || strings.Contains(r, "Not quite"):
			graded++
		default:
			t.Errorf("unexpected reply %q", r)
		}
	}
	counts, err := e.db.AnswerCounts(context.Background(), p.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	if graded != 50 || already != 50 || total != 50 {
		t.Fatalf("graded %d, already %d, stored %d; want 50 each", graded, already, total)
	}
}

func TestModeratorRules(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	for _, line := range []string{"/study schedule 09:00", "/study unschedule", "/study post", "/study domains security",
		"/study reset all", "/study mods add u-alice"} {
		r := e.do(alice, line)
		if !r.Private || !strings.Contains(r.Text, "Only moderators") {
			t.Errorf("%s by a member: %q", line, r.Text)
		}
	}
	ch, _ := e.db.Channel(context.Background(), e.ch)
	if ch.Schedule != nil || len(ch.Domains) != 0 || len(e.chat.posts) != 0 {
		t.Fatalf("a refused command changed something: %+v, %d posts", ch, len(e.chat.posts))
	}
	// The member's help does not list moderator commands.
	if strings.Contains(e.do(alice, "/study help").Text, "/study schedule") {
		t.Error("member help lists moderator commands")
	}
	mustContain(t, e.do(mod, "/study help").Text, "/study schedule")

	mustContain(t, e.do(mod, "/study mods add u-alice").Text, "Alice can now moderate")
	mustContain(t, e.do(alice, "/study schedule 10:00").Text, "Scheduled")
	mustContain(t, e.do(mod, "/study mods remove u-alice").Text, "no longer a moderator")
	mustContain(t, e.do(alice, "/study schedule 11:00").Text, "Only moderators")

	// Roles (Discord): a member holding a moderator role may moderate.
	e.do(mod, "/study mods add role:r-tutors")
	tutor := bot.User{ID: "u-tutor", Name: "Tutor", Roles: []string{"r-other", "r-tutors"}}
	mustContain(t, e.do(tutor, "/study unschedule").Text, "Daily posts stopped")
	mustContain(t, e.do(mod, "/study mods").Text, "role r-tutors")
}

// TestBadInputChangesNothing: each bad command gets a private explanation and leaves the database as it was.
func TestBadInputChangesNothing(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 08:00 Europe/Berlin mon-fri")
	e.do(mod, "/study post")
	before := snapshot(t, e)
	for _, tc := range []struct{ line, want string }{
		{"/study frobnicate", `Unknown command "frobnicate"`},
		{"/study schedule 25:00", "is not a time of day"},
		{"/study schedule 09:00 Mars/Olympus", "unknown time zone"},
		{"/study schedule 09:00 UTC funday", `I don't understand "funday" here: expected days like mon-fri or sat,sun, window 48h or threads on|off.`},
		{"/study schedule 09:00 EST", `Use an IANA zone: America/New_York`},
		{"/study leaderboard fortnight", `I don't understand "fortnight" here: expected week|month|all, a domain (regulatory, security) or public.`},
		{"/study leaderboard week month", `I don't understand "month" here`},
		{"/study practice astrology", `I don't understand "astrology" here: expected a domain (regulatory, security)`},
		{"/study domains astrology", `Unknown domain "astrology"`},
		{"/study reset", "/study reset needs week|all. Usage: /study reset week|all"},
		{"/study reset everything", `I don't understand "everything" here: expected week|all.`},
		{"/study mods promote u-bob", `I don't understand "promote" here: expected add|remove|list`},
		{"/study stats nobody", "no record of nobody"},
	} {
		r := e.do(mod, tc.line)
		if !r.Private || !strings.Contains(r.Text, tc.want) {
			t.Errorf("%s: got %q, want private %q", tc.line, r.Text, tc.want)
		}
	}
	if after := snapshot(t, e); after != before {
		t.Fatalf("bad input changed state:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot summarises what a user could notice changing.
func snapshot(t *testing.T, e *env) string {
	t.Helper()
	ctx := context.Background()
	ch, err := e.db.Channel(ctx, e.ch)
	if err != nil {
		t.Fatal(err)
	}
	mods, _ := e.db.Mods(ctx, e.ch.Group())
	board, _ := e.db.BucketScores(ctx, bot.Bucket{Group: e.ch.Group(), Period: "all"})
	slices.SortFunc(board, func(a, b bot.Score) int { return strings.Compare(a.UserID, b.UserID) })
	return fmt.Sprintf("schedule=%v domains=%v mods=%v posts=%d board=%+v", ch.Schedule, ch.Domains, mods, len(postTimes(t, e)), board)
}

func TestResetNeedsConfirmation(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)) // a Wednesday
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	e.answer(alice, p.ID, right)
	points := func() string {
		return e.do(alice, "/study leaderboard all").Table.Rows[0][2]
	}
	r := e.do(mod, "/study reset week")
	if points() != "10" {
		t.Fatal("reset without confirmation changed scores")
	}
	if len(r.Buttons) != 2 || r.Buttons[0].Action.Name != "confirm" {
		t.Fatalf("reset reply has no confirm button: %+v", r)
	}
	confirm := r.Buttons[0].Action
	// Another moderator, and a member, cannot press it.
	other := bot.User{ID: "u-mod2", Name: "Other", Admin: true}
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, alice))).Text, "Only moderators")
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, other))).Text, "Only the moderator who asked")
	if points() != "10" {
		t.Fatal("a refused confirmation changed scores")
	}
	// The refused tries leave the confirmation to its owner, who confirms with the same button.
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, mod))).Text, "Done: 1 answer set to zero points.")
	if points() != "0" {
		t.Fatalf("points after reset: %s", points())
	}
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, mod))).Text, "expired or was already used")
	// A confirmation older than five minutes does nothing.
	confirm = e.do(mod, "/study reset all").Buttons[0].Action
	e.clock.Add(6 * time.Minute)
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, mod))).Text, "expired")
}

func TestStreaksAndStats(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00 UTC daily")
	for day := 0; day < 3; day++ {
		e.tick()
		p := e.openPost()
		right, wrong := e.letters(p)
		mustContain(t, e.answer(alice, p.ID, right).Text, fmt.Sprintf("+10 points · streak %d", day+1))
		if day != 1 {
			e.answer(bob, p.ID, wrong)
		}
		if day == 1 {
			// An extra question from a moderator: Alice skips it and keeps her streak; Bob's answer
			// carries his streak unchanged, and the scheduled question he skipped, which the extra one
			// closed early, does not break it.
			e.clock.Add(time.Hour)
			e.do(mod, "/study post")
			extra := e.openPost()
			_, wrong := e.letters(extra)
			mustContain(t, e.answer(bob, extra.ID, wrong).Text, "+0 points · streak 1 (an extra question: streaks count the scheduled ones)")
		}
		e.clock.Add(24 * time.Hour)
	}
	e.tick() // day 4 is posted; nobody has answered it yet, which breaks no streak
	st := e.do(alice, "/study stats")
	mustContain(t, st.Text, "Daily questions: 3 answered, 3 correct (100%), 30 points")
	mustContain(t, st.Text, "Streak in this channel: 3")
	mustContain(t, st.Text, "All-time rank: #1")
	st = e.do(alice, "/study stats u-bob")
	mustContain(t, st.Text, "Stats for Bob")
	mustContain(t, st.Text, "Daily questions: 3 answered, 0 correct (0%), 0 points")
	mustContain(t, st.Text, "Streak in this channel: 2")
	if st.Table == nil || len(st.Table.Rows) != 2 {
		t.Fatalf("stats table: %+v", st.Table)
	}
	// Day 5 posts and day 4 went unanswered: the streak is broken.
	e.tick()
	e.clock.Add(24 * time.Hour)
	e.tick()
	mustContain(t, e.do(alice, "/study stats").Text, "Streak in this channel: 0")
}

func TestPracticeCountsForStatsNotLeaderboard(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study practice security")
	if r.Card == nil || !r.Card.Practice || r.Card.Domain != "Security" || !r.Private {
		t.Fatalf("practice card: %+v", r)
	}
	q, _ := e.pack.Question(r.Card.QuestionID)
	ans := r.Buttons[q.Answer].Action
	mustContain(t, handled(e.bot.HandleErr(context.Background(), ans.Command(e.ch, alice))).Text, "Correct!")
	mustContain(t, handled(e.bot.HandleErr(context.Background(), ans.Command(e.ch, alice))).Text, "already answered this practice")
	mustContain(t, handled(e.bot.HandleErr(context.Background(), ans.Command(e.ch, bob))).Text, "someone else's")
	mustContain(t, e.do(alice, "/study stats").Text, "Practice: 1 answered, 1 correct (100%)")
	mustContain(t, e.do(alice, "/study leaderboard all").Table.Footer, "No answers yet")
}

func TestDomainsLimitPosts(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(mod, "/study domains security")
	if r.Table == nil || r.Table.Rows[0][4] != "no" || r.Table.Rows[1][4] != "yes" {
		t.Fatalf("domains table: %+v", r.Table)
	}
	for i := 0; i < 4; i++ {
		e.do(mod, "/study post")
		if d := e.openPost().Domain; d != "security" {
			t.Fatalf("post %d from domain %s", i, d)
		}
		e.clock.Add(time.Minute)
	}
	e.do(mod, "/study domains all")
	ch, _ := e.db.Channel(context.Background(), e.ch)
	if len(ch.Domains) != 0 {
		t.Fatalf("domains all left %v", ch.Domains)
	}
}

// TestLeaderboardPeriodBoundaries checks weeks start Monday 00:00 and months on the 1st in the group's zone.
func TestLeaderboardPeriodBoundaries(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 29, 23, 0, 0, 0, newYork)) // Sunday 29 March, 23:00 EDT
	e.do(mod, "/study schedule 09:00 America/New_York daily")
	answerAt := func(u bot.User, at time.Time, right bool) {
		e.clock.Set(at)
		e.do(mod, "/study post")
		p := e.openPost()
		r, w := e.letters(p)
		if !right {
			r = w
		}
		e.answer(u, p.ID, r)
	}
	answerAt(alice, time.Date(2026, 3, 29, 23, 30, 0, 0, newYork), true) // Sunday night: last week, March
	answerAt(bob, time.Date(2026, 3, 30, 0, 30, 0, 0, newYork), true)    // Monday 00:30: this week, March
	answerAt(carol, time.Date(2026, 4, 1, 0, 15, 0, 0, newYork), true)   // 1 April: this week, April
	e.clock.Set(time.Date(2026, 4, 1, 12, 0, 0, 0, newYork))
	names := func(line string) string {
		var out []string
		for _, r := range e.do(alice, line).Table.Rows {
			out = append(out, r[1]+"="+r[2])
		}
		return strings.Join(out, ",")
	}
	if got := names("/study leaderboard week"); got != "Bob=10,Carol=10" {
		t.Errorf("week: %s", got)
	}
	if got := names("/study leaderboard month"); got != "Carol=10" {
		t.Errorf("month: %s", got)
	}
	if got := names("/study leaderboard all"); got != "Alice=10,Bob=10,Carol=10" {
		t.Errorf("all: %s", got)
	}
	// In UTC, Sunday 23:30 EDT is already Monday: the zone matters.
	var sundayAnswer time.Time = time.Date(2026, 3, 29, 23, 30, 0, 0, newYork)
	if sundayAnswer.UTC().Weekday() != time.Monday {
		t.Fatal("test premise: the Sunday answer is Monday in UTC")
	}
}

func TestLeaderboardDomainAndTopTen(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, wrong := e.letters(p)
	for i := 0; i < 14; i++ {
		l := right
		if i >= 11 {
			l = wrong
		}
		e.answer(bot.User{ID: fmt.Sprintf("m%02d", i), Name: fmt.Sprintf("Member%02d", i)}, p.ID, l)
	}
	r := e.do(bot.User{ID: "m13", Name: "Member13"}, "/study leaderboard all "+p.Domain)
	if len(r.Table.Rows) != 10 {
		t.Fatalf("top shows %d rows, want 10", len(r.Table.Rows))
	}
	mustContain(t, r.Table.Title, e.pack.Domains[0].Name[:3])
	mustContain(t, r.Table.Footer, "Your rank: #12 with 0 points")
	other := "security"
	if p.Domain == "security" {
		other = "regulatory"
	}
	mustContain(t, e.do(alice, "/study leaderboard all "+other).Table.Footer, "No answers yet")
}

func TestFAQ(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study faq")
	mustContain(t, r.Text, "Is the CompTIA Healthcare IT certificate still offered?")
	mustContain(t, e.do(alice, "/study faq is the CompTIA Healthcare IT certificate still offered").Text, "retired the exam in 2017")
	r = e.do(alice, "/study faq what is the best pizza topping")
	mustContain(t, r.Text, "I don't have an answer")
	mustContain(t, r.Text, "How do points work?")
}

// TestFAQReadsWhatTheQuestionAsks: a question sent with the command typed out or the bot named with an @
// (in a mention the chat did not turn into one, or pasted) is answered for what it asks, not as a question
// about /study faq; a message that is only the invocation is left as it is.
func TestFAQReadsWhatTheQuestionAsks(t *testing.T) {
	for msg, want := range map[string]string{
		"/study faq how do I see my score":            "how do I see my score",
		"  /STUDY  FAQ: how do I see my score":        "how do I see my score",
		"@studybot how do I see my score":             "how do I see my score",
		"how do I see my score @StudyBot":             "how do I see my score",
		"@studybot, /study faq how do I see my score": "how do I see my score",
		"what does /study faq do":                     "what does /study faq do",
		"/study faq":                                  "/study faq",
		"@studybot":                                   "@studybot",
		"/study faqs":                                 "/study faqs",
		"email studybot@example.org about my account": "email studybot@example.org about my account",
		"mail me@studybot.org":                        "mail me@studybot.org",
	} {
		if got := bot.Asked(msg); got != want {
			t.Errorf("Asked(%q) = %q, want %q", msg, got, want)
		}
	}
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	const retired = "retired the exam in 2017"
	mustContain(t, e.do(alice, "/study faq /study faq is the CompTIA Healthcare IT certificate still offered").Text, retired)
	mustContain(t, e.bot.AnswerFAQ(context.Background(), e.ch, "@studybot /study faq is the CompTIA Healthcare IT certificate still offered").Text, retired)
	mustContain(t, e.bot.AnswerFAQ(context.Background(), e.ch, "/study faq what does /study faq do").Text, "/study faq")
}

func TestTodayShowsOpenQuestionPrivately(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	mustContain(t, e.do(alice, "/study today").Text, "no open question")
	e.do(mod, "/study post")
	r := e.do(alice, "/study today")
	if !r.Private || r.Card == nil || r.Card.PostID != e.openPost().ID || len(r.Buttons) != len(r.Card.Choices) {
		t.Fatalf("today: %+v", r)
	}
}

func TestDeliveryFailureIsRecordedAndDoesNotStopOthers(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00")
	other := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c2"}
	handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: other, User: mod, Name: "schedule", Args: []string{"09:00"}}))
	e.chat.fail = errors.New("connection reset")
	e.tick()
	e.chat.fail = nil
	// Both channels have their post recorded once, though none was delivered yet.
	if n := len(postTimes(t, e)); n != 2 {
		t.Fatalf("%d posts recorded, want 2", n)
	}
	// A moderator's post retries what waits in the channel at once; the card of the question it replaces
	// is skipped, since that question closed before its card appeared.
	mustContain(t, e.do(mod, "/study post").Text, "Posted a new question")
	if n := len(e.chat.cards()); n != 1 {
		t.Fatalf("%d cards in the channels, want only the new one", n)
	}
	// The other channel's card is retried after its backoff, once.
	e.clock.Add(2 * time.Second)
	e.tick()
	e.tick()
	if cards := e.chat.cards(); len(cards) != 2 || cards[1].ch != other {
		t.Fatalf("cards %+v, want the other channel's card delivered on retry", cards)
	}
}

// TestChannelProblemIsToldToTheNextModerator: when the platform refuses the channel itself, the next
// moderator command there carries the adapter's advice, once; a plain failure is only logged and recorded,
// and a later successful post forgets the problem.
func TestChannelProblemIsToldToTheNextModerator(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00")
	e.chat.fail = fmt.Errorf("post to c1: %w", bot.Errorf(bot.EFORBIDDEN, "Give the bot Send Messages here."))
	e.tick()
	e.chat.fail = nil
	mustNotContain(t, e.do(alice, "/study help").Text, "Heads up")
	r := e.do(mod, "/study domains")
	mustContain(t, r.Text, "Heads up: I could not post the daily question in this channel. Give the bot Send Messages here.")
	mustNotContain(t, e.do(mod, "/study domains").Text, "Heads up")

	// A problem followed by a successful post is forgotten.
	e.chat.fail = bot.Errorf(bot.ENOTFOUND, "The channel is gone.")
	e.clock.Add(24 * time.Hour)
	e.tick()
	e.chat.fail = nil
	e.clock.Add(time.Hour)
	r = e.do(mod, "/study post")
	mustContain(t, r.Text, "Posted a new question")
	mustNotContain(t, r.Text, "Heads up")
	mustNotContain(t, e.do(mod, "/study domains").Text, "Heads up")

	// An error that is not about the channel is a passing failure, retried; not a notice.
	e.chat.fail = errors.New("502 Bad Gateway")
	r = e.do(mod, "/study post")
	e.chat.fail = nil
	mustContain(t, r.Text, "did not take the message yet; I will keep trying until the end of the day")
	mustNotContain(t, r.Text, "Heads up")
}

func FuzzHandle(f *testing.F) {
	for _, s := range []string{"/study leaderboard week security", "/study schedule 09:00 America/New_York mon-fri",
		"/study faq is it retired", "/study domains all", "/study mods add role:x", "/study reset week", "/study stats u-x",
		"/study practice sec", "/study post", "answer 1 B", "/study \x00 \xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		env := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		for _, u := range []bot.User{alice, mod} {
			name, args := bot.ParseLine(line)
			r := handled(env.bot.HandleErr(context.Background(), bot.Command{Channel: env.ch, User: u, Name: name, Args: args}))
			if r.Text == "" && r.Card == nil && r.Table == nil {
				t.Fatalf("%q as %s: empty reply", line, u.Name)
			}
		}
	})
}

// TestPlatformAdminIsAskedOnlyWhenNeeded: the core asks the platform whether a member is an admin only
// for commands that need a moderator, remembers the answer for five minutes, and tells a failed lookup
// apart from a refusal.
func TestPlatformAdminIsAskedOnlyWhenNeeded(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.chat.admins = map[string]bool{"u-owner": true}
	owner := bot.User{ID: "u-owner", Name: "Owen"}
	e.do(mod, "/study post")
	p := e.openPost()
	e.answer(alice, p.ID, "A")
	e.do(alice, "/study leaderboard")
	e.do(alice, "/study faq is the certificate still offered?")
	if e.chat.asks != 0 {
		t.Fatalf("the platform was asked %d times for commands anyone may use", e.chat.asks)
	}
	mustContain(t, e.do(owner, "/study unschedule").Text, "no schedule")
	mustContain(t, e.do(owner, "/study domains").PlainText(), "Domains for this channel")
	if e.chat.asks != 1 {
		t.Fatalf("the platform was asked %d times for one admin's two commands, want once", e.chat.asks)
	}
	e.clock.Add(6 * time.Minute)
	e.do(owner, "/study unschedule")
	if e.chat.asks != 2 {
		t.Fatalf("after five minutes the answer was not asked again (%d asks)", e.chat.asks)
	}
	r := e.do(alice, "/study post")
	mustContain(t, r.Text, "Only moderators can use /study post. Moderators here are fakechat admins")
	mustNotContain(t, r.Text, "Manage Server")

	e.chat.adminErr = errors.New("users.info: connection refused")
	r, err := e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: bob, Name: "post"})
	if bot.ErrorCode(err) != bot.EUNAVAILABLE || !strings.Contains(r.Text, "I could not check your Fakechat admin status") {
		t.Fatalf("failed lookup: %q (%v), want EUNAVAILABLE saying the check failed", r.Text, err)
	}
	mustNotContain(t, r.Text, "Only moderators")
	if got := len(e.chat.cards()); got != 1 {
		t.Fatalf("%d cards after a failed lookup, want the one posted before", got)
	}
}

// TestModeratorArgumentOfAPublicCommand: anyone may see the leaderboard, only a moderator may post it to
// the channel.
func TestModeratorArgumentOfAPublicCommand(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if r := e.do(alice, "/study leaderboard week"); !r.Private {
		t.Fatal("a member's leaderboard is not private")
	}
	r := e.do(alice, "/study leaderboard public")
	mustContain(t, r.Text, "Only moderators can use /study leaderboard … public")
	if r := e.do(mod, "/study leaderboard all public"); r.Private || r.Table == nil || !strings.Contains(r.Table.Title, "All time") {
		t.Fatalf("a moderator's public board: %+v", r)
	}
}

// TestDomainsByNameAndList: domains are given by id or by name in any case, quoted or not, and "list"
// shows the channel's domains without changing them.
func TestDomainsByNameAndList(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	on := func() []string {
		ch, err := e.db.Channel(context.Background(), e.ch)
		if err != nil {
			t.Fatal(err)
		}
		return ch.Domains
	}
	for _, tc := range []struct {
		line string
		want []string
	}{
		{`/study domains regulatory requirements`, []string{"regulatory"}},
		{`/study domains "Security"`, []string{"security"}},
		{`/study domains SECURITY, regulatory`, []string{"security", "regulatory"}},
		{`/study domains security regulatory requirements`, []string{"security", "regulatory"}},
		{`/study domains list`, []string{"security", "regulatory"}},
		{`/study domains`, []string{"security", "regulatory"}},
		{`/study domains all`, nil},
	} {
		r := e.do(mod, tc.line)
		if r.Table == nil || fmt.Sprint(on()) != fmt.Sprint(tc.want) {
			t.Errorf("%s: reply %q, domains %v; want %v", tc.line, r.PlainText(), on(), tc.want)
		}
	}
}

// TestScheduleWarnsWhenThePlatformSaysTheBotCannotPost: what the adapter learned about the channel (the
// command's PostProblem) is added to the schedule's reply by the core.
func TestScheduleWarnsWhenThePlatformSaysTheBotCannotPost(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	name, args := bot.ParseLine("/study schedule 09:00")
	r := handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: mod, Name: name, Args: args,
		PostProblem: "it lacks Send Messages here."}))
	mustContain(t, r.Text, "Scheduled: a question at 09:00 UTC")
	mustContain(t, r.Text, "But studybot cannot post in this channel yet: it lacks Send Messages here.")
}

// TestHelpComesFromTheTable: help lists each subcommand the caller may use with the usage the table
// derives, and hides moderator commands and arguments from members.
func TestHelpComesFromTheTable(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	modHelp := e.do(mod, "/study help").Text
	memberHelp := e.do(alice, "/study help").Text
	for _, s := range e.bot.Commands() {
		mustContain(t, modHelp, s.Usage(true)+": "+s.Summary)
		if s.Mod {
			mustNotContain(t, memberHelp, "/study "+s.Name+" ")
		} else {
			mustContain(t, memberHelp, s.Usage(false)+": ")
		}
	}
	mustContain(t, modHelp, "/study leaderboard [week|month|all] [domain] [public]")
	mustContain(t, memberHelp, "/study leaderboard [week|month|all] [domain]: ")
}

// TestScheduleSetAfterTodaysSlotStartsTomorrow: at 15:00 a 09:00 schedule says its next post is tomorrow,
// and the scheduler keeps that promise instead of posting at once; a slot missed later (the bot down at
// 09:00 the next day) is still caught up that day.
func TestScheduleSetAfterTodaysSlotStartsTomorrow(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC))
	mustContain(t, e.do(mod, "/study schedule 09:00").Text, "Next post: Tue 3 Mar 2026 09:00 UTC")
	e.tick()
	if n := len(e.chat.cards()); n != 0 {
		t.Fatalf("%d cards posted at 15:00 for a schedule set at 15:00, want none until tomorrow", n)
	}
	e.clock.Set(time.Date(2026, 3, 3, 11, 30, 0, 0, time.UTC)) // down at 09:00, back at 11:30
	e.tick()
	e.tick()
	if n := len(e.chat.cards()); n != 1 {
		t.Fatalf("%d cards after a missed slot, want it caught up once", n)
	}
}

// newEnvOnTheDefaultPack is newEnv on Monday 2 March 2026 with the embedded default pack, which it returns,
// rather than the small test pack: for the FAQ as members get it.
func newEnvOnTheDefaultPack(t *testing.T) (*env, *quiz.Pack) {
	t.Helper()
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	p, err := packs.Default()
	if err != nil {
		t.Fatal(err)
	}
	e.pack = p
	e.bot = e.newBot(e.db)
	return e, p
}

// TestEveryCommandHasAnFAQEntry: /study faq answers "how do I …" for every subcommand a member can type,
// from the command table; an ask that names a command finds its entry.
func TestEveryCommandHasAnFAQEntry(t *testing.T) {
	e, p := newEnvOnTheDefaultPack(t)
	fq := mustFAQ(t, p)
	for _, s := range e.bot.Commands() {
		id := "cmd-" + strings.ReplaceAll(s.Name, " ", "-")
		e, ok := fq.Entry(id)
		if !ok {
			t.Errorf("/study %s has no FAQ entry", s.Name)
			continue
		}
		if !strings.Contains(e.Answer, "/study "+s.Name) {
			t.Errorf("%s: answer %q does not give the command", id, e.Answer)
		}
		if m := fq.Match("how do I use /study " + s.Name); m.Best == nil || m.Best.ID != id {
			t.Errorf("asked how to use /study %s: %+v, want %s", s.Name, m.Best, id)
		}
	}
}

// TestFAQNeverAnswersWronglyWithConfidence: on the real pack, a question two entries could answer gets
// "Did you mean" with the entries as buttons, and a button answers with its entry, privately.
func TestFAQNeverAnswersWronglyWithConfidence(t *testing.T) {
	e, p := newEnvOnTheDefaultPack(t)
	// "Informatics" alone could be the entry comparing informatics with HIM or the one on informatics
	// certification.
	r := e.do(alice, "/study faq what about informatics?")
	mustContain(t, r.Text, "I am not sure which of these you mean:")
	if !r.Private || len(r.Buttons) == 0 || len(r.Buttons) > 3 {
		t.Fatalf("did you mean: %+v", r)
	}
	offered := false
	for i, b := range r.Buttons {
		mustContain(t, r.Text, fmt.Sprintf("%d. %s", i+1, b.Label))
		if b.Action.Name != "faq-entry" || len(b.Action.Args) != 1 {
			t.Fatalf("button %+v", b)
		}
		offered = offered || b.Action.Args[0] == "informatics-cert-degree"
	}
	if !offered {
		t.Fatalf("the informatics certification entry is not among those offered: %+v", r.Buttons)
	}
	entry, ok := mustFAQ(t, p).Entry("informatics-cert-degree")
	if !ok {
		t.Fatal("no informatics-cert-degree entry")
	}
	got := handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: bob, Name: "faq-entry", Args: []string{"informatics-cert-degree"}, Click: true}))
	if !got.Private || !strings.HasPrefix(got.Text, entry.Question+"\n"+entry.Answer) {
		t.Fatalf("pressing the button: %+v", got)
	}
	// A clear question is answered at once.
	mustContain(t, e.do(alice, "/study faq is the comptia healthcare it technician exam still available?").Text, "retired")
}

// TestLeaderboardShowsTheCallersNewAnswerAtOnce: a board asked for a moment after the last one comes from
// the same snapshot, but the caller's own answer since then is on it, in the top and in their rank.
func TestLeaderboardShowsTheCallersNewAnswerAtOnce(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, wrong := e.letters(p)
	e.answer(alice, p.ID, right)
	e.answer(bob, p.ID, wrong)
	mustContain(t, e.do(bob, "/study leaderboard all").Table.Footer, "Your rank: #2 with 0 points")
	e.clock.Add(500 * time.Millisecond)
	e.do(mod, "/study post")
	p2 := e.openPost()
	right, _ = e.letters(p2)
	e.answer(bob, p2.ID, right)
	e.answer(carol, p2.ID, right) // not in the snapshot yet: the board may be a second old
	r := e.do(bob, "/study leaderboard all")
	mustContain(t, r.Table.Footer, "Your rank: #1 with 10 points")
	if got := fmt.Sprint(r.Table.Rows); got != "[[1 Alice 10 1/1] [1 Bob 10 1/2]]" {
		t.Fatalf("rows %s", got)
	}
}

// countingAnswers counts the answers that reach the store.
type countingAnswers struct {
	*sqlite.DB
	mu    sync.Mutex
	calls int
}

func (c *countingAnswers) RecordAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.DB.RecordAnswer(ctx, a)
}

// A member's repeat click is answered from the core's memory, without going to the store; another process
// (a replica, here a second Bot on the same database) has no such memory, so the store decides there, with
// the same reply.
func TestRepeatClickIsAnsweredFromMemory(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store := &countingAnswers{DB: e.db}
	newBot := func() *bot.Bot {
		b, err := bot.New(bot.Config{Store: store, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	e.bot = newBot()
	e.do(bot.User{ID: "mod", Name: "Mod", Admin: true}, "/study post")
	e.tick()
	p := e.openPost()
	right, wrong := e.letters(p)
	bea := bot.User{ID: "bea", Name: "Bea"}
	mustContain(t, e.answer(bea, p.ID, right).Text, "Correct!")
	mustContain(t, e.answer(bea, p.ID, wrong).Text, "You already answered "+right)
	if store.calls != 1 {
		t.Fatalf("%d answers reached the store for a first click and a repeat, want 1", store.calls)
	}
	e.bot = newBot()
	mustContain(t, e.answer(bea, p.ID, wrong).Text, "You already answered "+right)
	if store.calls != 2 {
		t.Fatalf("%d answers reached the store after the other process's repeat, want 2", store.calls)
	}
}

// TestAStudyPostClosingTheScheduledQuestionBreaksNoStreak: a moderator's /study post right after the
// scheduled question closes it early; a member who had not answered it yet keeps their streak, and the
// next scheduled question they answer continues it (issue 26, defect 1). A scheduled question that runs
// its course unanswered still ends the streak.
func TestAStudyPostClosingTheScheduledQuestionBreaksNoStreak(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study schedule 09:00 UTC daily")
	answerToday := func(want string) {
		t.Helper()
		e.tick()
		p := e.openPost()
		right, _ := e.letters(p)
		mustContain(t, e.answer(alice, p.ID, right).Text, want)
	}
	answerToday("streak 1")
	// Day 2: the scheduled question posts, and a moderator's question closes it before Alice answers.
	e.clock.Add(24 * time.Hour)
	e.tick()
	scheduled := e.openPost()
	e.clock.Add(time.Minute)
	e.do(mod, "/study post")
	if p, err := e.db.Post(context.Background(), scheduled.ID); err != nil || p.ClosedAt.IsZero() {
		t.Fatalf("the /study post did not close the scheduled question: %+v %v", p, err)
	}
	mustContain(t, e.do(alice, "/study stats").Text, "Streak in this channel: 1")
	e.clock.Add(24*time.Hour - time.Minute)
	answerToday("streak 2")
	mustContain(t, e.do(alice, "/study stats").Text, "Streak in this channel: 2")
	// Day 4 runs its course unanswered: that ends the streak, and day 5 starts again.
	e.clock.Add(24 * time.Hour)
	e.tick()
	e.clock.Add(24 * time.Hour)
	e.tick()
	mustContain(t, e.do(alice, "/study stats").Text, "Streak in this channel: 0")
	answerToday("streak 1")
}

// TestStatsOfAnotherMemberLeaveOutTheirPractice: /study stats of another member shows their daily answers
// only, overall and per domain; their practice (with reviews and mock exams) is theirs alone, as the product's
// privacy rule says, while their own /study stats shows it.
func TestStatsOfAnotherMemberLeaveOutTheirPractice(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	e.answer(bob, p.ID, right)
	r := e.do(bob, "/study practice security")
	q, _ := e.pack.Question(r.Card.QuestionID)
	mustContain(t, handled(e.bot.HandleErr(context.Background(), r.Buttons[q.Answer].Action.Command(e.ch, bob))).Text, "Correct!")

	answered := func(st bot.Reply) (n int) {
		for _, row := range st.Table.Rows {
			k, _ := strconv.Atoi(row[1])
			n += k
		}
		return n
	}
	own := e.do(bob, "/study stats")
	mustContain(t, own.Text, "Practice: 1 answered, 1 correct (100%)")
	if n := answered(own); n != 2 {
		t.Errorf("Bob's own domain table counts %d answers, want 2 (daily and practice): %+v", n, own.Table)
	}
	other := e.do(alice, "/study stats Bob")
	mustContain(t, other.Text, "Daily questions: 1 answered, 1 correct (100%)")
	if strings.Contains(other.Text, "Practice") {
		t.Errorf("Alice sees Bob's practice: %q", other.Text)
	}
	if n := answered(other); n != 1 {
		t.Errorf("Alice's view of Bob's domain table counts %d answers, want 1 (the daily one): %+v", n, other.Table)
	}
}

// mustFAQ returns what /study faq answers from with pack p (bot.NewFAQ).
func mustFAQ(t *testing.T, p *quiz.Pack) *quiz.FAQ {
	t.Helper()
	fq, err := bot.NewFAQ(p)
	if err != nil {
		t.Fatal(err)
	}
	return fq
}
