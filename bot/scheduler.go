package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Posts keeps the daily questions posted to channels.
type Posts interface {
	// History returns what a channel has been posted, for choosing the next question, and its current cycle.
	History(ctx context.Context, ch ChannelRef) (quiz.History, int, error)
	// CreatePost closes the channel's open post, if any, and inserts the new one, in one transaction. A
	// slot the channel already has is an ECONFLICT error and changes nothing.
	CreatePost(ctx context.Context, p Post) (created Post, closed *Post, err error)
	// Post returns one post by id (ENOTFOUND if there is none).
	Post(ctx context.Context, id int64) (Post, error)
	// OpenPost returns the channel's open post (ENOTFOUND if there is none).
	OpenPost(ctx context.Context, ch ChannelRef) (Post, error)
	// ExpiredPosts lists open posts whose window ended at or before now.
	ExpiredPosts(ctx context.Context, now time.Time) ([]Post, error)
	// ClosePost closes a post and reports whether this call closed it (false if it was already closed).
	ClosePost(ctx context.Context, id int64, at time.Time) (bool, error)
	// SetPostMessage records the platform message id of a post's card, or the error that kept it from
	// being posted.
	SetPostMessage(ctx context.Context, id int64, messageID, deliveryError string) error
}

// Tick does what the scheduler owes at the current time: it closes questions whose window has ended
// (posting their reveal) and posts today's question in every scheduled channel whose time has come and that
// has not had it. A slot missed while the process was down is posted once if it is still the same local day;
// earlier days are skipped. Running Tick again, or in two processes at once, posts nothing twice: the store's
// unique (channel, slot) key decides.
func (b *Bot) Tick(ctx context.Context) error {
	now := b.clock.Now()
	defer func() {
		b.mu.Lock()
		b.lastTick = now
		b.mu.Unlock()
	}()
	var errs []error
	expired, err := b.posts.ExpiredPosts(ctx, now)
	if err != nil {
		return fmt.Errorf("expired posts: %w", err)
	}
	for _, p := range expired {
		closed, err := b.posts.ClosePost(ctx, p.ID, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("close post %d: %w", p.ID, err))
			continue
		}
		if closed {
			b.reveal(ctx, p)
		}
	}
	channels, err := b.channels.ScheduledChannels(ctx)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("scheduled channels: %w", err))...)
	}
	for _, ch := range channels {
		slot, at, ok := ch.Schedule.Owed(now)
		if !ok {
			continue
		}
		p, err := b.publish(ctx, ch.Ref, slot)
		switch {
		case ErrorCode(err) == ECONFLICT:
			// Already posted, by us earlier or by another process.
		case err != nil:
			errs = append(errs, fmt.Errorf("post to %s: %w", ch.Ref.Key(), err))
		default:
			b.obs.SchedulerLag(p.PostedAt.Sub(at))
			b.log.InfoContext(ctx, "scheduled question posted", "platform", ch.Ref.Platform, "group", ch.Ref.GroupID,
				"channel", ch.Ref.ChannelID, "slot", slot, "question", p.QuestionID)
		}
	}
	return errors.Join(errs...)
}

// LastTick is when Tick last ran, for health checks.
func (b *Bot) LastTick() time.Time {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.lastTick
}

// Run calls Tick every interval until ctx ends.
func (b *Bot) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := b.Tick(ctx); err != nil && ctx.Err() == nil {
			b.log.ErrorContext(ctx, "scheduler tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (b *Bot) cmdPost(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	now := b.clock.Now()
	p, err := b.publish(ctx, cmd.Channel, ManualSlotPrefix+strconv.FormatInt(now.UnixNano(), 10)+"-"+newID()[:4])
	if err != nil {
		return Reply{}, err
	}
	if p.MessageID == "" {
		return Reply{Private: true, Text: "Recorded a new question, but the platform did not accept the message, so it is not in the channel; members can still answer it with /study today."}, nil
	}
	return Reply{Private: true, Text: "Posted a new question."}, nil
}

// publish chooses the channel's next question, records it for the slot (closing the open one in the same
// transaction), posts the reveal of the closed one and then the new card. An ECONFLICT error means the slot
// was taken and nothing happened.
func (b *Bot) publish(ctx context.Context, ref ChannelRef, slot string) (Post, error) {
	b.posting.Lock()
	defer b.posting.Unlock()
	ch, err := b.channels.Channel(ctx, ref)
	if err != nil {
		return Post{}, fmt.Errorf("channel: %w", err)
	}
	hist, cycle, err := b.posts.History(ctx, ref)
	if err != nil {
		return Post{}, fmt.Errorf("history: %w", err)
	}
	pick, err := b.pack.Next(hist, ch.Domains, ref.Key())
	if err != nil {
		return Post{}, Errorf(EINVALID, "This channel's domains hold no questions. Change them with /study domains all.")
	}
	if pick.NewCycle {
		cycle++
	}
	now := b.clock.Now()
	window := DefaultWindow
	if ch.Schedule != nil && ch.Schedule.Window > 0 {
		window = ch.Schedule.Window
	}
	p, closed, err := b.posts.CreatePost(ctx, Post{Channel: ref, Slot: slot, Pack: b.pack.ID, QuestionID: pick.Question.ID,
		Domain: pick.Question.Domain, Cycle: cycle, PostedAt: now, ClosesAt: now.Add(window)})
	if err != nil {
		return Post{}, err
	}
	if closed != nil {
		b.reveal(ctx, *closed)
	}
	b.obs.QuestionPosted(ref.Platform)
	chat, ok := b.chat(ref.Platform)
	if !ok {
		b.log.WarnContext(ctx, "no chat for platform; question recorded but not posted", "platform", ref.Platform)
		return p, nil
	}
	msgID, err := chat.Post(ctx, ref, b.cardReply(p, false))
	if err != nil {
		b.obs.ChatFailed(ref.Platform, "post")
		b.log.ErrorContext(ctx, "posting question failed", "platform", ref.Platform, "group", ref.GroupID,
			"channel", ref.ChannelID, "post", p.ID, "err", err)
		if serr := b.posts.SetPostMessage(ctx, p.ID, "", err.Error()); serr != nil {
			b.log.ErrorContext(ctx, "record delivery error", "post", p.ID, "err", serr)
		}
		if why, ok := channelProblem(err); ok {
			b.setNotice(ref, why)
		}
		return p, nil
	}
	b.setNotice(ref, "")
	p.MessageID = msgID
	if err := b.posts.SetPostMessage(ctx, p.ID, msgID, ""); err != nil {
		return p, fmt.Errorf("record message id: %w", err)
	}
	return p, nil
}

// RevealOf builds the reveal of a post from its answers.
func (b *Bot) RevealOf(ctx context.Context, p Post) (Reveal, error) {
	q, ok := b.pack.Question(p.QuestionID)
	if !ok {
		return Reveal{}, fmt.Errorf("question %s not in pack", p.QuestionID)
	}
	counts, err := b.answers.AnswerCounts(ctx, p.ID, len(q.Choices))
	if err != nil {
		return Reveal{}, fmt.Errorf("answer counts: %w", err)
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	return Reveal{PostID: p.ID, Question: q.Text, Choices: q.Choices, Correct: q.Answer, Explanation: q.Explanation, Source: q.Source,
		Counts: counts, Total: total}, nil
}

// reveal posts a closed question's result to its channel and marks its card closed. Failures are logged:
// the question is closed either way.
func (b *Bot) reveal(ctx context.Context, p Post) {
	rv, err := b.RevealOf(ctx, p)
	if err != nil {
		b.log.ErrorContext(ctx, "build reveal", "post", p.ID, "err", err)
		return
	}
	chat, ok := b.chat(p.Channel.Platform)
	if !ok {
		return
	}
	if _, err := chat.Post(ctx, p.Channel, Reply{Text: rv.PlainText(), Reveal: &rv}); err != nil {
		b.obs.ChatFailed(p.Channel.Platform, "reveal")
		b.log.ErrorContext(ctx, "posting reveal failed", "platform", p.Channel.Platform, "channel", p.Channel.ChannelID, "post", p.ID, "err", err)
	}
	if p.MessageID == "" {
		return
	}
	if err := chat.Edit(ctx, p.Channel, p.MessageID, b.cardReply(p, true)); err != nil {
		b.obs.ChatFailed(p.Channel.Platform, "edit")
		b.log.ErrorContext(ctx, "closing card failed", "platform", p.Channel.Platform, "channel", p.Channel.ChannelID, "post", p.ID, "err", err)
	}
}

// PlainText renders the reveal: the key, the explanation, how many answered and the share per option.
func (r Reveal) PlainText() string {
	s := fmt.Sprintf("Reveal: %s\nAnswer: %s) %s\n%s\n%s", r.Question, letter(r.Correct), r.Choices[r.Correct], r.Explanation, r.Summary())
	for _, v := range r.Votes() {
		s += "\n  " + v
	}
	if r.Source != "" {
		s += "\nSource: " + r.Source
	}
	return s
}

// NextDue returns the first moment after the given time at which Tick has work: a scheduled slot or the
// end of an open question's window within the next eight days.
func (b *Bot) NextDue(ctx context.Context, after time.Time) (time.Time, bool) {
	var best time.Time
	consider := func(t time.Time) {
		if t.After(after) && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	channels, err := b.channels.ScheduledChannels(ctx)
	if err != nil {
		b.log.ErrorContext(ctx, "next due", "err", err)
		return time.Time{}, false
	}
	for _, ch := range channels {
		if t, ok := ch.Schedule.Next(after); ok {
			consider(t)
		}
	}
	expiring, err := b.posts.ExpiredPosts(ctx, after.AddDate(0, 0, 8))
	if err != nil {
		b.log.ErrorContext(ctx, "next due", "err", err)
		return time.Time{}, false
	}
	for _, p := range expiring {
		consider(p.ClosesAt)
	}
	return best, !best.IsZero()
}

// channelProblem returns the moderator-facing message of a Post error that is about the channel itself
// (see Chat.Post).
func channelProblem(err error) (string, bool) {
	var e *Error
	if errors.As(err, &e) && (e.Code == EFORBIDDEN || e.Code == ENOTFOUND) {
		return e.Message, true
	}
	return "", false
}

// setNotice remembers why the bot could not post in a channel; an empty why forgets it.
func (b *Bot) setNotice(ch ChannelRef, why string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if why == "" {
		delete(b.notices, ch)
		return
	}
	b.notices[ch] = why
}

// takeNotice returns, once, why the bot could not post in a channel.
func (b *Bot) takeNotice(ch ChannelRef) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	why, ok := b.notices[ch]
	delete(b.notices, ch)
	return why, ok
}
