package discord_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/chattest"
	"github.com/studybot/studybot/adapters/discord/discordtest"
)

// TestChatScenarios runs the scenarios every chat adapter passes, on Discord's endpoint and its fake.
func TestChatScenarios(t *testing.T) {
	chattest.Run(t, func(t *testing.T) chattest.Platform { return discordPlatform{newHarness(t)} })
}

type discordPlatform struct{ h *harness }

func (p discordPlatform) member(m chattest.Member) discordtest.Member {
	perms := int64(1<<10 | 1<<11) // view and send
	if m.Moderator {
		perms |= 1 << 5 // Manage Server
	}
	return discordtest.Member{ID: m.ID, Name: m.Name, Permissions: perms}
}

// options maps the words after a subcommand to the options Discord sends for it.
var options = map[string]string{"leaderboard": "period", "faq": "question", "stats": "user", "practice": "domain", "exam": "action"}

func (p discordPlatform) Command(t testing.TB, m chattest.Member, line string) chattest.Reply {
	t.Helper()
	sub, rest, _ := strings.Cut(line, " ")
	var opts []discordtest.Option
	if rest = strings.TrimSpace(rest); rest != "" {
		opts = append(opts, discordtest.Option{Name: options[sub], Type: 3, Value: rest})
	}
	before := len(p.h.fake.Calls("PATCH", "/api/v9/webhooks/app/"))
	resp := p.h.command(p.member(m), sub, opts...)
	if resp["type"] == float64(5) {
		// The core took longer than DeferAfter (a FAQ's first ask trains it, slow under -race): the answer is
		// the edit of the deferred response, as the member sees it.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		p.h.adapter.Idle(ctx)
		edits := p.h.fake.Calls("PATCH", "/api/v9/webhooks/app/")
		if len(edits) != before+1 {
			t.Fatalf("/study %s: %d edits of the deferred response, want 1", line, len(edits)-before)
		}
		var msg map[string]any
		if err := json.Unmarshal(edits[len(edits)-1].Body, &msg); err != nil {
			t.Fatalf("/study %s: the edit: %v", line, err)
		}
		return chattest.Reply{Text: content(map[string]any{"data": msg}), Private: ephemeral(resp)}
	}
	return chattest.Reply{Text: content(resp), Private: ephemeral(resp)}
}

// cardIDs are the posted messages that carry answer buttons, with their buttons' custom ids.
func (p discordPlatform) cards() (ids []string, buttons [][]string) {
	for _, msg := range p.h.fake.Messages("c1") {
		var bs []string
		rows, _ := msg.Body["components"].([]any)
		for _, row := range rows {
			comps, _ := row.(map[string]any)["components"].([]any)
			for _, c := range comps {
				if id, _ := c.(map[string]any)["custom_id"].(string); strings.HasPrefix(id, "sb:answer:") {
					bs = append(bs, id)
				}
			}
		}
		if len(bs) > 0 {
			ids, buttons = append(ids, msg.ID), append(buttons, bs)
		}
	}
	return ids, buttons
}

func (p discordPlatform) Cards(t testing.TB) []chattest.Card {
	ids, buttons := p.cards()
	out := make([]chattest.Card, len(ids))
	for i := range ids {
		out[i] = chattest.Card{ID: ids[i], Choices: len(buttons[i])}
	}
	return out
}

func (p discordPlatform) Answer(t testing.TB, m chattest.Member, c chattest.Card, choice int) chattest.Reply {
	t.Helper()
	ids, buttons := p.cards()
	for i, id := range ids {
		if id == c.ID {
			code, resp := p.h.send(discordtest.Click("g1", "c1", p.member(m), buttons[i][choice], id))
			if code != 200 {
				t.Fatalf("click: HTTP %d", code)
			}
			return chattest.Reply{Text: content(resp), Private: ephemeral(resp)}
		}
	}
	t.Fatalf("no card %s", c.ID)
	return chattest.Reply{}
}

func (p discordPlatform) Posts(t testing.TB) []string {
	var out []string
	for _, msg := range p.h.fake.Messages("c1") {
		out = append(out, content(map[string]any{"data": msg.Body})+embedTitles(msg.Body))
	}
	return out
}

// embedTitles are a message's embed titles, one a line.
func embedTitles(body map[string]any) string {
	var s string
	embeds, _ := body["embeds"].([]any)
	for _, e := range embeds {
		if title, ok := e.(map[string]any)["title"].(string); ok {
			s += "\n" + title
		}
	}
	return s
}
