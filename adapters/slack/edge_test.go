package slack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/slack/slacktest"
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

// TestResponseURLOnAnotherHostIsNotPosted: a click whose response_url points anywhere but Slack's hooks
// host (or the configured API's) is still handled, its answer recorded, and its reply is not posted there
// but logged as refused.
func TestResponseURLOnAnotherHostIsNotPosted(t *testing.T) {
	h := newHarness(t)
	var mu sync.Mutex
	var got []string
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Path)
		mu.Unlock()
	}))
	defer elsewhere.Close()
	h.slash("UADMIN", "post")
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	body := slacktest.BlockActions("T1", "C1", "U7", h.fake.CardActions(0)[0], elsewhere.URL+"/hooks/evil", "1772000001.000001")
	if code, _ := h.do(slacktest.Request(h.srv.URL+"/slack/interactions", "application/x-www-form-urlencoded", secret, body, time.Now())); code != 200 {
		t.Fatalf("click: HTTP %d", code)
	}
	h.wait()
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 0 {
		t.Fatalf("the reply was posted to another host: %v", got)
	}
	counts, _ := h.db.AnswerCounts(context.Background(), p.ID, 4)
	if fmt.Sprint(counts) != "[1 0 0 0]" {
		t.Fatalf("the click was not handled: counts %v", counts)
	}
	h.mu.Lock()
	logs := h.logs.String()
	h.mu.Unlock()
	if !strings.Contains(logs, "slack response_url refused") || strings.Contains(logs, "/hooks/evil") {
		t.Fatalf("the refusal is not logged, or the URL's path is: %s", logs)
	}
}

// TestHostileNameOnTheLeaderboard: a member whose Slack name carries a right-to-left override, a code
// fence and a link shows on the leaderboard without the override, inside the code block, the link escaped.
func TestHostileNameOnTheLeaderboard(t *testing.T) {
	h := newHarness(t)
	h.slash("UADMIN", "post")
	h.click("U7", h.fake.CardActions(0)[0], "c")
	h.wait()
	body := slacktest.SlashCommand("T1", "C1", "U7", "\u202emal``` <https://evil.example/x|Free nitro> ```", "leaderboard all", h.fake.Hook("lb"))
	code, b := h.do(slacktest.Request(h.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", secret, body, time.Now()))
	if code != 200 {
		t.Fatalf("leaderboard: HTTP %d", code)
	}
	s := string(b)
	if strings.Contains(s, `\u202e`) || strings.ContainsRune(s, '\u202e') || !strings.Contains(s, "mal") {
		t.Fatalf("leaderboard with a bidi override, or without the member: %s", s)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, blk := range m["blocks"].([]any) {
		if t2, ok := blk.(map[string]any)["text"].(map[string]any); ok && strings.Contains(t2["text"].(string), "mal") {
			if n := strings.Count(t2["text"].(string), "```"); n != 2 {
				t.Fatalf("%d fences, want the block's 2: %s", n, t2["text"])
			}
		}
	}
	if strings.Contains(text(m), "<https://evil") {
		t.Fatalf("the link reached Slack unescaped: %s", text(m))
	}
}
