package slack_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// openedView is the view of the n-th views.open call (from 0), with its trigger_id.
type openedView struct {
	TriggerID string `json:"trigger_id"`
	View      struct {
		Type            string `json:"type"`
		CallbackID      string `json:"callback_id"`
		PrivateMetadata string `json:"private_metadata"`
		Title           struct {
			Text string `json:"text"`
		} `json:"title"`
		Blocks []struct {
			Type     string `json:"type"`
			BlockID  string `json:"block_id"`
			Optional bool   `json:"optional"`
			Element  struct {
				Type         string `json:"type"`
				ActionID     string `json:"action_id"`
				InitialValue string `json:"initial_value"`
				Multiline    bool   `json:"multiline"`
			} `json:"element"`
		} `json:"blocks"`
	} `json:"view"`
}

func (h *harness) openedView(n int) openedView {
	h.t.Helper()
	calls := h.fake.Calls("views.open")
	if len(calls) <= n {
		h.t.Fatalf("%d views.open calls, want %d", len(calls), n+1)
	}
	var v openedView
	if err := json.Unmarshal(calls[n].Body, &v); err != nil {
		h.t.Fatalf("views.open body %s: %v", calls[n].Body, err)
	}
	return v
}

// submitView sends the opened view with values (field -> value) as user, and returns the HTTP answer.
func (h *harness) submitView(user string, v openedView, values map[string]string) (int, map[string]any) {
	h.t.Helper()
	state := map[string][2]string{}
	for k, val := range values {
		state[k] = [2]string{k, val}
	}
	body := slacktest.ViewSubmission("T1", user, v.View.CallbackID, v.View.PrivateMetadata, state)
	code, b := h.do(slacktest.Request(h.srv.URL+"/slack/interactions", "application/x-www-form-urlencoded", secret, body, time.Now()))
	var m map[string]any
	if len(strings.TrimSpace(string(b))) > 0 {
		json.Unmarshal(b, &m)
	}
	return code, m
}

// A question written through Slack's modal: /study question add opens the modal with views.open and the
// command's trigger_id; a view_submission with a bad key is answered with response_action "errors" naming
// the key's field (the modal stays open, filled in) and the draft is kept; sent fixed, the modal closes and
// the member is told privately; a member is refused approving it, and the admin's approval puts it in the
// group's own pack with its author.
func TestAQuestionWrittenInASlackModalIsApprovedWithItsAuthor(t *testing.T) {
	h := newHarness(t)
	if m := h.slash("UALICE", "question add"); m != nil {
		t.Fatalf("the command answered %v, want an empty 200 (the modal is the answer)", m)
	}
	v := h.openedView(0)
	if v.TriggerID == "" || v.View.Type != "modal" || v.View.Title.Text != "Write a question" || len(v.View.Blocks) != 5 {
		t.Fatalf("views.open: %+v", v)
	}
	for i, want := range []string{quiz.FieldStem, quiz.FieldOptions, quiz.FieldKey, quiz.FieldExplanation, quiz.FieldDomain} {
		b := v.View.Blocks[i]
		if b.Type != "input" || b.BlockID != want || b.Element.ActionID != want || b.Element.Type != "plain_text_input" || b.Optional {
			t.Errorf("block %d: %+v", i, b)
		}
	}
	if !v.View.Blocks[1].Element.Multiline || v.View.Blocks[2].Element.Multiline {
		t.Errorf("the options are several lines, the key one: %+v", v.View.Blocks)
	}
	typed := map[string]string{
		quiz.FieldStem:        "Which HIPAA rule sets the safeguards for electronic protected health information?",
		quiz.FieldOptions:     "Security Rule\nPrivacy Rule\nEnforcement Rule",
		quiz.FieldKey:         "F",
		quiz.FieldExplanation: "The Security Rule sets administrative, physical and technical safeguards.",
		quiz.FieldDomain:      "regulatory",
	}
	code, resp := h.submitView("UALICE", v, typed)
	errs, _ := resp["errors"].(map[string]any)
	if code != 200 || resp["response_action"] != "errors" || !strings.Contains(errs[quiz.FieldKey].(string), "The key is not the letter of an option") || len(errs) != 1 {
		t.Fatalf("a bad key: %d %v", code, resp)
	}
	h.wait()
	if n := len(h.fake.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("%d ephemeral messages while the modal stays open", n)
	}
	d, ok, _ := h.db.Draft(context.Background(), bot.GroupRef{Platform: bot.PlatformSlack, GroupID: "T1"}, 1)
	if !ok || d.Fields.Key != "F" || d.Fields.Options != typed[quiz.FieldOptions] {
		t.Fatalf("the draft kept: %+v %v", d, ok)
	}

	typed[quiz.FieldKey] = "A"
	if code, resp := h.submitView("UALICE", v, typed); code != 200 || resp != nil {
		t.Fatalf("sent fixed: %d %v, want an empty 200 (the modal closes)", code, resp)
	}
	h.wait()
	eph := h.fake.Calls("chat.postEphemeral")
	if len(eph) != 1 || eph[0].Form.Get("channel") != "C1" || eph[0].Form.Get("user") != "UALICE" || !strings.Contains(eph[0].Form.Get("text"), "draft #1 is with the moderators") {
		t.Fatalf("the private answer: %+v", eph)
	}

	if m := h.slash("UBOB", "question approve 1"); !strings.Contains(text(m), "Only moderators can use /study question approve") {
		t.Fatalf("a member's approval: %v", m)
	}
	if m := h.slash("UADMIN", "question approve 1"); !strings.Contains(text(m), "Approved draft #1 by ualice") {
		t.Fatalf("the admin's approval: %v", m)
	}
	_, src, ok, err := h.db.PackSource(context.Background(), bot.OwnPackName(bot.GroupRef{Platform: bot.PlatformSlack, GroupID: "T1"}))
	if err != nil || !ok {
		t.Fatalf("the group's pack: %v %v", ok, err)
	}
	p, err := quiz.Parse("own", src)
	if err != nil {
		t.Fatal(err)
	}
	if q, ok := p.Question("draft-1"); !ok || q.Author != "ualice" || q.Choices[q.Answer] != "Security Rule" {
		t.Errorf("the question in the pack: %+v", q)
	}
}
