package bot_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
)

// recaps returns the recaps posted: the posts that carry a chart.
func (f *fakeChat) recaps() []chatMsg {
	return f.postsWhere(func(r bot.Reply) bool { return r.Chart != nil })
}

func TestRecapOwed(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, newYork) } // 2 March 2026 is a Monday
	weekdays, _ := bot.ParseDays("mon-fri")
	weekends, _ := bot.ParseDays("sat,sun")
	cases := []struct {
		name   string
		s      bot.Schedule
		now    time.Time
		week   string
		wantOK bool
	}{
		{"before Monday's slot", bot.Schedule{Hour: 9, Zone: "America/New_York", Days: weekdays}, at(9, 8, 59), "", false},
		{"at Monday's slot", bot.Schedule{Hour: 9, Zone: "America/New_York", Days: weekdays}, at(9, 9, 0), "w2026-03-02", true},
		{"later that Monday", bot.Schedule{Hour: 9, Zone: "America/New_York", Days: weekdays}, at(9, 23, 59), "w2026-03-02", true},
		{"Tuesday: the day has passed", bot.Schedule{Hour: 9, Zone: "America/New_York", Days: weekdays}, at(10, 9, 0), "", false},
		{"weekends: Saturday is the first slot", bot.Schedule{Hour: 10, Zone: "America/New_York", Days: weekends}, at(14, 10, 0), "w2026-03-02", true},
		{"weekends: not on Monday", bot.Schedule{Hour: 10, Zone: "America/New_York", Days: weekends}, at(9, 10, 0), "", false},
		{"schedule set after the slot", bot.Schedule{Hour: 9, Zone: "America/New_York", Days: weekdays, Since: at(9, 9, 30)}, at(9, 10, 0), "", false},
		{"schedule set before the slot", bot.Schedule{Hour: 9, Zone: "America/New_York", Days: weekdays, Since: at(9, 8, 0)}, at(9, 10, 0), "w2026-03-02", true},
		{"zone decides the week", bot.Schedule{Hour: 9, Zone: "Asia/Tokyo", Days: bot.AllDays}, time.Date(2026, 3, 9, 0, 30, 0, 0, time.UTC), "w2026-03-02", true},
	}
	for _, c := range cases {
		week, _, ok := c.s.RecapOwed(c.now)
		if ok != c.wantOK || week != c.week {
			t.Errorf("%s: got %q %v, want %q %v", c.name, week, ok, c.week, c.wantOK)
		}
	}
}

// days is how a member answers a week's questions: one rune per weekday, R right, W wrong, - none.
type days struct {
	u    bot.User
	days string
}

// weekOfAnswers posts the channel's question on each weekday of the week starting on Monday day (in New
// York), and has the members answer as their days say.
func (e *env) weekOfAnswers(day int, answers ...days) {
	e.t.Helper()
	for i := 0; i < 5; i++ {
		e.clock.Set(time.Date(2026, 3, day+i, 9, 0, 0, 0, newYork))
		e.tick()
		p := e.openPost()
		right, wrong := e.letters(p)
		e.clock.Set(time.Date(2026, 3, day+i, 9, 30, 0, 0, newYork))
		for _, a := range answers {
			switch a.days[i] {
			case 'R':
				e.answer(a.u, p.ID, right)
			case 'W':
				e.answer(a.u, p.ID, wrong)
			}
		}
	}
}

// TestWeeklyRecapOncePerChannel runs a channel through three weeks on the real store with a moved clock:
// the recap of each week posts once at the next Monday's slot, through a restart, a second process and more
// ticks that day, and a week without answers posts nothing.
func TestWeeklyRecapOncePerChannel(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, newYork))
	e.do(mod, "/study schedule 09:00 America/New_York mon-fri")
	// Week 1: Alice is mostly wrong, Bob always right.
	e.weekOfAnswers(2, days{alice, "WWWWR"}, days{bob, "RRRRR"})
	if n := len(e.chat.recaps()); n != 0 {
		t.Fatalf("%d recaps during the first week", n)
	}
	// Week 2, Monday 09:00: the recap of week 1, once, with a second process ticking at the same moment.
	e.clock.Set(time.Date(2026, 3, 9, 9, 0, 0, 0, newYork))
	db2, err := sqlite.Open(context.Background(), e.path)
	if err != nil {
		t.Fatal(err)
	}
	chat2 := &fakeChat{}
	b2, _ := bot.New(bot.Config{Store: db2, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": chat2}})
	var wg sync.WaitGroup
	for _, b := range []*bot.Bot{e.bot, b2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.Tick(context.Background()); err != nil {
				t.Error(err)
			}
			if err := b.Flush(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	db2.Close()
	if n := len(e.chat.recaps()) + len(chat2.recaps()); n != 1 {
		t.Fatalf("Monday 09:00: %d recaps from two processes, want 1", n)
	}
	recap := append(e.chat.recaps(), chat2.recaps()...)[0].reply
	text := recap.PlainText()
	mustContain(t, text, "Weekly recap · week of Mon 2 Mar 2026")
	// Five posts, four questions: the test pack has four, so Friday's repeats one (a question counts once).
	mustContain(t, text, "Participation: 2 members gave 10 answers to 4 daily questions.")
	mustContain(t, text, "Most improved: nobody yet.")
	mustContain(t, text, "Hardest question")
	if got := recap.Table.Rows[0][1]; got != "Bob" {
		t.Fatalf("top of week 1 is %q, want Bob: %v", got, recap.Table.Rows)
	}
	if c := recap.Chart; len(c.Categories) != 2 || len(c.Series) != 2 || c.Name != "recap-w2026-03-02.png" {
		t.Fatalf("chart %+v", c)
	}
	// A restart later that Monday, and more ticks: still one.
	e.db.Close()
	e.clock.Set(time.Date(2026, 3, 9, 12, 0, 0, 0, newYork))
	e.open()
	e.tick()
	e.tick()
	if n := len(e.chat.recaps()) + len(chat2.recaps()); n != 1 {
		t.Fatalf("after a restart: %d recaps, want 1", n)
	}
	// The rest of week 2: Alice is right every day now, Carol joins.
	e.weekOfAnswers(9, days{alice, "RRRRR"}, days{bob, "RRWRR"}, days{carol, "RRR--"})
	e.clock.Set(time.Date(2026, 3, 16, 9, 0, 0, 0, newYork))
	e.tick()
	all := append(e.chat.recaps(), chat2.recaps()...)
	if len(all) != 2 {
		t.Fatalf("Monday 16 March: %d recaps in all, want 2", len(all))
	}
	mine := e.chat.recaps() // the first may have gone out through the second process
	text = mine[len(mine)-1].reply.PlainText()
	mustContain(t, text, "week of Mon 9 Mar 2026")
	mustContain(t, text, "Participation: 3 members gave 13 answers to 4 daily questions.") // again a repeat
	mustContain(t, text, "Most improved: Alice, 100% right this week (5 answers) against 20% before (5 answers).")
	// Week 3 nobody answers (the questions still post): Monday 23 March posts no recap, and its outbox row
	// is done rather than left to retry.
	for d := 16; d <= 20; d++ {
		e.clock.Set(time.Date(2026, 3, d, 9, 0, 0, 0, newYork))
		e.tick()
	}
	e.clock.Set(time.Date(2026, 3, 23, 9, 0, 0, 0, newYork))
	e.tick()
	if n := len(e.chat.recaps()) + len(chat2.recaps()); n != 2 {
		t.Fatalf("a week without answers: %d recaps in all, want still 2", n)
	}
	st, err := e.db.RecapState(context.Background(), e.ch, "w2026-03-16")
	if err != nil || st.Status != "delivered" || st.MessageID != "" {
		t.Fatalf("empty week's recap row: %+v %v, want delivered without a message", st, err)
	}
}

// TestRecapCountsAnswersAndQuestionsApart: the recap's participation line counts members, answers and
// the daily questions they answered each by its own number, singular where it is one (issue 26, defect
// 10): one member's one answer is "1 member gave 1 answer to 1 daily question", not "answered 1 daily
// questions".
func TestRecapCountsAnswersAndQuestionsApart(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, newYork))
	e.do(mod, "/study schedule 09:00 America/New_York mon-fri")
	e.weekOfAnswers(2, days{alice, "R----"})
	e.do(mod, "/study recap")
	recaps := e.chat.recaps()
	if len(recaps) != 1 {
		t.Fatalf("%d recaps, want 1", len(recaps))
	}
	mustContain(t, recaps[0].reply.PlainText(), "Participation: 1 member gave 1 answer to 1 daily question.")
}

// TestRecapCommandIsAnExtra checks that /study recap posts the week so far at once, and that the weekly
// recap of the same week still posts, whole, at the next week's first slot.
func TestRecapCommandIsAnExtra(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, newYork))
	e.do(mod, "/study schedule 09:00 America/New_York mon-fri")
	if r := e.do(mod, "/study recap"); !strings.Contains(r.Text, "nothing to recap") || len(e.chat.recaps()) != 0 {
		t.Fatalf("recap of an empty week: %q, %d posted", r.Text, len(e.chat.recaps()))
	}
	e.weekOfAnswers(2, days{alice, "RR---"}, days{bob, "WR---"})
	if r := e.do(alice, "/study recap"); !strings.Contains(r.Text, "Only moderators") {
		t.Fatalf("a member's /study recap: %q", r.Text)
	}
	r := e.do(mod, "/study recap")
	mustContain(t, r.Text, "Posted the recap of this week so far.")
	recaps := e.chat.recaps()
	if len(recaps) != 1 {
		t.Fatalf("%d recaps after /study recap, want 1", len(recaps))
	}
	mustContain(t, recaps[0].reply.PlainText(), "Recap so far · week of Mon 2 Mar 2026")
	mustContain(t, recaps[0].reply.PlainText(), "Participation: 2 members gave 4 answers to 2 daily questions.")
	e.clock.Set(time.Date(2026, 3, 9, 9, 0, 0, 0, newYork))
	e.tick()
	recaps = e.chat.recaps()
	if len(recaps) != 2 {
		t.Fatalf("%d recaps after the next Monday, want 2 (the extra and the weekly)", len(recaps))
	}
	mustContain(t, recaps[1].reply.PlainText(), "Weekly recap · week of Mon 2 Mar 2026")
}

func TestWebCommandAndPage(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, newYork))
	if r := e.do(mod, "/study web"); !strings.Contains(r.Text, "STUDYBOT_PUBLIC_URL") {
		t.Fatalf("without a public URL: %q", r.Text)
	}
	b, err := bot.New(bot.Config{Store: e.db, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat},
		PublicURL: "https://study.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	e.do(mod, "/study schedule 09:00 America/New_York mon-fri")
	e.weekOfAnswers(2, days{alice, "RRRWR"}, days{bob, "WWRRR"})
	link := func(r bot.Reply) string {
		t.Helper()
		for _, w := range strings.Fields(r.Text) {
			if strings.HasPrefix(w, "https://study.example.com/g/") {
				return strings.TrimPrefix(w, "https://study.example.com/g/")
			}
		}
		t.Fatalf("no link in %q", r.Text)
		return ""
	}
	r := e.do(mod, "/study web")
	if !r.Private {
		t.Fatal("the link must be private")
	}
	tok := link(r)
	if len(tok) < 22 {
		t.Fatalf("token %q is shorter than 128 bits in base64", tok)
	}
	// Only the token's hash is kept: asking again cannot show the link, says so, and leaves it working.
	again := e.do(mod, "/study web")
	if !again.Private || strings.Contains(again.Text, "https://") || !strings.Contains(again.Text, "already has a web page link, and it still works") ||
		!strings.Contains(again.Text, "/study web reset") {
		t.Fatalf("a second /study web: %+v", again)
	}
	if r := e.do(alice, "/study web"); !strings.Contains(r.Text, "Only moderators") {
		t.Fatalf("a member's /study web: %q", r.Text)
	}
	g, err := e.bot.WebGroup(context.Background(), tok)
	if err != nil {
		t.Fatalf("the first link after a second /study web: %v", err)
	}
	p, err := e.bot.WebPage(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Boards) != 3*(1+len(e.pack.Domains)) || p.Boards[0].Title != "This week" || p.Boards[0].Domain != "" {
		t.Fatalf("boards: %d, first %+v", len(p.Boards), p.Boards[0])
	}
	if rows := p.Boards[0].Rows; len(rows) != 2 || rows[0].Name != "Alice" || rows[1].Name != "Bob" {
		t.Fatalf("week board rows %+v", rows)
	}
	if len(p.Weeks) != bot.PageWeeks || p.Weeks[bot.PageWeeks-1].Answers != 10 || p.Weeks[bot.PageWeeks-1].Members != 2 {
		t.Fatalf("participation %+v", p.Weeks[bot.PageWeeks-1])
	}
	if len(p.Hardest) == 0 || p.Hardest[0].Explanation == "" {
		t.Fatalf("hardest %+v", p.Hardest)
	}
	// Reset: a new token, and the old one finds nothing.
	fresh := link(e.do(mod, "/study web reset"))
	if fresh == tok {
		t.Fatal("reset kept the token")
	}
	if _, err := e.bot.WebGroup(context.Background(), tok); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("old token after reset: %v, want ENOTFOUND", err)
	}
	if got, err := e.bot.WebGroup(context.Background(), fresh); err != nil || got != g {
		t.Fatalf("new token: %v %v", got, err)
	}
}

// A copy of the database (a backup, a leak) holds no working link: the token is stored only as its hash.
func TestWebLinkIsNotInTheDatabase(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, newYork))
	b, err := bot.New(bot.Config{Store: e.db, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat},
		PublicURL: "https://study.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	var tokens []string
	for _, cmd := range []string{"/study web", "/study web reset"} {
		text := e.do(mod, cmd).Text
		_, after, ok := strings.Cut(text, "https://study.example.com/g/")
		if !ok {
			t.Fatalf("%s: no link in %q", cmd, text)
		}
		tokens = append(tokens, strings.Fields(after)[0])
	}
	var files []byte
	for _, f := range []string{e.path, e.path + "-wal"} {
		body, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		files = append(files, body...)
	}
	for _, tok := range tokens {
		if bytes.Contains(files, []byte(tok)) {
			t.Errorf("the database files hold the token %q of a link", tok)
		}
	}
}
