package slack_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/chattest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
)

// TestChatScenarios runs the scenarios every chat adapter passes, on Slack's HTTP endpoints and its fake.
func TestChatScenarios(t *testing.T) {
	chattest.Run(t, func(t *testing.T) chattest.Platform { return &slackPlatform{h: newHarness(t)} })
}

type slackPlatform struct {
	h      *harness
	clicks int
}

func (p *slackPlatform) user(m chattest.Member) string {
	id := "U" + strings.ToUpper(m.ID)
	if m.Moderator {
		p.h.fake.SetAdmin(id)
	}
	return id
}

func (p *slackPlatform) Command(t testing.TB, m chattest.Member, line string) chattest.Reply {
	t.Helper()
	user := p.user(m)
	hook := "cmd-" + user
	before := len(p.h.hookReplies(hook))
	msg := p.h.slash(user, line)
	if strings.Contains(text(msg), "Working on it") {
		// The core took longer than Slack waits (a FAQ's first ask trains it, slow under -race): the answer
		// comes to the response_url, as the member sees it.
		p.h.wait()
		replies := p.h.hookReplies(hook)
		if len(replies) != before+1 {
			t.Fatalf("/study %s: %d later replies, want 1", line, len(replies)-before)
		}
		msg = replies[len(replies)-1]
	}
	return chattest.Reply{Text: text(msg), Private: msg["response_type"] == "ephemeral"}
}

// cards are the posted messages that carry answer buttons, with their action ids.
func (p *slackPlatform) cards() [][]string {
	var out [][]string
	for _, c := range p.h.fake.Calls("chat.postMessage") {
		var blocks []struct {
			Type     string `json:"type"`
			Elements []struct {
				ActionID string `json:"action_id"`
			} `json:"elements"`
		}
		json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks)
		var ids []string
		for _, b := range blocks {
			for _, e := range b.Elements {
				if b.Type == "actions" && strings.HasPrefix(e.ActionID, "sb:answer:") {
					ids = append(ids, e.ActionID)
				}
			}
		}
		if len(ids) > 0 {
			out = append(out, ids)
		}
	}
	return out
}

func (p *slackPlatform) Cards(t testing.TB) []chattest.Card {
	var out []chattest.Card
	for i, ids := range p.cards() {
		out = append(out, chattest.Card{ID: strconv.Itoa(i), Choices: len(ids)})
	}
	return out
}

// Answer clicks a button; Slack takes the click's acknowledgement and the reply comes to the response_url.
func (p *slackPlatform) Answer(t testing.TB, m chattest.Member, c chattest.Card, choice int) chattest.Reply {
	t.Helper()
	n, _ := strconv.Atoi(c.ID)
	cards := p.cards()
	if n >= len(cards) {
		t.Fatalf("no card %s", c.ID)
	}
	p.clicks++
	hook := fmt.Sprintf("click-%d", p.clicks)
	body := slacktest.BlockActions("T1", "C1", p.user(m), cards[n][choice], p.h.fake.Hook(hook), "1772000001.000001")
	if code, _ := p.h.do(slacktest.Request(p.h.srv.URL+"/slack/interactions", "application/x-www-form-urlencoded", secret, body, time.Now())); code != 200 {
		t.Fatalf("click: HTTP %d", code)
	}
	p.h.wait()
	replies := p.h.hookReplies(hook)
	if len(replies) != 1 {
		t.Fatalf("%d replies to the click, want 1", len(replies))
	}
	return chattest.Reply{Text: text(replies[0]), Private: replies[0]["response_type"] == "ephemeral"}
}

func (p *slackPlatform) Posts(t testing.TB) []string {
	var out []string
	for _, c := range p.h.fake.Calls("chat.postMessage") {
		var blocks []any
		json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks)
		out = append(out, text(map[string]any{"text": c.Form.Get("text"), "blocks": blocks}))
	}
	return out
}
