package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// DeliverThread is the outbox kind of a reveal's discussion thread: a thread under the reveal (its Payload
// is the reveal's message id) whose first message says why each option is right or wrong.
const DeliverThread = "thread"

// Threader is a Chat that can open a discussion under a message it posted: a Discord thread on the
// message, Slack replies in its thread, lines indented under it in the console. A Chat without it gets no
// discussion threads.
type Threader interface {
	// PostThread posts msg in the discussion under d.Parent, opening it when it is not open yet, and
	// returns the platform's id of msg. A discussion an earlier attempt opened is found and used, never
	// opened twice; msg itself follows Chat.Post's rules (the same send.Key on every attempt, looked for
	// first when send.MaybeSent, errors marked the same way). A refusal to open the discussion (a missing
	// permission) is an EFORBIDDEN error whose message tells a moderator how to fix it.
	PostThread(ctx context.Context, ch ChannelRef, d Discussion, msg Reply, send Send) (messageID string, err error)
}

// Discussion names the thread under a message.
type Discussion struct {
	// Parent is the platform's id of the message the discussion hangs under (the reveal's).
	Parent string
	// Title names the discussion where the platform shows a name (a Discord thread's, at most 100
	// characters).
	Title string
}

// FollowUp is one more message a delivered one owes its channel, queued with its outcome in the same write
// (see DeliveryResult.Then), so that it is owed exactly once however often the first is attempted.
type FollowUp struct {
	Kind      string
	Payload   string
	ExpiresAt time.Time
}

// maxThreadTitle is the longest discussion title (Discord's limit on a thread's name).
const maxThreadTitle = 100

// threadFollowUp is what a delivered message owes next: a reveal its discussion thread, when the channel's
// platform can open one and the channel has not turned them off (/study schedule ... threads off). A
// channel's settings that cannot be read fail the attempt, which is tried again and finds the reveal it
// posted, so that the thread is neither lost nor doubled.
func (b *Bot) threadFollowUp(ctx context.Context, d Delivery, messageID string) (*FollowUp, error) {
	if d.Kind != DeliverReveal || messageID == "" {
		return nil, nil
	}
	chat, ok := b.chat(d.Channel.Platform)
	if !ok {
		return nil, nil
	}
	if _, ok := chat.(Threader); !ok {
		return nil, nil
	}
	ch, err := b.channels.Channel(ctx, d.Channel)
	if err != nil {
		return nil, fmt.Errorf("the reveal is posted; read whether the channel opens threads: %w", err)
	}
	if ch.ThreadsOff {
		return nil, nil
	}
	return &FollowUp{Kind: DeliverThread, Payload: messageID, ExpiresAt: maxTime(d.ExpiresAt, b.clock.Now().Add(minDeliveryTime))}, nil
}

// attemptThread posts a post's discussion thread under its reveal (d.Payload).
func (b *Bot) attemptThread(ctx context.Context, chat Chat, d Delivery, p Post, send Send) (string, error) {
	t, ok := chat.(Threader)
	if !ok {
		return "", Errorf(EINVALID, "%s cannot open discussion threads", d.Channel.Platform)
	}
	r, title, err := b.threadReply(ctx, p)
	if err != nil {
		return "", err
	}
	return t.PostThread(ctx, d.Channel, Discussion{Parent: d.Payload, Title: title}, r, send)
}

// threadReply is the first message of a post's discussion, and its title: each option with why it is
// wrong (the pack's why) or, for the key, right (the explanation), and the source.
func (b *Bot) threadReply(ctx context.Context, p Post) (Reply, string, error) {
	_, q, err := b.question(ctx, p.Pack, p.PackVersion, p.QuestionID)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{}, "", Errorf(EINVALID, "question %s is no longer in the pack", p.QuestionID)
	}
	if err != nil {
		return Reply{}, "", err
	}
	lines := []string{"Why each option is right or wrong. Talk it over here:"}
	for i, c := range q.Choices {
		line := fmt.Sprintf("%s) %s", letter(i), c)
		switch why := q.WhyWrong(i); {
		case i == q.Answer:
			line += " ✓ " + q.Explanation
		case why != "":
			line += " ✗ " + why
		}
		lines = append(lines, line)
	}
	title := Truncate("Discuss: "+strings.Join(strings.Fields(q.Text), " "), maxThreadTitle)
	return Reply{Text: strings.Join(lines, "\n"), Source: q.Source}, title, nil
}

// threadNotice is the channel's notice for a moderator when its reveal's thread could not be opened: the
// whole sentence, which moderatorNotices shows as it is.
func threadNotice(why string) string {
	return noticeHeadsUp + "I posted the reveal in this channel but could not open its discussion thread. " + why
}

// noticeHeadsUp opens every channel notice a moderator is told.
const noticeHeadsUp = "Heads up: "

// threadsNote says, in /study schedule's reply, whether reveals open a discussion thread here.
func threadsNote(off bool, problem string) string {
	if off {
		return "Discussion threads: off (turn them on with threads on)."
	}
	note := "Discussion threads: on. Each reveal opens a thread with why each option is right or wrong (turn them off with threads off)."
	if problem != "" {
		note += " But studybot cannot open threads here yet: " + problem
	}
	return note
}
