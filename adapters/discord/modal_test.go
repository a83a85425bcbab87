package discord_test

import (
	"context"
	"strings"
	"testing"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// modalInputs reads a type 9 response: the modal's custom_id and its text inputs (custom_id -> the input).
func modalInputs(t *testing.T, resp map[string]any) (string, map[string]map[string]any, []string) {
	t.Helper()
	if resp["type"] != float64(9) {
		t.Fatalf("response type %v, want 9 (MODAL): %v", resp["type"], resp)
	}
	data := resp["data"].(map[string]any)
	inputs := map[string]map[string]any{}
	var order []string
	for _, row := range data["components"].([]any) {
		r := row.(map[string]any)
		if r["type"] != float64(1) {
			t.Fatalf("a modal's row of type %v", r["type"])
		}
		for _, c := range r["components"].([]any) {
			in := c.(map[string]any)
			if in["type"] != float64(4) {
				t.Fatalf("a modal's component of type %v, want 4 (TEXT_INPUT)", in["type"])
			}
			inputs[in["custom_id"].(string)] = in
			order = append(order, in["custom_id"].(string))
		}
	}
	if title, _ := data["title"].(string); title == "" || len([]rune(title)) > 45 {
		t.Errorf("modal title %q", title)
	}
	return data["custom_id"].(string), inputs, order
}

// buttonID finds a button of a message response by its label.
func buttonID(t *testing.T, resp map[string]any, label string) string {
	t.Helper()
	data, _ := resp["data"].(map[string]any)
	rows, _ := data["components"].([]any)
	for _, row := range rows {
		for _, c := range row.(map[string]any)["components"].([]any) {
			if b := c.(map[string]any); b["label"] == label {
				return b["custom_id"].(string)
			}
		}
	}
	t.Fatalf("no %q button in %v", label, resp)
	return ""
}

// A question written through Discord's modal: /study question add answers with the modal (type 9); its
// MODAL_SUBMIT (type 5) with a bad key is kept as a draft and answered privately with the problem and an
// Edit button, whose click opens the modal again filled in with what was typed; fixed and sent again, the
// draft waits for a moderator, a member is refused approving it, and the moderator's approval puts it in
// the group's own pack with its author.
func TestAQuestionWrittenInADiscordModalIsApprovedWithItsAuthor(t *testing.T) {
	h := newHarness(t)
	alice := discordtest.Member{ID: "u-alice", Name: "Alice"}
	bob := discordtest.Member{ID: "u-bob", Name: "Bob"}
	mod := discordtest.Member{ID: "u-mod", Name: "Mo", Permissions: 1 << 5}

	_, resp := h.send(discordtest.GroupCommand("g1", "c1", alice, "question", "add", nil))
	customID, inputs, order := modalInputs(t, resp)
	if want := []string{quiz.FieldStem, quiz.FieldOptions, quiz.FieldKey, quiz.FieldExplanation, quiz.FieldDomain}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Fatalf("inputs %v, want %v", order, want)
	}
	if inputs[quiz.FieldOptions]["style"] != float64(2) || inputs[quiz.FieldKey]["style"] != float64(1) || inputs[quiz.FieldStem]["required"] != true {
		t.Errorf("inputs: %v", inputs)
	}
	typed := [][2]string{
		{quiz.FieldStem, "Which HIPAA rule sets the safeguards for electronic protected health information?"},
		{quiz.FieldOptions, "Security Rule\nPrivacy Rule\nEnforcement Rule"},
		{quiz.FieldKey, "F"},
		{quiz.FieldExplanation, "The Security Rule sets administrative, physical and technical safeguards.\nSource: 45 CFR Part 164 Subpart C"},
		{quiz.FieldDomain, "regulatory"},
	}
	_, resp = h.send(discordtest.ModalSubmit("g1", "c1", alice, customID, typed))
	if resp["type"] != float64(4) || !ephemeral(resp) {
		t.Fatalf("the submit's answer: %v", resp)
	}
	if got := content(resp); !strings.Contains(got, "Draft #1 is saved, but it cannot go to the moderators yet") || !strings.Contains(got, "The key is not the letter of an option") {
		t.Fatalf("the submit's answer: %q", got)
	}
	edit := buttonID(t, resp, "Edit")
	_, resp = h.send(discordtest.Click("g1", "c1", alice, edit, "m1"))
	customID, inputs, _ = modalInputs(t, resp)
	for _, f := range typed {
		if inputs[f[0]]["value"] != f[1] {
			t.Errorf("the modal came back with %s = %v, want what was typed, %q", f[0], inputs[f[0]]["value"], f[1])
		}
	}
	typed[2][1] = "A"
	_, resp = h.send(discordtest.ModalSubmit("g1", "c1", alice, customID, typed))
	if got := content(resp); !strings.Contains(got, "draft #1 is with the moderators") {
		t.Fatalf("sent again: %q", got)
	}

	id := []discordtest.Option{{Name: "id", Type: 3, Value: "1"}}
	_, resp = h.send(discordtest.GroupCommand("g1", "c1", bob, "question", "approve", id))
	if got := content(resp); !strings.Contains(got, "Only moderators can use /study question approve") {
		t.Fatalf("a member's approval: %q", got)
	}
	_, resp = h.send(discordtest.GroupCommand("g1", "c1", mod, "question", "approve", id))
	if got := content(resp); !strings.Contains(got, "Approved draft #1 by Alice") {
		t.Fatalf("the moderator's approval: %q", got)
	}
	_, src, ok, err := h.db.PackSource(context.Background(), bot.OwnPackName(bot.GroupRef{Platform: bot.PlatformDiscord, GroupID: "g1"}))
	if err != nil || !ok {
		t.Fatalf("the group's pack: %v %v", ok, err)
	}
	p, err := quiz.Parse("own", src)
	if err != nil {
		t.Fatal(err)
	}
	if q, ok := p.Question("draft-1"); !ok || q.Author != "Alice" || q.Choices[q.Answer] != "Security Rule" {
		t.Errorf("the question in the pack: %+v", q)
	}
}
