package discord_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
)

// threadText is the description of the first embed of a message the fake made.
func threadText(t *testing.T, m discordtest.Message) string {
	t.Helper()
	embeds, _ := m.Body["embeds"].([]any)
	if len(embeds) == 0 {
		t.Fatalf("message without an embed: %v", m.Body)
	}
	d, _ := embeds[0].(map[string]any)["description"].(string)
	return d
}

// TestRevealOpensAThreadOnDiscord: the reveal of a question gets a public thread started on it, named after
// the question, whose one message (with its nonce, and its key in the footer) says why each option is
// right or wrong.
func TestRevealOpensAThreadOnDiscord(t *testing.T) {
	h := newHarness(t)
	h.command(moderator, "post")
	p := mustOpenPost(t, h)
	h.now = h.now.Add(time.Hour)
	h.command(moderator, "post")
	msgs := h.fake.Messages("c1")
	if len(msgs) != 3 {
		t.Fatalf("%d messages in the channel, want card, reveal, card", len(msgs))
	}
	reveal := msgs[1]
	threads := h.fake.Threads("c1")
	if len(threads) != 1 || threads[0].ID != reveal.ID || threads[0].AutoArchive != 1440 {
		t.Fatalf("threads %+v, want one on the reveal %s archived after a day", threads, reveal.ID)
	}
	q, _ := h.bot.Pack().Question(p.QuestionID)
	if want := "Discuss: " + q.Text; threads[0].Name != want {
		t.Fatalf("thread name %q, want %q", threads[0].Name, want)
	}
	in := h.fake.Messages(threads[0].ID)
	if len(in) != 1 || in[0].Nonce == "" || in[0].Body["enforce_nonce"] != true {
		t.Fatalf("messages in the thread: %+v", in)
	}
	text := threadText(t, in[0])
	if !strings.Contains(text, q.Choices[q.Answer]+" ✓ "+q.Explanation) || !strings.Contains(text, "A) "+q.Choices[0]) ||
		!strings.Contains(text, "Source: "+q.Source) {
		t.Fatalf("thread message %q", text)
	}
	footer := in[0].Body["embeds"].([]any)[0].(map[string]any)["footer"].(map[string]any)["text"].(string)
	if !strings.HasSuffix(footer, in[0].Nonce) {
		t.Fatalf("the message does not carry its key: footer %q, nonce %q", footer, in[0].Nonce)
	}
}

// TestAThreadAlreadyStartedIsPostedIn: an attempt that started the thread and failed to post in it is
// retried: Discord answers the second start 160004 ("A thread has already been created for this
// message"), and the retry posts in that thread; a retry after the post was made finds it by its nonce.
// One thread, one message.
func TestAThreadAlreadyStartedIsPostedIn(t *testing.T) {
	h := newHarness(t)
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}
	revealID, err := h.adapter.Post(context.Background(), ch, bot.Reply{Text: "Reveal"}, bot.Send{Key: "sbr1", Since: h.now})
	if err != nil {
		t.Fatal(err)
	}
	d := bot.Discussion{Parent: revealID, Title: "Discuss: Breach notice deadline?"}
	msg := bot.Reply{Text: "Why each option is right or wrong. Talk it over here:\nC) 60 days ✓ 60 calendar days at the latest."}
	h.fake.Fail("/api/v9/channels/"+revealID+"/messages", 1, http.StatusBadGateway, `{"message": "502 Bad Gateway", "code": 0}`, nil)
	send := bot.Send{Key: "sbt1", Since: h.now}
	if _, err := h.adapter.PostThread(context.Background(), ch, d, msg, send); err == nil {
		t.Fatal("a failed post in the thread must fail the attempt")
	}
	send.MaybeSent = true
	id, err := h.adapter.PostThread(context.Background(), ch, d, msg, send)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	again, err := h.adapter.PostThread(context.Background(), ch, d, msg, send)
	if err != nil || again != id {
		t.Fatalf("a retry after the post was made: %q %v, want %q", again, err, id)
	}
	starts := h.fake.Calls("POST", "/api/v9/channels/c1/messages/"+revealID+"/threads")
	if len(starts) != 3 || len(h.fake.Threads("c1")) != 1 {
		t.Fatalf("%d starts made %d threads, want 3 and 1", len(starts), len(h.fake.Threads("c1")))
	}
	if in := h.fake.Messages(revealID); len(in) != 1 || in[0].ID != id {
		t.Fatalf("messages in the thread: %+v, want the one %s", in, id)
	}
}

// TestAThreadRefusedIsExplainedToModerators: where the bot may not start threads, the reveal still posts,
// the moderator hears what to give it and how to turn threads off, and /study schedule warns at once when
// Discord's app_permissions lack the thread permissions.
func TestAThreadRefusedIsExplainedToModerators(t *testing.T) {
	h := newHarness(t)
	h.fake.DenyThreads("c1")
	h.command(moderator, "post")
	h.now = h.now.Add(time.Hour)
	c := content(h.command(moderator, "post"))
	if len(h.fake.Messages("c1")) != 3 || len(h.fake.Threads("c1")) != 0 {
		t.Fatalf("%d messages, %d threads", len(h.fake.Messages("c1")), len(h.fake.Threads("c1")))
	}
	for _, want := range []string{"could not open its discussion thread", `Discord says "Missing Permissions"`,
		"Create Public Threads and Send Messages in Threads", "threads off"} {
		if !strings.Contains(c, want) {
			t.Fatalf("the moderator's reply %q does not say %q", c, want)
		}
	}
	noThreads := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory)
	schedule := []discordtest.Option{{Name: "time", Type: 3, Value: "09:00"}}
	_, resp := h.send(discordtest.WithAppPermissions(discordtest.Command("g1", "c2", moderator, "schedule", schedule), noThreads))
	c = content(resp)
	if !strings.Contains(c, "cannot open threads here yet: it lacks Create Public Threads, Send Messages in Threads here") || strings.Contains(c, "cannot post in this channel") {
		t.Fatalf("schedule without the thread permissions: %s", c)
	}
	_, resp = h.send(discordtest.Command("g1", "c3", moderator, "schedule", schedule))
	if c := content(resp); strings.Contains(c, "cannot open threads") || !strings.Contains(c, "Discussion threads: on") {
		t.Fatalf("schedule with every permission: %s", c)
	}
}

// TestThreadsOffOnDiscord: /study schedule with threads off (a typed option) starts no thread under the
// reveals.
func TestThreadsOffOnDiscord(t *testing.T) {
	h := newHarness(t)
	c := content(h.command(moderator, "schedule", discordtest.Option{Name: "time", Type: 3, Value: "09:00"},
		discordtest.Option{Name: "threads", Type: 3, Value: "off"}))
	if !strings.Contains(c, "Discussion threads: off") {
		t.Fatalf("schedule threads off: %s", c)
	}
	h.command(moderator, "post")
	h.now = h.now.Add(time.Hour)
	h.command(moderator, "post")
	if n := len(h.fake.Messages("c1")); n != 3 || len(h.fake.Calls("POST", "/api/v9/channels/c1/messages/")) != 0 {
		t.Fatalf("%d messages, thread starts %v", n, h.fake.Calls("POST", "/api/v9/channels/c1/messages/"))
	}
}
