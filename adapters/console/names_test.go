package console_test

import (
	"context"
	"strings"
	"testing"

	"github.com/studybot/studybot/adapters/console"
	"github.com/studybot/studybot/bot"
)

// consoleBot runs console input against the real core and a real SQLite file, and returns the core for
// a look at what the session left, and what the console printed.
func consoleBot(t *testing.T, input string) (*bot.Bot, string) {
	t.Helper()
	b, clock := newCore(t, testPackParsed(t), monday)
	var out strings.Builder
	c := console.New(b, clock, &out, true)
	b.SetChat(bot.PlatformConsole, c)
	if err := c.Run(context.Background(), strings.NewReader(input)); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return b, out.String()
}

// TestConsoleMembersAreNamedOnTheWebPage: the members of a console session (/as bob, /as Alice) are
// named on the group's web page as they named themselves, "bob" too, whose id is the same word (issue 26,
// defect 10e: they showed as "(no name)").
func TestConsoleMembersAreNamedOnTheWebPage(t *testing.T) {
	b, out := consoleBot(t, "/study post\n/as bob\n/answer A\n/as Alice\n/answer B\n/as you\n/answer C\n")
	page, err := b.WebPage(context.Background(), bot.GroupRef{Platform: bot.PlatformConsole, GroupID: console.Group})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range page.Boards[0].Rows {
		names = append(names, r.Name)
	}
	got := strings.Join(names, ",")
	for _, want := range []string{"bob", "Alice", "you"} {
		if !strings.Contains(","+got+",", ","+want+",") {
			t.Errorf("the page's board names %q, lacking %q\n%s", got, want, out)
		}
	}
}

// TestStatsFindsAConsoleMemberByTheirName: /study stats Bob finds the member who is bob in the console,
// whose id is the lower-case word (issue 26, defect 10f).
func TestStatsFindsAConsoleMemberByTheirName(t *testing.T) {
	_, out := consoleBot(t, "/study post\n/as bob\n/answer C\n/as alice\n/study stats Bob\n")
	if !strings.Contains(out, "Stats for bob") || strings.Contains(out, "no record") {
		t.Fatalf("/study stats Bob did not find bob:\n%s", out)
	}
}
