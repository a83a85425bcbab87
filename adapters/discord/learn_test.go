package discord_test

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/adapters/discord/discordtest"
)

// buttons returns the label -> custom id of an interaction response's buttons.
func buttons(resp map[string]any) map[string]string {
	out := map[string]string{}
	data, _ := resp["data"].(map[string]any)
	rows, _ := data["components"].([]any)
	for _, row := range rows {
		comps, _ := row.(map[string]any)["components"].([]any)
		for _, c := range comps {
			b := c.(map[string]any)
			out[b["label"].(string)], _ = b["custom_id"].(string)
		}
	}
	return out
}

func embedTitle(resp map[string]any) string {
	data, _ := resp["data"].(map[string]any)
	embeds, _ := data["embeds"].([]any)
	for _, e := range embeds {
		if t, ok := e.(map[string]any)["title"].(string); ok {
			return t
		}
	}
	return ""
}

// A review session, its feedback buttons and a mock exam on Discord: private cards with buttons whose
// custom ids carry the core's actions, answered by clicks; another member's clicks are refused.
func TestReviewAndExamOnDiscord(t *testing.T) {
	h := newHarness(t)
	other := discordtest.Member{ID: "201", Name: "Bob"}
	click := func(m discordtest.Member, id string) map[string]any {
		t.Helper()
		code, resp := h.send(discordtest.Click("g1", "c1", m, id, "eph-1"))
		if code != 200 || !ephemeral(resp) {
			t.Fatalf("click %s: HTTP %d %v", id, code, resp)
		}
		return resp
	}
	resp := h.command(member, "review")
	if !ephemeral(resp) || !strings.HasPrefix(embedTitle(resp), "Review · ") {
		t.Fatalf("review card: %v", resp)
	}
	bs := buttons(resp)
	if len(bs) != 4 || !strings.HasPrefix(bs["C"], "sb:practice-answer:") {
		t.Fatalf("review buttons: %v", bs)
	}
	fb := click(member, bs["C"]) // C is the key of both test questions
	if !strings.Contains(content(fb), "Correct!") {
		t.Fatalf("feedback: %s", content(fb))
	}
	fbs := buttons(fb)
	for _, l := range []string{"Next", "I guessed", "Report a problem"} {
		if !strings.HasPrefix(fbs[l], "sb:") || len(fbs[l]) > 100 {
			t.Fatalf("feedback button %q: %v", l, fbs)
		}
	}
	if c := content(click(other, fbs["Report a problem"])); !strings.Contains(c, "someone else's") {
		t.Fatalf("another member's report click: %s", c)
	}
	if c := content(click(member, fbs["I guessed"])); !strings.Contains(c, "Noted as a guess") {
		t.Fatalf("guessed: %s", c)
	}
	next := click(member, fbs["Next"])
	if !strings.HasPrefix(embedTitle(next), "Review · ") {
		t.Fatalf("next card: %v", next)
	}

	resp = h.command(member, "readiness")
	if !ephemeral(resp) || !strings.Contains(content(resp), "not a prediction of a real score") || !strings.Contains(content(resp), "Mastery per domain") {
		t.Fatalf("readiness: %s", content(resp))
	}

	resp = h.command(member, "exam", discordtest.Option{Name: "action", Type: 3, Value: "start"})
	if !strings.Contains(embedTitle(resp), "Mock exam · ") || !strings.Contains(embedTitle(resp), "question 1 of 2") {
		t.Fatalf("exam card: %v", resp)
	}
	eb := buttons(resp)
	if c := content(click(other, eb["A"])); !strings.Contains(c, "someone else's") {
		t.Fatalf("another member's exam click: %s", c)
	}
	resp = click(member, eb["C"])
	if strings.Contains(content(resp), "Correct") || !strings.Contains(embedTitle(resp), "question 2 of 2") {
		t.Fatalf("exam answer: %v", resp)
	}
	resp = click(member, buttons(resp)["A"])
	if c := content(resp); !strings.Contains(c, "Mock exam report: 1 of 2 right") || !strings.Contains(c, "Score per domain") {
		t.Fatalf("exam report: %s", c)
	}
	page := click(member, buttons(resp)["Next page"])
	if c := content(page); !strings.Contains(c, "missed questions, page 1 of 1") || !strings.Contains(c, "You chose A)") {
		t.Fatalf("report, missed questions: %s", c)
	}
}
