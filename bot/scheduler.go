package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Tick does what the scheduler owes at the current time: it closes questions whose window has ended and
// records today's question in every scheduled channel whose slot is owed (see Schedule.Owed), queueing the
// messages in the outbox, which delivers them (RunOutbox, or Flush). A slot missed while the process was
// down is posted once if it is still the same local day; earlier days are skipped. Running Tick again, or
// in two processes at once, records nothing twice: the store's unique (channel, slot) key decides. At a
// channel's first slot of the week it also queues the recap of the week before (see Schedule.RecapOwed),
// once per channel and week by the store's unique (channel, payload) key. Tick
// itself only writes to the database, so no channel's network trouble delays it.
//
// Tick reads only the schedules due now (Schedule.NextDue at or before now); once a channel's slot is
// handled its NextDue moves to the next slot, so an idle tick reads nothing however many channels are
// scheduled. A replica claims the due channels before it handles them (see slotLease), so replicas
// share the channels due at one minute instead of each handling all of them; a channel whose post or
// recap could not be recorded is tried again when its claim lapses.
func (b *Bot) Tick(ctx context.Context) error {
	now := b.clock.Now()
	var rows int
	defer func() {
		b.mu.Lock()
		b.lastTick = now
		b.ticks.Ticks++
		b.ticks.Rows += int64(rows)
		b.mu.Unlock()
		b.Kick()
	}()
	var errs []error
	expired, err := b.posts.ExpiredPosts(ctx, now)
	if err != nil {
		return fmt.Errorf("expired posts: %w", err)
	}
	rows += len(expired)
	for _, p := range expired {
		if _, err := b.posts.ClosePost(ctx, p.ID, now, deliverBy(b.channelZone(ctx, p.Channel), now)); err != nil {
			errs = append(errs, fmt.Errorf("close post %d: %w", p.ID, err))
		}
	}
	// Claim the channels due a batch at a time: replicas, which tick at the same moments, share them
	// instead of each choosing and recording every one to lose the slot's key. A claim lasts slotLease
	// from when it was made (a tick with thousands of channels due lasts a while); a channel this process
	// claimed and could not handle, or died handling, is due again when it lapses.
	for {
		due, err := b.channels.ClaimDueChannels(ctx, now, b.clock.Now().Add(slotLease), claimBatch)
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("claim due channels: %w", err))...)
		}
		rows += len(due)
		done := make([]ScheduleAdvance, 0, len(due))
		for _, ch := range due {
			next := ch.Schedule.DueAfter(now)
			if err := b.handleSlot(ctx, ch, now); err != nil {
				if ctx.Err() == nil {
					errs = append(errs, err) // tried again when the claim lapses
					continue
				}
				next = now // shutting down: hand the channel back, due at once for the next process
			}
			done = append(done, ScheduleAdvance{Channel: ch.Ref, Read: *ch.Schedule, Next: next})
		}
		// Written even when ctx ended (a shutdown), so that no claim is left to lapse.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if err := b.channels.AdvanceSchedules(actx, done); err != nil {
			errs = append(errs, fmt.Errorf("advance schedules: %w", err))
		}
		cancel()
		b.Kick() // the outbox has this batch's messages
		if len(due) < claimBatch {
			break
		}
	}
	// After the channels, so that a reminder due now speaks of the question posted now.
	if err := b.tickReminders(ctx, now); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// slotLease is how long a replica's claim on a due channel lasts, and claimBatch how many channels one
// claim takes: handling a channel takes milliseconds, and a channel whose post or recap failed is tried
// again when its claim ends.
const (
	slotLease  = time.Minute
	claimBatch = 100
)

// handleSlot does what a due channel is owed at now: today's question, if its slot has come and is not
// recorded yet, and the recap of the week before at the week's first slot.
// A failure to record one does not keep the other from being tried.
func (b *Bot) handleSlot(ctx context.Context, ch Channel, now time.Time) error {
	var postErr error
	if slot, at, ok := ch.Schedule.Owed(now); ok {
		p, _, err := b.publish(ctx, ch.Ref, slot)
		switch {
		case ErrorCode(err) == ECONFLICT:
			// Already recorded, by us earlier or by another process.
		case err != nil:
			postErr = fmt.Errorf("post to %s: %w", ch.Ref.Key(), err)
		default:
			b.obs.SchedulerLag(p.PostedAt.Sub(at))
			b.log.InfoContext(ctx, "scheduled question recorded", "platform", ch.Ref.Platform, "group", ch.Ref.GroupID,
				"channel", ch.Ref.ChannelID, "slot", slot, "question", p.QuestionID)
		}
	}
	return errors.Join(postErr, b.queueRecap(ctx, ch, now))
}

// TickStats counts what the scheduler did since the Bot was built: ticks run, and the rows they read
// (schedules due and questions whose window ended).
type TickStats struct {
	Ticks, Rows int64
}

// TickStats returns what the scheduler did so far.
func (b *Bot) TickStats() TickStats {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.ticks
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

// publish chooses the channel's next question and records it for the slot, closing the open one in the
// same transaction, which also queues the messages this owes the channel. An ECONFLICT error means the slot
// was taken and nothing happened.
func (b *Bot) publish(ctx context.Context, ref ChannelRef, slot string) (Post, *Post, error) {
	// Two posts at once to one channel would choose from the same history; within this process they take
	// turns, and the store's slot key settles the rest.
	lock := b.channelLock(ref)
	lock.Lock()
	defer lock.Unlock()
	ch, err := b.channels.Channel(ctx, ref)
	if err != nil {
		return Post{}, nil, fmt.Errorf("channel: %w", err)
	}
	hist, cycle, err := b.posts.History(ctx, ref)
	if err != nil {
		return Post{}, nil, fmt.Errorf("history: %w", err)
	}
	if hist.Exclude, err = b.excluded(ctx, ref.Group()); err != nil {
		return Post{}, nil, err
	}
	pk, err := b.channelPack(ctx, ch)
	if err != nil {
		return Post{}, nil, err
	}
	if len(pk.Questions) == 0 {
		return Post{}, nil, Errorf(EINVALID, "%s", onlyFlashcards(pk))
	}
	pick, err := pk.Next(hist, ch.Domains, ref.Key())
	if err != nil {
		return Post{}, nil, Errorf(EINVALID, "This channel's domains hold no questions in rotation (suspended or retired ones are skipped: /study items). Change them with /study domains all.")
	}
	if pick.NewCycle {
		cycle++
	}
	now := b.clock.Now()
	window := ch.Schedule.OpenFor()
	p, closed, err := b.posts.CreatePost(ctx, Post{Channel: ref, Slot: slot, Pack: pk.ID, PackVersion: pk.Version, QuestionID: pick.Question.ID,
		Domain: pick.Question.Domain, Cycle: cycle, PostedAt: now, ClosesAt: now.Add(window)}, deliverBy(b.scheduleZone(ctx, ref, ch.Schedule), now))
	return p, closed, err
}

// channelLock returns the mutex that serialises publishing to one channel in this process.
func (b *Bot) channelLock(ch ChannelRef) *sync.Mutex {
	l, _ := b.chLocks.LoadOrStore(ch, &sync.Mutex{})
	return l.(*sync.Mutex)
}

// RevealOf builds the reveal of a post from its answers.
func (b *Bot) RevealOf(ctx context.Context, p Post) (Reveal, error) {
	_, q, err := b.question(ctx, p.Pack, p.PackVersion, p.QuestionID)
	if err != nil {
		return Reveal{}, err
	}
	counts, err := b.answers.AnswerCounts(ctx, p.ID, len(q.Choices))
	if err != nil {
		return Reveal{}, fmt.Errorf("answer counts: %w", err)
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	expl := q.Explanation
	if q.Author != "" { // a question a member wrote in chat credits them
		expl += "\nWritten by @" + q.Author
	}
	return Reveal{PostID: p.ID, Question: q.Text, Choices: q.Choices, Correct: q.Answer, Explanation: expl, Source: q.Source,
		Counts: counts, Total: total}, nil
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

// NextDue returns the first moment after the given time at which Tick has work: a scheduled slot, the
// end of an open question's window within the next eight days, or a member's reminder.
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
	if t, err := b.reminders.NextReminderAt(ctx); err != nil {
		b.log.ErrorContext(ctx, "next due", "err", err)
	} else {
		consider(t)
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
