package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
)

// fakeChat records what the core posts and edits.
type fakeChat struct {
	mu       sync.Mutex
	posts    []chatMsg
	edits    []chatMsg
	fail     error
	admins   map[string]bool // platform admins by user id
	adminErr error
	asks     int
}

type chatMsg struct {
	ch    bot.ChannelRef
	id    string
	reply bot.Reply
}

func (f *fakeChat) Post(_ context.Context, ch bot.ChannelRef, r bot.Reply, _ bot.Send) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return "", f.fail
	}
	id := fmt.Sprintf("m%d", len(f.posts)+1)
	f.posts = append(f.posts, chatMsg{ch: ch, id: id, reply: r})
	return id, nil
}

func (f *fakeChat) Edit(_ context.Context, ch bot.ChannelRef, id string, r bot.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.edits = append(f.edits, chatMsg{ch: ch, id: id, reply: r})
	return nil
}

// PlatformAdmin answers from admins, or fails with adminErr; asks counts the questions.
func (f *fakeChat) PlatformAdmin(_ context.Context, _ bot.GroupRef, userID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asks++
	if f.adminErr != nil {
		return false, f.adminErr
	}
	return f.admins[userID], nil
}

func (f *fakeChat) Describe() bot.PlatformInfo {
	return bot.PlatformInfo{Name: "Fakechat", Admins: "fakechat admins"}
}

// postsWhere returns the posts whose reply has, in order.
func (f *fakeChat) postsWhere(has func(bot.Reply) bool) []chatMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []chatMsg
	for _, p := range f.posts {
		if has(p.reply) {
			out = append(out, p)
		}
	}
	return out
}

// cards returns the question cards posted, in order.
func (f *fakeChat) cards() []chatMsg {
	return f.postsWhere(func(r bot.Reply) bool { return r.Card != nil })
}

// reveals returns the reveals posted, in order.
func (f *fakeChat) reveals() []chatMsg {
	return f.postsWhere(func(r bot.Reply) bool { return r.Reveal != nil })
}

const testPack = `pack: test
title: Test pack
version: 1
exam:
  name: Test Exam
  code: T-100
  status: retired in February 2017
  questions: 4
  minutes: 60
  scale: {min: 100, max: 900, pass: 650}
domains:
  - {id: regulatory, name: Regulatory Requirements, weight: 50}
  - {id: security, name: Security, weight: 50}
questions:
  - id: reg-1
    domain: regulatory
    objective: "1.2"
    difficulty: 1
    question: Within how many days must patients be told of a breach, at the latest?
    choices: ["30 days", "45 days", "60 days", "90 days"]
    answer: 2
    why: ["30 days is the deadline for a patient's access request.", "45 days is no HIPAA breach deadline.", "", "90 days is twice too long."]
    explanation: No later than 60 calendar days after discovery.
    source: 45 CFR 164.404
  - id: reg-2
    domain: regulatory
    objective: "1.1"
    difficulty: 1
    question: Which act created the EHR incentive programs?
    choices: [HIPAA, HITECH, CLIA, EMTALA]
    answer: 1
    why: ["HIPAA (1996) set privacy and security rules.", "", "CLIA regulates laboratories.", "EMTALA is about emergency care."]
    explanation: HITECH, part of ARRA 2009.
    source: Federal Register E9-26203
  - id: sec-1
    domain: security
    objective: "5.5"
    difficulty: 2
    question: Which NIST 800-88 level leaves media unusable?
    choices: [Clear, Purge, Destroy]
    answer: 2
    why: ["Clear protects against simple recovery.", "Purge defeats lab recovery but leaves the media usable.", ""]
    explanation: Destroy leaves it unusable.
    source: NIST SP 800-88
  - id: sec-2
    domain: security
    objective: "5.2"
    difficulty: 2
    question: Which is something you have?
    choices: [A password, A smart card, A fingerprint, A PIN]
    answer: 1
    why: ["A password is something you know.", "", "A fingerprint is something you are.", "A PIN is something you know."]
    explanation: A smart card is a possession factor.
    source: NIST SP 800-63B
faq:
  - id: hit-retired
    question: Is the CompTIA Healthcare IT certificate still offered?
    also: [can I still take HIT-001, is the exam discontinued, did comptia retire it]
    answer: No. CompTIA retired the exam in 2017.
  - id: bot-points
    question: How do points work?
    also: [how is the leaderboard scored, what do I get for a right answer, how many points]
    answer: A correct daily answer earns 10 points.
faq_asks:
  - {q: "is the healthcare it cert gone now", want: hit-retired}
  - {q: "can i still book the comptia healthcare exam", want: hit-retired}
  - {q: "how do i earn points here", want: bot-points}
  - {q: "whats the pass mark for security+", want: none}
`

type env struct {
	t     *testing.T
	db    *sqlite.DB
	path  string
	bot   *bot.Bot
	clock *bot.ManualClock
	chat  *fakeChat
	pack  *quiz.Pack
	ch    bot.ChannelRef
}

var (
	mod        = bot.User{ID: "u-mod", Name: "Morgan", Admin: true}
	alice      = bot.User{ID: "u-alice", Name: "Alice"}
	bob        = bot.User{ID: "u-bob", Name: "Bob"}
	carol      = bot.User{ID: "u-carol", Name: "Carol"}
	newYork, _ = time.LoadLocation("America/New_York")
)

func mustPack(t testing.TB) *quiz.Pack {
	t.Helper()
	p, err := quiz.Parse("test.yaml", []byte(testPack))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newEnv opens a real SQLite file in a temporary directory and builds a Bot on it.
func newEnv(t *testing.T, start time.Time) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "studybot.db")
	e := &env{t: t, path: path, clock: bot.NewManualClock(start), chat: &fakeChat{}, pack: mustPack(t),
		ch: bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}}
	e.open()
	return e
}

func (e *env) open() {
	e.t.Helper()
	db, err := sqlite.Open(context.Background(), e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	e.db = db
	e.t.Cleanup(func() { db.Close() })
	e.bot = e.newBot(db)
}

func (e *env) newBot(db *sqlite.DB) *bot.Bot {
	b, err := bot.New(bot.Config{Store: db, Pack: e.pack, Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat}})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// do runs a command line as a user in the env's channel.
func (e *env) do(u bot.User, line string) bot.Reply {
	e.t.Helper()
	name, args := bot.ParseLine(line)
	return handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: u, Name: name, Args: args}))
}

// tick runs the scheduler once and delivers what it queued.
func (e *env) tick() {
	e.t.Helper()
	if err := e.bot.Tick(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	if err := e.bot.Flush(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) openPost() bot.Post {
	e.t.Helper()
	p, err := e.db.OpenPost(context.Background(), e.ch)
	if err != nil {
		e.t.Fatalf("open post: %v", err)
	}
	return p
}

// answer clicks choice on the open post as u.
func (e *env) answer(u bot.User, postID int64, letter string) bot.Reply {
	return handled(e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: u, Name: "answer",
		Args: []string{fmt.Sprint(postID), letter}, Click: true}))
}

// correctLetter returns the right answer of a post, and a wrong one.
func (e *env) letters(p bot.Post) (right, wrong string) {
	q, _ := e.pack.Question(p.QuestionID)
	return quiz.Letter(q.Answer), quiz.Letter((q.Answer + 1) % len(q.Choices))
}

func mustContain(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("reply %q does not contain %q", got, want)
	}
}

func mustNotContain(t *testing.T, got, unwanted string) {
	t.Helper()
	if strings.Contains(got, unwanted) {
		t.Fatalf("reply %q contains %q", got, unwanted)
	}
}

// handled is the reply of a command run through the core's one entry point, whatever its error: the reply
// already says what went wrong, as members see it.
func handled(r bot.Reply, _ error) bot.Reply { return r }
