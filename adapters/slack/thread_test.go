package slack_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestRevealOpensAThreadOnSlack: the reveal of a question gets its discussion as a reply in its thread
// (chat.postMessage with thread_ts, the reveal's ts), carrying its key as metadata, with why each option is
// right or wrong; the channel itself shows the card, the reveal and the next card only.
func TestRevealOpensAThreadOnSlack(t *testing.T) {
	h := newHarness(t)
	h.slash("UADMIN", "post")
	p, _ := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"})
	h.now = h.now.Add(time.Hour)
	h.slash("UADMIN", "post")
	msgs := h.fake.Messages("C1")
	if len(msgs) != 3 || !strings.Contains(msgs[1].Text, "Reveal") {
		t.Fatalf("channel messages: %+v", msgs)
	}
	replies := h.fake.Replies("C1", msgs[1].TS)
	if len(replies) != 1 {
		t.Fatalf("%d replies in the reveal's thread, want 1", len(replies))
	}
	q, _ := h.bot.Pack().Question(p.QuestionID)
	r := replies[0]
	if !strings.Contains(r.Text, "Why each option is right or wrong") || !strings.Contains(r.Text, q.Choices[q.Answer]+" ✓ "+q.Explanation) {
		t.Fatalf("thread reply %q", r.Text)
	}
	if r.Metadata["event_type"] != "studybot_post" {
		t.Fatalf("thread reply metadata %v", r.Metadata)
	}
}

// TestAThreadReplyMaybeSentIsFoundNotDoubled: a reply whose answer was lost (HTTP 500 after Slack made it)
// is looked for among the thread's replies (conversations.replies) when tried again, and not posted twice.
func TestAThreadReplyMaybeSentIsFoundNotDoubled(t *testing.T) {
	h := newHarness(t)
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	reveal, err := h.adapter.Post(context.Background(), ch, bot.Reply{Text: "Reveal"}, bot.Send{Key: "sbr1", Since: h.now})
	if err != nil {
		t.Fatal(err)
	}
	d := bot.Discussion{Parent: reveal, Title: "Discuss: Breach notice deadline?"}
	msg := bot.Reply{Text: "Why each option is right or wrong. Talk it over here:\nC) 60 days ✓ 60 calendar days at the latest."}
	h.fake.FailAfterPost("C1", 1)
	send := bot.Send{Key: "sbt1", Since: time.Now()}
	if _, err := h.adapter.PostThread(context.Background(), ch, d, msg, send); err == nil {
		t.Fatal("the lost answer must fail the attempt")
	}
	send.MaybeSent = true
	ts, err := h.adapter.PostThread(context.Background(), ch, d, msg, send)
	if err != nil {
		t.Fatal(err)
	}
	replies := h.fake.Replies("C1", reveal)
	if len(replies) != 1 || replies[0].TS != ts {
		t.Fatalf("replies %+v, want the one found (%s)", replies, ts)
	}
	if calls := h.fake.Calls("conversations.replies"); len(calls) != 1 || calls[0].Form.Get("ts") != reveal {
		t.Fatalf("conversations.replies calls: %+v", calls)
	}
	if n := len(h.fake.Messages("C1")); n != 1 {
		t.Fatalf("%d messages in the channel itself, want the reveal only", n)
	}
}

// TestThreadsOffOnSlack: /study schedule ... threads off posts the reveal without a thread reply.
func TestThreadsOffOnSlack(t *testing.T) {
	h := newHarness(t)
	if m := h.slash("UADMIN", "schedule 09:00 threads off"); !strings.Contains(text(m), "Discussion threads: off") {
		t.Fatalf("schedule: %s", text(m))
	}
	h.slash("UADMIN", "post")
	h.now = h.now.Add(time.Hour)
	h.slash("UADMIN", "post")
	for _, c := range h.fake.Calls("chat.postMessage") {
		if c.Form.Get("thread_ts") != "" {
			t.Fatalf("a thread reply with threads off: %v", c.Form)
		}
	}
	if n := len(h.fake.Messages("C1")); n != 3 {
		t.Fatalf("%d messages, want card, reveal, card", n)
	}
}
