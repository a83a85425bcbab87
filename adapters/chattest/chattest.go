// Package chattest is the scenario suite every chat adapter passes through its fake platform, the way
// data/storetest holds both stores to one contract: what a member and a moderator see when they use
// /study is the same on Discord, on Slack and in the console. Each adapter's tests implement Platform
// over their own fake and call Run.
package chattest

import (
	"strings"
	"testing"
)

// Member is someone in the test channel. Moderator members are platform admins (Discord's Manage Server,
// Slack's workspace admins, the console's own user).
type Member struct {
	ID, Name  string
	Moderator bool
}

// Reply is what a member saw in answer to a command or a click.
type Reply struct {
	Text    string
	Private bool // only the member saw it
}

// Card is a question card posted in the channel, by its platform message id.
type Card struct {
	ID      string
	Choices int // how many answer buttons it has
}

// Platform is one adapter under test, wired to the core on a real database and to its fake platform, with
// one test channel.
type Platform interface {
	// Command runs a typed /study command ("post", "leaderboard all") as m and returns m's reply.
	Command(t testing.TB, m Member, line string) Reply
	// Cards lists the question cards posted in the channel so far, oldest first.
	Cards(t testing.TB) []Card
	// Answer clicks answer button choice (0 is A) of card c as m and returns m's reply.
	Answer(t testing.TB, m Member, c Card, choice int) Reply
	// Posts lists the text of every public message posted in the channel so far, oldest first: cards,
	// reveals, boards posted in public.
	Posts(t testing.TB) []string
}

// The test channel's people.
var (
	Mod   = Member{ID: "mod1", Name: "Morgan", Moderator: true}
	Alice = Member{ID: "alice1", Name: "Alice"}
	Bob   = Member{ID: "bob1", Name: "Bob"}
)

// Run runs every scenario on a fresh Platform each.
func Run(t *testing.T, open func(t *testing.T) Platform) {
	t.Run("HelpShowsWhatTheCallerMayUse", func(t *testing.T) { helpShowsWhatTheCallerMayUse(t, open(t)) })
	t.Run("OnlyModeratorsPost", func(t *testing.T) { onlyModeratorsPost(t, open(t)) })
	t.Run("DailyQuestionOneAnswerEachThenReveal", func(t *testing.T) { dailyQuestion(t, open(t)) })
	t.Run("UnknownCommandGetsHelp", func(t *testing.T) { unknownCommand(t, open(t)) })
	t.Run("FAQListsItsTopicsAndAnswers", func(t *testing.T) { faq(t, open(t)) })
}

func mustContain(t testing.TB, what, text, want string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Fatalf("%s does not say %q:\n%s", what, want, text)
	}
}

func mustNotContain(t testing.TB, what, text, unwanted string) {
	t.Helper()
	if strings.Contains(text, unwanted) {
		t.Fatalf("%s says %q:\n%s", what, unwanted, text)
	}
}

func helpShowsWhatTheCallerMayUse(t *testing.T, p Platform) {
	r := p.Command(t, Alice, "help")
	if !r.Private {
		t.Fatal("a member's help was posted in public")
	}
	mustContain(t, "a member's help", r.Text, "/study today")
	mustContain(t, "a member's help", r.Text, "/study practice")
	mustNotContain(t, "a member's help", r.Text, "/study schedule")
	r = p.Command(t, Mod, "help")
	mustContain(t, "a moderator's help", r.Text, "/study schedule")
	mustContain(t, "a moderator's help", r.Text, "/study post")
}

func onlyModeratorsPost(t *testing.T, p Platform) {
	r := p.Command(t, Alice, "post")
	if !r.Private {
		t.Fatal("a member's refused post was answered in public")
	}
	mustContain(t, "the refusal", strings.ToLower(r.Text), "moderator")
	if n := len(p.Cards(t)); n != 0 {
		t.Fatalf("a member's /study post posted %d cards", n)
	}
}

func dailyQuestion(t *testing.T, p Platform) {
	r := p.Command(t, Mod, "post")
	if !r.Private {
		t.Fatal("the moderator's confirmation was posted in public")
	}
	mustContain(t, "the moderator's confirmation", r.Text, "Posted")
	cards := p.Cards(t)
	if len(cards) != 1 || cards[0].Choices < 2 || cards[0].Choices > 4 {
		t.Fatalf("cards after one post: %+v", cards)
	}
	card := cards[0]
	first := p.Answer(t, Alice, card, 0)
	if !first.Private {
		t.Fatal("an answer's feedback was posted in public")
	}
	if !strings.Contains(first.Text, "Correct!") && !strings.Contains(first.Text, "Not quite") {
		t.Fatalf("the answer's feedback grades nothing:\n%s", first.Text)
	}
	again := p.Answer(t, Alice, card, 1)
	mustContain(t, "a second click", again.Text, "You already answered A")
	if r := p.Answer(t, Bob, card, 1); !strings.Contains(r.Text, "Correct!") && !strings.Contains(r.Text, "Not quite") {
		t.Fatalf("Bob's answer: %s", r.Text)
	}

	// The next post reveals the first question: the key and how many answered, two members, not three clicks.
	p.Command(t, Mod, "post")
	if n := len(p.Cards(t)); n != 2 {
		t.Fatalf("%d cards after the second post, want 2", n)
	}
	var reveal string
	for _, post := range p.Posts(t) {
		if strings.Contains(post, "Reveal") {
			reveal = post
		}
	}
	if reveal == "" {
		t.Fatalf("no reveal among the posts:\n%s", strings.Join(p.Posts(t), "\n---\n"))
	}
	mustContain(t, "the reveal", reveal, "2 members answered")
	mustContain(t, "the reveal", reveal, "Answer:")

	board := p.Command(t, Alice, "leaderboard all")
	mustContain(t, "the leaderboard", board.Text, "Leaderboard · All time")
}

func unknownCommand(t *testing.T, p Platform) {
	r := p.Command(t, Alice, "frobnicate")
	if !r.Private {
		t.Fatal("the unknown command's answer was posted in public")
	}
	mustContain(t, "the answer to an unknown command", r.Text, `Unknown command "frobnicate"`)
	mustContain(t, "the answer to an unknown command", r.Text, "/study help")
}

func faq(t *testing.T, p Platform) {
	r := p.Command(t, Alice, "faq")
	if !r.Private {
		t.Fatal("the FAQ topics were posted in public")
	}
	mustContain(t, "the FAQ without a question", r.Text, "Topics")
	r = p.Command(t, Alice, "faq what is the best pizza topping")
	mustContain(t, "an off-topic FAQ ask", r.Text, "I don't have an answer")
}
