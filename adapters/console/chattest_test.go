package console_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/studybot/studybot/adapters/chattest"
	"github.com/studybot/studybot/adapters/console"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// TestChatScenarios runs the scenarios every chat adapter passes, in the console.
func TestChatScenarios(t *testing.T) {
	chattest.Run(t, func(t *testing.T) chattest.Platform {
		b, clock := newCore(t, testPackParsed(t), monday)
		p := &consolePlatform{}
		p.c = console.New(b, clock, &p.out, false)
		b.SetChat(bot.PlatformConsole, p.c)
		return p
	})
}

// chunks records each write the console makes: a post is one write starting "[#study".
type chunks struct {
	mu  sync.Mutex
	all []string
}

func (c *chunks) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.all = append(c.all, string(b))
	return len(b), nil
}

func (c *chunks) since(n int) ([]string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.all[n:]...), len(c.all)
}

type consolePlatform struct {
	c   *console.Console
	out chunks
}

// line runs one console line as m and returns what the console wrote for it.
func (p *consolePlatform) line(m chattest.Member, line string) []string {
	name := m.Name
	if m.Moderator {
		name = "you" // the console's own user moderates
	}
	p.c.Line(context.Background(), "/as "+name)
	_, mark := p.out.since(0)
	p.c.Line(context.Background(), line)
	got, _ := p.out.since(mark)
	return got
}

// reply is the member's reply among a line's output: the private block, or else what is not a post.
func reply(out []string) chattest.Reply {
	var public []string
	for _, s := range out {
		if strings.HasPrefix(s, "(only ") {
			_, text, _ := strings.Cut(s, "\n")
			return chattest.Reply{Text: text, Private: true}
		}
		if !strings.HasPrefix(s, "[#") {
			public = append(public, s)
		}
	}
	return chattest.Reply{Text: strings.Join(public, "")}
}

func (p *consolePlatform) Command(t testing.TB, m chattest.Member, line string) chattest.Reply {
	return reply(p.line(m, "/study "+line))
}

func (p *consolePlatform) Posts(t testing.TB) []string {
	all, _ := p.out.since(0)
	var posts []string
	for _, s := range all {
		if strings.HasPrefix(s, "[#") {
			posts = append(posts, s)
		}
	}
	return posts
}

// choiceLine is an answer option of a posted card: "    B) 45 days".
var choiceLine = regexp.MustCompile(`(?m)^\s+[A-D]\) `)

func (p *consolePlatform) Cards(t testing.TB) []chattest.Card {
	var cards []chattest.Card
	for _, s := range p.Posts(t) {
		if strings.Contains(s, "Question of the day") {
			cards = append(cards, chattest.Card{ID: strconv.Itoa(len(cards)), Choices: len(choiceLine.FindAllString(s, -1))})
		}
	}
	return cards
}

// Answer answers the open question: the console's /answer is the buttons of the card last posted.
func (p *consolePlatform) Answer(t testing.TB, m chattest.Member, c chattest.Card, choice int) chattest.Reply {
	t.Helper()
	if cards := p.Cards(t); c.ID != strconv.Itoa(len(cards)-1) {
		t.Fatalf("the console answers only the open card, not card %s of %d", c.ID, len(cards))
	}
	return reply(p.line(m, "/answer "+quiz.Letter(choice)))
}
