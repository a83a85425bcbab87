package slack_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/studybot/studybot/bot"
)

// TestTypedAnswerIsRefused: "/study answer 5 C", a signed slash command naming the answer button's
// action, is an unknown command and records nothing; only the button answers.
func TestTypedAnswerIsRefused(t *testing.T) {
	h := newHarness(t)
	h.slash("UADMIN", "post")
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	m := h.slash("U7", fmt.Sprintf("answer %d C", p.ID))
	if got := text(m); !strings.Contains(got, `Unknown command "answer"`) || m["response_type"] != "ephemeral" {
		t.Fatalf("typed answer: %q (%v), want a private unknown command", got, m["response_type"])
	}
	h.wait()
	counts, _ := h.db.AnswerCounts(context.Background(), p.ID, 4)
	if fmt.Sprint(counts) != "[0 0 0 0]" {
		t.Fatalf("a typed answer was recorded: %v", counts)
	}
}
