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
