package bot_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// answerLog records what an Exchange was asked to send, in order.
type answerLog struct {
	mu     sync.Mutex
	events []string
	later  chan struct{}
}

func (l *answerLog) add(s string) {
	l.mu.Lock()
	l.events = append(l.events, s)
	l.mu.Unlock()
}

func (l *answerLog) exchange(async bool) bot.Exchange {
	l.later = make(chan struct{}, 1)
	return bot.Exchange{Kind: "command", Async: async,
		InTime: func(r bot.Reply) { l.add("in time: " + r.Text) },
		Defer:  func() { l.add("defer") },
		Later: func(_ context.Context, r bot.Reply) {
			l.add("later: " + r.Text)
			l.later <- struct{}{}
		},
	}
}

func (l *answerLog) got() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

func goNow(_ context.Context, fn func()) bool { go fn(); return true }

// TestDeadlineAnswer: a quick reply goes back in time; a slow one is deferred, then follows, after the
// deferral; an async reply always follows; a replay's late reply is never sent; while shutting down the
// member is told to try again and the core is not asked.
func TestDeadlineAnswer(t *testing.T) {
	cmd := bot.Command{Name: "post"}
	quick := func(context.Context, bot.Command) (bot.Reply, error) { return bot.Reply{Text: "done"}, nil }

	t.Run("in time", func(t *testing.T) {
		var l answerLog
		bot.Deadline{Handle: quick, Go: goNow, After: time.Hour}.Answer(context.Background(), cmd, l.exchange(false))
		if got := l.got(); len(got) != 1 || got[0] != "in time: done" {
			t.Fatalf("%q", got)
		}
	})

	release := make(chan struct{})
	slow := func(context.Context, bot.Command) (bot.Reply, error) {
		<-release
		return bot.Reply{Text: "done late"}, nil
	}
	t.Run("late", func(t *testing.T) {
		var l answerLog
		x := l.exchange(false)
		bot.Deadline{Handle: slow, Go: goNow, After: time.Millisecond}.Answer(context.Background(), cmd, x)
		release <- struct{}{}
		<-l.later
		if got := l.got(); len(got) != 2 || got[0] != "defer" || got[1] != "later: done late" {
			t.Fatalf("%q, want the deferral, then the reply", got)
		}
	})

	t.Run("async in time", func(t *testing.T) {
		var l answerLog
		bot.Deadline{Handle: quick, Go: goNow, After: time.Hour}.Answer(context.Background(), cmd, l.exchange(true))
		<-l.later
		if got := l.got(); len(got) != 1 || got[0] != "later: done" {
			t.Fatalf("%q, want the reply through Later only", got)
		}
	})

	t.Run("a late replay sends nothing", func(t *testing.T) {
		var l answerLog
		replay := func(context.Context, bot.Command) (bot.Reply, error) {
			<-release
			return bot.Reply{Text: "This request was already handled."}, bot.Errorf(bot.EREPLAYED, "replayed")
		}
		finished := make(chan struct{}) // the core's goroutine, follow-up included, is done
		goTracked := func(_ context.Context, fn func()) bool {
			go func() { defer close(finished); fn() }()
			return true
		}
		var outcome string
		d := bot.Deadline{Handle: replay, Go: goTracked, After: time.Millisecond,
			Observe: func(kind, o string, _ time.Duration) { outcome = o }}
		d.Answer(context.Background(), cmd, l.exchange(false))
		release <- struct{}{}
		<-finished
		if got := l.got(); len(got) != 1 || got[0] != "defer" || outcome != bot.EREPLAYED {
			t.Fatalf("%q, outcome %q", got, outcome)
		}
	})

	t.Run("shutting down", func(t *testing.T) {
		var l answerLog
		asked := false
		d := bot.Deadline{Handle: func(context.Context, bot.Command) (bot.Reply, error) { asked = true; return bot.Reply{}, nil },
			Go: func(context.Context, func()) bool { return false }, After: time.Hour}
		d.Answer(context.Background(), cmd, l.exchange(false))
		if got := l.got(); asked || len(got) != 1 || got[0] != "in time: studybot is restarting. Please try again in a moment." {
			t.Fatalf("%q, core asked %v", got, asked)
		}
	})
}
