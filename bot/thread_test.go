package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
)

// threadChat is a fakeChat that opens discussion threads (bot.Threader) the way a platform does: a message
// is made once per key, however often it is asked for, and fail holds errors for the next calls (an error
// after made means the platform made the message and the answer was lost).
type threadChat struct {
	*fakeChat
	mu      sync.Mutex
	calls   []threadCall
	made    map[string]string // key -> message id
	threads []threadCall      // the messages made, in order
	fail    []threadFailure
}

type threadCall struct {
	ch    bot.ChannelRef
	d     bot.Discussion
	reply bot.Reply
	send  bot.Send
}

type threadFailure struct {
	err  error
	made bool
}

func newThreadChat() *threadChat {
	return &threadChat{fakeChat: &fakeChat{}, made: map[string]string{}}
}

func (c *threadChat) PostThread(_ context.Context, ch bot.ChannelRef, d bot.Discussion, r bot.Reply, send bot.Send) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	call := threadCall{ch: ch, d: d, reply: r, send: send}
	c.calls = append(c.calls, call)
	var f threadFailure
	if len(c.fail) > 0 {
		f, c.fail = c.fail[0], c.fail[1:]
		if !f.made {
			return "", f.err
		}
	}
	id, ok := c.made[send.Key]
	if !ok {
		id = fmt.Sprintf("t%d", len(c.threads)+1)
		c.made[send.Key] = id
		c.threads = append(c.threads, call)
	}
	return id, f.err
}

func (c *threadChat) snapshot() (calls, threads []threadCall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]threadCall(nil), c.calls...), append([]threadCall(nil), c.threads...)
}

// withThreads rebuilds the env's bot on a chat that opens threads.
func withThreads(e *env) *threadChat {
	tc := newThreadChat()
	e.chat = tc.fakeChat
	e.bot = threadBot(e, e.db, tc)
	return tc
}

func threadBot(e *env, store bot.Store, tc *threadChat) *bot.Bot {
	b, err := bot.New(bot.Config{Store: store, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": tc}})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// threadRows counts a post's discussion threads in the outbox.
func threadRows(t *testing.T, s bot.Outbox, postID int64) []bot.DeliveryState {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), postID)
	if err != nil {
		t.Fatal(err)
	}
	var out []bot.DeliveryState
	for _, d := range ds {
		if d.Kind == bot.DeliverThread {
			out = append(out, d)
		}
	}
	return out
}

// TestRevealOpensADiscussionWithEachOptionsWhy: when a question's reveal is posted, a discussion opens under
// it, titled after the question, saying why each wrong option is wrong (the pack's why) and why the key is
// right (the explanation), with the source.
func TestRevealOpensADiscussionWithEachOptionsWhy(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tc := withThreads(e)
	e.do(mod, "/study post")
	p := e.openPost()
	right, _ := e.letters(p)
	e.answer(alice, p.ID, right)
	e.do(mod, "/study post")
	reveals := e.chat.reveals()
	_, threads := tc.snapshot()
	if len(reveals) != 1 || len(threads) != 1 {
		t.Fatalf("%d reveals and %d threads, want one each", len(reveals), len(threads))
	}
	th := threads[0]
	if th.d.Parent != reveals[0].id || th.ch != e.ch {
		t.Fatalf("the thread hangs under %q in %+v, want the reveal %q in %+v", th.d.Parent, th.ch, reveals[0].id, e.ch)
	}
	q, _ := e.pack.Question(p.QuestionID)
	if want := "Discuss: " + q.Text; th.d.Title != want {
		t.Fatalf("title %q, want %q", th.d.Title, want)
	}
	for i, c := range q.Choices {
		line := fmt.Sprintf("%s) %s ✗ %s", string(rune('A'+i)), c, q.WhyWrong(i))
		if i == q.Answer {
			line = fmt.Sprintf("%s) %s ✓ %s", string(rune('A'+i)), c, q.Explanation)
		}
		mustContain(t, th.reply.Text, line)
	}
	if th.reply.Source != q.Source || th.reply.Private {
		t.Fatalf("thread message: %+v", th.reply)
	}
	if rows := threadRows(t, e.db, p.ID); len(rows) != 1 || rows[0].Status != "delivered" || rows[0].MessageID != "t1" {
		t.Fatalf("the post's thread in the outbox: %+v", rows)
	}
}

// TestThreadsOffOpensNone: /study schedule ... threads off posts reveals without a discussion, says so, and
// keeps it off through a schedule change that does not name it; threads on opens them again.
func TestThreadsOffOpensNone(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tc := withThreads(e)
	mustContain(t, e.do(mod, "/study schedule 09:00 threads off").Text, "Discussion threads: off")
	mustContain(t, e.do(mod, "/study schedule 10:00").Text, "Discussion threads: off")
	e.do(mod, "/study post")
	first := e.openPost()
	e.do(mod, "/study post")
	if calls, _ := tc.snapshot(); len(e.chat.reveals()) != 1 || len(calls) != 0 {
		t.Fatalf("threads off: %d reveals, %d threads asked for", len(e.chat.reveals()), len(calls))
	}
	if rows := threadRows(t, e.db, first.ID); len(rows) != 0 {
		t.Fatalf("threads off queued %+v", rows)
	}
	mustContain(t, e.do(mod, "/study schedule 10:00 threads on").Text, "Discussion threads: on. Each reveal opens a thread")
	e.do(mod, "/study post")
	if _, threads := tc.snapshot(); len(threads) != 1 || threads[0].d.Parent != e.chat.reveals()[1].id {
		t.Fatalf("threads on again: %+v", threads)
	}
}

// TestThreadsOnIsTheDefaultAndScheduleSaysSo: a channel's first schedule says reveals open threads.
func TestThreadsOnIsTheDefaultAndScheduleSaysSo(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	r := e.do(mod, "/study schedule 09:00 Europe/Berlin mon-fri")
	mustContain(t, r.Text, "Discussion threads: on.")
	mustNotContain(t, r.Text, "cannot open threads")
	r = handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: mod, Name: "schedule", Args: []string{"09:00"},
		ThreadProblem: "it lacks Create Public Threads here."}))
	mustContain(t, r.Text, "But studybot cannot open threads here yet: it lacks Create Public Threads here.")
}

// TestARestartRetriesTheThreadOnceWithItsKey: a thread whose first attempt may have been made (the answer
// was lost) is tried again, after a restart, as maybe-sent with the same key, so the platform finds it
// rather than open a second; once delivered, further restarts and ticks ask for no more.
func TestARestartRetriesTheThreadOnceWithItsKey(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tc := withThreads(e)
	tc.fail = []threadFailure{{err: errors.New("connection reset"), made: true}}
	e.do(mod, "/study post")
	p := e.openPost()
	e.do(mod, "/study post")
	if rows := threadRows(t, e.db, p.ID); len(rows) != 1 || rows[0].Status != "due" {
		t.Fatalf("after the lost answer: %+v", rows)
	}
	for range 2 { // restart twice: the first retries, the second finds nothing owed
		if err := e.db.Close(); err != nil {
			t.Fatal(err)
		}
		db, err := sqlite.Open(context.Background(), e.path)
		if err != nil {
			t.Fatal(err)
		}
		e.db = db
		t.Cleanup(func() { db.Close() })
		e.bot = threadBot(e, db, tc)
		e.clock.Add(time.Minute)
		e.tick()
	}
	calls, threads := tc.snapshot()
	if len(calls) != 2 || len(threads) != 1 {
		t.Fatalf("%d attempts made %d threads, want 2 attempts and 1 thread", len(calls), len(threads))
	}
	if calls[1].send.Key != calls[0].send.Key || !calls[1].send.MaybeSent || calls[1].d != calls[0].d {
		t.Fatalf("the retry: %+v, the first: %+v", calls[1].send, calls[0].send)
	}
	if rows := threadRows(t, e.db, p.ID); len(rows) != 1 || rows[0].Status != "delivered" {
		t.Fatalf("at the end: %+v", rows)
	}
}

// TestReplicasOpenOneThread: two processes on one database delivering at once post one reveal and open one
// thread under it.
func TestReplicasOpenOneThread(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tc := withThreads(e)
	e.do(mod, "/study schedule 09:00")
	e.tick()
	p := e.openPost()
	db2, err := sqlite.Open(context.Background(), e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	other := threadBot(e, db2, tc)
	e.clock.Add(24 * time.Hour)
	if err := e.bot.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, b := range []*bot.Bot{e.bot, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.Flush(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	calls, threads := tc.snapshot()
	if len(e.chat.reveals()) != 1 || len(calls) != 1 || len(threads) != 1 {
		t.Fatalf("%d reveals, %d thread attempts, %d threads; want one each", len(e.chat.reveals()), len(calls), len(threads))
	}
	if rows := threadRows(t, e.db, p.ID); len(rows) != 1 {
		t.Fatalf("threads queued: %+v", rows)
	}
}

// TestARefusedThreadTellsTheNextModerator: a platform that refuses the thread (a missing permission) leaves
// the reveal in place, and the next moderator command in the channel says the thread could not be opened
// and how to fix it, not that the daily question could not be posted.
func TestARefusedThreadTellsTheNextModerator(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tc := withThreads(e)
	tc.fail = []threadFailure{{err: bot.Errorf(bot.EFORBIDDEN, "Give studybot Create Public Threads here.")}}
	e.do(mod, "/study post")
	r := e.do(mod, "/study post") // its reveal's thread is refused while it delivers the channel's messages
	if len(e.chat.reveals()) != 1 || len(e.chat.cards()) != 2 {
		t.Fatalf("%d reveals, %d cards", len(e.chat.reveals()), len(e.chat.cards()))
	}
	mustContain(t, r.Text, "Heads up: I posted the reveal in this channel but could not open its discussion thread. Give studybot Create Public Threads here.")
	mustContain(t, r.Text, "Posted a new question.")
	mustNotContain(t, r.Text, "could not post the daily question")
	if r := e.do(mod, "/study domains list"); strings.Contains(r.Text, "Heads up") {
		t.Fatalf("told twice: %q", r.Text)
	}
}

// TestAChatWithoutThreadsQueuesNone: a platform that cannot open threads gets its reveals alone.
func TestAChatWithoutThreadsQueuesNone(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.do(mod, "/study post")
	p := e.openPost()
	e.do(mod, "/study post")
	if len(e.chat.reveals()) != 1 {
		t.Fatalf("%d reveals", len(e.chat.reveals()))
	}
	if rows := threadRows(t, e.db, p.ID); len(rows) != 0 {
		t.Fatalf("queued %+v", rows)
	}
}
