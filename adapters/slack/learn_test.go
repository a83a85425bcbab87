package slack_test

import (
	"fmt"
	"strings"
	"testing"
)

// actions returns a message's buttons, label -> action id.
func actions(m map[string]any) map[string]string {
	out := map[string]string{}
	blocks, _ := m["blocks"].([]any)
	for _, b := range blocks {
		els, _ := b.(map[string]any)["elements"].([]any)
		for _, e := range els {
			el := e.(map[string]any)
			if el["type"] != "button" {
				continue
			}
			label, _ := el["text"].(map[string]any)["text"].(string)
			out[label], _ = el["action_id"].(string)
		}
	}
	return out
}

// A review session, its feedback buttons and a mock exam on Slack: private messages whose buttons carry the
// core's actions, answered by clicks through the response_url; another member's clicks are refused.
func TestReviewAndExamOnSlack(t *testing.T) {
	h := newHarness(t)
	n := 0
	click := func(user, id string) map[string]any {
		t.Helper()
		n++
		hook := fmt.Sprintf("learn-%d", n)
		if code := h.click(user, id, hook); code != 200 {
			t.Fatalf("click %s: HTTP %d", id, code)
		}
		h.wait()
		replies := h.hookReplies(hook)
		if len(replies) != 1 || replies[0]["response_type"] != "ephemeral" {
			t.Fatalf("click %s: replies %v", id, replies)
		}
		return replies[0]
	}
	m := h.slash("UALICE", "review")
	if m["response_type"] != "ephemeral" || !strings.Contains(text(m), "Review · ") {
		t.Fatalf("review: %v", m)
	}
	bs := actions(m)
	if len(bs) != 4 || !strings.HasPrefix(bs["C"], "sb:practice-answer:") {
		t.Fatalf("review buttons: %v", bs)
	}
	fb := click("UALICE", bs["C"])
	if !strings.Contains(text(fb), "Correct!") {
		t.Fatalf("feedback: %s", text(fb))
	}
	fbs := actions(fb)
	for _, l := range []string{"Next", "I guessed", "Report a problem"} {
		if !strings.HasPrefix(fbs[l], "sb:") {
			t.Fatalf("feedback buttons: %v", fbs)
		}
	}
	if s := text(click("UBOB", fbs["I guessed"])); !strings.Contains(s, "someone else's") {
		t.Fatalf("another member's guess click: %s", s)
	}
	if s := text(click("UALICE", fbs["Report a problem"])); !strings.Contains(s, "I reported question") {
		t.Fatalf("report: %s", s)
	}
	if s := text(click("UALICE", fbs["Next"])); !strings.Contains(s, "Review · ") {
		t.Fatalf("next: %s", s)
	}

	if s := text(h.slash("UALICE", "readiness")); !strings.Contains(s, "not a prediction of a real score") || !strings.Contains(s, "Mastery per domain") {
		t.Fatalf("readiness: %s", s)
	}

	m = h.slash("UALICE", "exam start")
	if !strings.Contains(text(m), "Mock exam · ") || !strings.Contains(text(m), "question 1 of 2") {
		t.Fatalf("exam: %s", text(m))
	}
	eb := actions(m)
	if s := text(click("UBOB", eb["A"])); !strings.Contains(s, "someone else's") {
		t.Fatalf("another member's exam click: %s", s)
	}
	r := click("UALICE", eb["C"])
	if strings.Contains(text(r), "Correct") || !strings.Contains(text(r), "question 2 of 2") {
		t.Fatalf("exam answer: %s", text(r))
	}
	if s := text(h.slash("UALICE", "exam status")); !strings.Contains(s, "question 2 of 2") {
		t.Fatalf("exam status: %s", s)
	}
	r = h.slash("UALICE", "exam stop")
	if s := text(r); !strings.Contains(s, "Mock exam report: 1 of 2 right") || !strings.Contains(s, "stopped early") {
		t.Fatalf("exam report: %s", s)
	}
	if s := text(click("UALICE", actions(r)["Next page"])); !strings.Contains(s, "No answer.") {
		t.Fatalf("report page 2: %s", s)
	}
}
