package discord_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
)

// TestCraftedCommandCannotRunAButtonAction: /study registers only the subcommands members type, but a
// signed APPLICATION_COMMAND can name any; one naming the answer button's action is an unknown command and
// records nothing, while the button itself answers.
func TestCraftedCommandCannotRunAButtonAction(t *testing.T) {
	h := newHarness(t)
	h.command(moderator, "post")
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	resp := h.command(member, "answer", discordtest.Option{Name: "post", Type: 3, Value: fmt.Sprint(p.ID)},
		discordtest.Option{Name: "choice", Type: 3, Value: "C"})
	if got := content(resp); !strings.Contains(got, `Unknown command "answer"`) || !ephemeral(resp) {
		t.Fatalf("crafted /study answer: %q (ephemeral %v), want a private unknown command", got, ephemeral(resp))
	}
	counts, _ := h.db.AnswerCounts(context.Background(), p.ID, 4)
	if fmt.Sprint(counts) != "[0 0 0 0]" {
		t.Fatalf("a crafted command recorded an answer: %v", counts)
	}
	code, resp := h.send(discordtest.Click("g1", "c1", member, bot.Action{Name: "answer", Args: []string{fmt.Sprint(p.ID), "C"}}.Encode(), p.MessageID))
	if code != 200 || !strings.Contains(content(resp), "Correct!") {
		t.Fatalf("the button: HTTP %d %q", code, content(resp))
	}
}

// TestHostileNameOnTheLeaderboard: a member whose name carries a right-to-left override, a code fence and
// a masked link answers; their leaderboard shows the name without the override, inside the code block.
func TestHostileNameOnTheLeaderboard(t *testing.T) {
	h := newHarness(t)
	h.command(moderator, "post")
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	mal := discordtest.Member{ID: "300", Name: "\u202eMal``` [Free nitro](https://evil.example/x) ```"}
	h.send(discordtest.Click("g1", "c1", mal, bot.Action{Name: "answer", Args: []string{fmt.Sprint(p.ID), "C"}}.Encode(), p.MessageID))
	got := content(h.command(mal, "leaderboard", discordtest.Option{Name: "period", Type: 3, Value: "all"}))
	if strings.ContainsRune(got, '\u202e') || !strings.Contains(got, "Mal") {
		t.Fatalf("leaderboard with a bidi override, or without the member:\n%q", got)
	}
	if n := strings.Count(got, "```"); n != 2 {
		t.Fatalf("%d fences, want the block's 2:\n%s", n, got)
	}
}
