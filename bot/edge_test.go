package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

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
	mustContain(t, e.bot.Handle(context.Background(), confirm.Command(e.ch, mod)).Text, "Done: 1 answer set to zero points.")
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
	mustContain(t, e.bot.Handle(context.Background(), cancel.Command(e.ch, other)).Text, "Only the moderator who asked can cancel this.")
	mustContain(t, e.bot.Handle(context.Background(), confirm.Command(e.ch, other)).Text, "Only the moderator who asked can confirm this.")
	mustContain(t, e.bot.Handle(context.Background(), confirm.Command(e.ch, mod)).Text, "Done: 1 answer set to zero points.")
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
