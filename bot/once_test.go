package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestRepeatedRequestRunsOnce: a request the platform named (a Discord interaction id, a Slack trigger_id)
// runs once, whichever process on the database gets the repeat; it is answered "already handled" and
// changes nothing. Another id, or a console line (no id), runs as usual.
func TestRepeatedRequestRunsOnce(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	other := e.newBot(e.db) // a second process on the same file
	ctx := context.Background()
	post := bot.Command{Channel: e.ch, User: mod, Name: "post", Request: "ix-1"}
	if r, err := e.bot.HandleErr(ctx, post); err != nil || !strings.Contains(r.Text, "Posted") {
		t.Fatalf("first post: %+v %v", r, err)
	}
	first := e.openPost()
	e.clock.Add(4 * time.Minute) // still inside the 5 minutes a signature stays fresh
	for i, b := range []*bot.Bot{e.bot, other} {
		r, err := b.HandleErr(ctx, post)
		if bot.ErrorCode(err) != bot.EREPLAYED || !r.Private || !strings.Contains(r.Text, "already handled") {
			t.Fatalf("repeat %d: %+v %v, want a private note that it was already handled", i, r, err)
		}
	}
	if n := len(e.chat.cards()); n != 1 || e.openPost().ID != first.ID {
		t.Fatalf("%d cards posted and open post %d after the repeats, want the first one alone (%d)", n, e.openPost().ID, first.ID)
	}

	post.Request = "ix-2"
	if r, err := other.HandleErr(ctx, post); err != nil || !strings.Contains(r.Text, "Posted") {
		t.Fatalf("another request: %+v %v", r, err)
	}
	for range 2 {
		if r := e.do(mod, "/study post"); !strings.Contains(r.Text, "Posted") {
			t.Fatalf("console post: %+v", r)
		}
	}
	if n := len(e.chat.cards()); n != 4 {
		t.Fatalf("%d cards, want 4: the first, another request's and two console lines", n)
	}
}

// TestRepeatedAnswerClickIsAnsweredNotRecordedTwice: the daily answer skips the replay check (Idempotent);
// a repeat of its click is "already answered" and the first answer stands alone.
func TestRepeatedAnswerClickIsAnsweredNotRecordedTwice(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	click := bot.Command{Channel: e.ch, User: alice, Name: "answer", Args: []string{fmt.Sprint(p.ID), right}, Request: "ix-a", Click: true}
	mustContain(t, handled(e.bot.HandleErr(context.Background(), click)).Text, "Correct!")
	mustContain(t, handled(e.newBot(e.db).HandleErr(context.Background(), click)).Text, "You already answered "+right)
	counts, err := e.db.AnswerCounts(context.Background(), p.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	if total := counts[0] + counts[1] + counts[2] + counts[3]; total != 1 {
		t.Fatalf("%d answers stored, want 1", total)
	}
}
