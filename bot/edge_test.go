package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/studybot/studybot/bot"
)

// answerCounts is how many members picked each choice of a post, as the reveal would show it.
func (e *env) answerCounts(p bot.Post) string {
	e.t.Helper()
	counts, err := e.db.AnswerCounts(context.Background(), p.ID, 4)
	if err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprint(counts)
}

// TestTypedCommandsNeverReachButtonActions: a button's action typed as a command ("/study answer 5 C",
// "/study confirm ID") is an unknown command, and changes nothing; the same action clicked works.
func TestTypedCommandsNeverReachButtonActions(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	for _, line := range []string{
		fmt.Sprintf("/study answer %d %s", p.ID, right),
		"/study answer open " + right,
		"answer " + fmt.Sprint(p.ID) + " " + right,
	} {
		r := e.do(alice, line)
		mustContain(t, r.Text, `Unknown command "answer"`)
		if !r.Private {
			t.Errorf("%q: the refusal is public", line)
		}
	}
	if got := e.answerCounts(p); got != "[0 0 0 0]" {
		t.Fatalf("typed answers were recorded: %v", got)
	}
	// A moderator typing the confirm action with a pending confirmation's id resets nothing.
	e.answer(alice, p.ID, right) // a click
	confirm := e.do(mod, "/study reset all").Buttons[0].Action
	mustContain(t, e.do(mod, "/study confirm "+confirm.Args[0]).Text, `Unknown command "confirm"`)
	if got := e.do(alice, "/study leaderboard all").Table.Rows[0][2]; got != "10" {
		t.Fatalf("a typed confirm reset the scores: %s points", got)
	}
	// Every hidden action is refused typed, whatever its words.
	for _, name := range []string{"practice-answer", "review-next", "guessed", "report", "exam-answer", "exam-page", "cancel", "faq-entry"} {
		mustContain(t, e.do(alice, "/study "+name+" 1 2 3").Text, fmt.Sprintf("Unknown command %q", name))
	}
	// The click still counts.
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, mod))).Text, "Done: 1 answer set to zero points.")
}

// TestAnswerInAnotherChannelIsRefused: a daily question is answered in its own channel; a click naming
// it from another channel of the same group is refused privately and records nothing.
func TestAnswerInAnotherChannelIsRefused(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	other := bot.ChannelRef{Platform: e.ch.Platform, GroupID: e.ch.GroupID, ChannelID: "c-other"}
	r, err := e.bot.HandleErr(context.Background(), bot.Action{Name: "answer", Args: []string{fmt.Sprint(p.ID), right}}.Command(other, alice))
	if bot.ErrorCode(err) != bot.EFORBIDDEN || !r.Private {
		t.Fatalf("answer from another channel: %q (%v), want a private refusal", r.Text, err)
	}
	mustContain(t, r.Text, "another channel")
	if got := e.answerCounts(p); got != "[0 0 0 0]" {
		t.Fatalf("an answer from another channel was recorded: %v", got)
	}
	mustContain(t, e.answer(alice, p.ID, right).Text, "Correct!")
}

// TestAStrangersClickLeavesTheConfirmation: another moderator pressing a moderator's confirm or cancel
// button is refused and leaves it; its owner then confirms with the same button.
func TestAStrangersClickLeavesTheConfirmation(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	e.answer(alice, p.ID, right)
	buttons := e.do(mod, "/study reset all").Buttons
	confirm, cancel := buttons[0].Action, buttons[1].Action
	other := bot.User{ID: "u-mod2", Name: "Other", Admin: true}
	mustContain(t, handled(e.bot.HandleErr(context.Background(), cancel.Command(e.ch, other))).Text, "Only the moderator who asked can cancel this.")
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, other))).Text, "Only the moderator who asked can confirm this.")
	mustContain(t, handled(e.bot.HandleErr(context.Background(), confirm.Command(e.ch, mod))).Text, "Done: 1 answer set to zero points.")
}

// TestScheduleRefusesWhatTheParsersRefuse: through /study schedule, an overflowing window, a loose time
// and a zone the embedded database lacks are refused, and no schedule is set.
func TestScheduleRefusesWhatTheParsersRefuse(t *testing.T) {
	for _, tt := range []struct{ args, want string }{
		{"09:00 window 213505d", "a question stays open from 1h to 7d (168h) at most"},
		{"09:00 window=8d", "a question stays open from 1h to 7d (168h) at most"},
		{"9:+5", `"9:+5" is not a time of day`},
		{"09:00 right/UTC", `"right/UTC" is a variant studybot does not use: use UTC.`},
		{"09:00 posix/Europe/Berlin", "use Europe/Berlin."},
	} {
		e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		mustContain(t, e.do(mod, "/study schedule "+tt.args).Text, tt.want)
		if ch, err := e.db.Channel(context.Background(), e.ch); err != nil || ch.Schedule != nil {
			t.Fatalf("schedule %q set %v (%v)", tt.args, ch.Schedule, err)
		}
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("é", 300)
	for _, tt := range []struct{ in, want string }{
		{"Alice", "Alice"},
		{"Mallory \u202e01 stniop", "Mallory 01 stniop"},
		{"\u2066Bob\u2069 \u200e\u200f\u061c\u202a\u202b\u202c\u202d", "Bob"},
		{"Eve\u200b\ufeff\u2060\u206a", "Eve"},
		{"Row\n#1  Mallory  999", "Row #1  Mallory  999"},
		{"Tab\there\u2028and\u2029there\x1b[31m", "Tab here and there [31m"},
		{"👩\u200d💻 Dev", "👩\u200d💻 Dev"}, // the joiner of an emoji sequence stays
		{"Bad\xffUTF-8", "Bad\ufffdUTF-8"},
		{"  \u202e  ", ""},
		{long, strings.Repeat("é", bot.MaxNameLen-1) + "…"},
	} {
		got := bot.CleanName(tt.in)
		if got != tt.want {
			t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > bot.MaxNameLen {
			t.Errorf("CleanName(%q) has %d characters", tt.in, n)
		}
	}
}

// hasBidi reports a bidi control or another invisible format character in s.
func hasBidi(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) || r == '\u200b' || r == '\ufeff' }) >= 0
}

// TestHostileNamesAreCleanedEverywhere: a member named with a right-to-left override, or with 300
// characters, shows on the leaderboard, in the recap and on the web page without the override, and cut
// to 80 characters.
func TestHostileNamesAreCleanedEverywhere(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	b, err := bot.New(bot.Config{Store: e.db, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat},
		PublicURL: "https://study.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	spoof := bot.User{ID: "u-spoof", Name: "Mallory \u202e01 stniop"}
	long := bot.User{ID: "u-long", Name: strings.Repeat("L", 300)}
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	e.answer(spoof, p.ID, right)
	e.answer(long, p.ID, right)

	want := map[string]string{"u-spoof": "Mallory 01 stniop", "u-long": strings.Repeat("L", 79) + "…"}
	checkRows := func(where string, names []string) {
		t.Helper()
		if len(names) != 2 {
			t.Fatalf("%s: %d names, want 2: %q", where, len(names), names)
		}
		for _, n := range names {
			if n != want["u-spoof"] && n != want["u-long"] {
				t.Errorf("%s shows the name %q", where, n)
			}
		}
	}
	lb := e.do(mod, "/study leaderboard all")
	checkRows("the leaderboard", []string{lb.Table.Rows[0][1], lb.Table.Rows[1][1]})
	if hasBidi(lb.PlainText()) {
		t.Errorf("the leaderboard has a bidi control: %q", lb.PlainText())
	}

	recap, err := e.bot.BuildRecap(context.Background(), e.ch.Group(), e.bot.Pack(), bot.PeriodStart(bot.PeriodWeek, e.clock.Now(), time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	r := recap.Reply()
	checkRows("the recap", []string{r.Table.Rows[0][1], r.Table.Rows[1][1]})
	if hasBidi(r.PlainText()) {
		t.Errorf("the recap has a bidi control: %q", r.PlainText())
	}

	var tok string
	for _, w := range strings.Fields(e.do(mod, "/study web").Text) {
		if rest, ok := strings.CutPrefix(w, "https://study.example.com/g/"); ok {
			tok = rest
		}
	}
	g, err := e.bot.WebGroup(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	page, err := e.bot.WebPage(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, row := range page.Boards[0].Rows {
		names = append(names, row.Name)
	}
	checkRows("the web page", names)
}

// BenchmarkCleanName is what cleaning costs every command: a plain name, and one to clean.
func BenchmarkCleanName(b *testing.B) {
	for _, name := range []string{"Amara Okafor", "Mallory \u202e01 stniop"} {
		b.Run(fmt.Sprintf("%d-bytes", len(name)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bot.CleanName(name)
			}
		})
	}
}
