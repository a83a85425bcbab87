package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Delivery kinds: what a row of the outbox sends.
const (
	DeliverCard   = "card"   // a post's question card
	DeliverReveal = "reveal" // a closed post's reveal
	DeliverClose  = "close"  // the edit that marks a post's card closed
	DeliverRecap  = "recap"  // a channel's weekly recap
)

// Delivery is one message the outbox owes a channel, as claimed for an attempt.
type Delivery struct {
	ID      int64
	Key     string // the message's idempotency key, the same for every attempt
	Channel ChannelRef
	Kind    string
	PostID  int64  // the post a card, reveal or close is about; 0 for a recap
	Payload string // what else the message needs (a recap: its week)
	// Attempts counts the attempts made before this one; MaybeSent is true when one of them may have
	// created the message (it failed after the request was sent, or its process died while sending).
	Attempts  int
	MaybeSent bool
	CreatedAt time.Time
	ExpiresAt time.Time
}

// DeliveryResult is the outcome of an attempt: delivered (Delivered, with the MessageID of a post), failed
// for good (RetryAt zero), or due again at RetryAt.
type DeliveryResult struct {
	ID        int64
	Owner     string
	Delivered bool
	MessageID string
	RetryAt   time.Time
	MaybeSent bool
	Error     string
	// Notice, on a failure for good, tells the channel's next moderator why the bot cannot post there.
	Notice string
	At     time.Time
	// Then, on a delivered message, is the message it owes its channel next (a reveal's discussion thread),
	// queued in the same write as the outcome.
	Then *FollowUp
}

// Status is the outbox status the result leaves its message in: "delivered", "failed" or "due" (again).
func (r DeliveryResult) Status() string {
	switch {
	case r.MessageID != "" || r.Delivered:
		return "delivered"
	case r.RetryAt.IsZero():
		return "failed"
	}
	return "due"
}

// DeliveryState is where one of a post's messages stands.
type DeliveryState struct {
	ID        int64
	Kind      string
	Status    string // due, sending, delivered, failed
	Attempts  int
	MessageID string
	Error     string
}

// Send is how a message is sent: its idempotency key and what earlier attempts may have done.
type Send struct {
	// Key is the same for every attempt of one message (Discord's nonce, Slack's message metadata).
	Key string
	// MaybeSent says an earlier attempt may have created the message, so a platform without
	// idempotent creates should look for it before sending again.
	MaybeSent bool
	// Since is when the first attempt was made, to look back from.
	Since time.Time
	// Age is how long ago Since was, on the clock that stamped it (the core's), so that an adapter can
	// tell whether the platform may still remember the key without comparing Since with a clock of its own.
	Age time.Duration
}

// Outbox timings.
const (
	// DefaultDeliveryLease is how long a claim lasts unless Config.DeliveryLease says otherwise (see
	// timings).
	DefaultDeliveryLease = 30 * time.Second
	// Retries wait 1 s, 2 s, 4 s … after a passing failure, at most maxBackoff, or what the platform asked.
	maxBackoff = 5 * time.Minute
	// minDeliveryTime is how long a message is tried at least, even when its day ends sooner.
	minDeliveryTime = time.Hour
	// defaultSenders is how many messages are in flight at once, each to its own channel.
	defaultSenders = 64
)

// timings are how long a claim lasts and what an attempt under it may take. They are derived from the
// lease in one place, so that a live process never loses a claim it is still using, and a dead one's claim
// lapses within the lease, when another process (or this one restarted) sends the message again with the
// same key. Both are counted from just before the claim: the platform has until attempt to send the
// message, the store until attempt+finish to record the outcome, and the rest of the lease (a third of it)
// is a margin for what the timeouts do not bound: a claim's answer that was slow to come back, a pause of
// the process, clocks that tick at slightly different rates. With the default lease: 15 s, 5 s, 10 s.
type timings struct {
	lease   time.Duration // how long a claim lasts
	attempt time.Duration // how long the platform is given to send the message
	finish  time.Duration // how much longer the store is given to record the outcome
}

func leaseTimings(lease time.Duration) timings {
	return timings{lease: lease, attempt: lease / 2, finish: lease / 6}
}

// sendError classifies a failed attempt for the outbox.
type sendError struct {
	err     error
	notSent bool
	after   time.Duration
}

func (e *sendError) Error() string { return e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// NotSent marks a failed post that the platform certainly did not create (it answered with an error, or a
// rate limit): trying again cannot double it. Adapters mark what they know; anything unmarked may have been
// created, except a connection that could not be made at all.
func NotSent(err error) error { return &sendError{err: err, notSent: true} }

// RetryAfter marks a post the platform refused for now and asked to retry after d (a rate limit); it was
// not created.
func RetryAfter(err error, d time.Duration) error {
	return &sendError{err: err, notSent: true, after: d}
}

// sendInfo reads what a failed attempt tells about trying again. Besides what adapters marked, a connection
// that could not be made (a dial error) sent nothing.
func sendInfo(err error) (notSent bool, after time.Duration) {
	var se *sendError
	if errors.As(err, &se) {
		return se.notSent, se.after
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial", 0
}

// backoff is the wait before attempt n+1 after a passing failure: 1 s, 2 s, 4 s … at most maxBackoff.
func backoff(attempts int) time.Duration {
	return min(time.Second<<min(attempts, 10), maxBackoff)
}

// Kick wakes the outbox runner: there may be something to deliver now.
func (b *Bot) Kick() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// RunOutbox delivers the outbox until ctx ends: up to Config.Senders messages at once, each channel's in
// order, retrying passing failures with backoff. It then stops taking work, lets what is in flight finish
// for up to grace, and hands back the rest (due again at once, marked maybe-sent) so that the next process
// delivers it. The database must stay open until it returns.
func (b *Bot) RunOutbox(ctx context.Context, grace time.Duration) {
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	sem := make(chan struct{}, b.senders)
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		if free := cap(sem) - len(sem); free > 0 {
			claimed := time.Now()
			ds, err := b.outbox.ClaimDeliveries(ctx, b.owner, b.clock.Now(), b.times.lease, free, nil)
			if err != nil && ctx.Err() == nil {
				b.log.ErrorContext(ctx, "outbox: claim deliveries", "err", err)
			}
			for _, d := range ds {
				sem <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					b.deliver(work, d, claimed)
					<-sem
					b.Kick()
				}()
			}
			if len(ds) == free {
				continue // there may be more due now
			}
		}
		wait := time.Second // other processes queue messages too: look at least this often
		if next, err := b.outbox.NextDeliveryAt(ctx); err == nil && !next.IsZero() {
			wait = min(max(next.Sub(b.clock.Now()), 10*time.Millisecond), wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-b.kick:
		case <-t.C:
		}
		t.Stop()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-finished:
	case <-t.C:
		cancelWork() // in-flight attempts end and hand their messages back
		<-finished
	}
}

// Flush delivers everything due now, channels at once and each in order, and returns when nothing more is
// due now: a message that failed for a passing reason waits for its retry time. The console and tests call
// it after Tick instead of running RunOutbox.
func (b *Bot) Flush(ctx context.Context) error {
	for {
		claimed := time.Now()
		ds, err := b.outbox.ClaimDeliveries(ctx, b.owner, b.clock.Now(), b.times.lease, b.senders, nil)
		if err != nil || len(ds) == 0 {
			return err
		}
		var wg sync.WaitGroup
		for _, d := range ds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.deliver(ctx, d, claimed)
			}()
		}
		wg.Wait()
	}
}

// deliverChannel delivers what is due in one channel now, in order, and stops at the first message that
// is not delivered. /study post uses it to answer with the outcome.
func (b *Bot) deliverChannel(ctx context.Context, ch ChannelRef) error {
	for {
		claimed := time.Now()
		ds, err := b.outbox.ClaimDeliveries(ctx, b.owner, b.clock.Now(), b.times.lease, 1, &ch)
		if err != nil || len(ds) == 0 {
			return err
		}
		if r := b.deliver(ctx, ds[0], claimed); !r.Delivered {
			return nil
		}
	}
}

// deliver makes one attempt at a delivery claimed at claimed (the wall time just before the claim was
// asked for) and records its outcome, both within the claim's lease (see timings).
func (b *Bot) deliver(ctx context.Context, d Delivery, claimed time.Time) DeliveryResult {
	res := DeliveryResult{ID: d.ID, Owner: b.owner}
	actx, cancel := context.WithDeadline(ctx, claimed.Add(b.times.attempt))
	id, err := b.attempt(actx, d)
	var then *FollowUp
	if err == nil {
		then, err = b.threadFollowUp(actx, d, id)
	}
	cancel()
	now := b.clock.Now()
	res.At = now
	ch := d.Channel
	log := b.log.With("platform", ch.Platform, "group", ch.GroupID, "channel", ch.ChannelID, "post", d.PostID, "kind", d.Kind)
	switch {
	case errors.Is(err, errSuperseded), errors.Is(err, errNothingToRecap):
		res.Delivered, res.Error = true, err.Error()
		log.InfoContext(ctx, "delivery skipped", "reason", err)
	case err == nil:
		res.Delivered, res.MessageID, res.Then = true, id, then
		if d.Kind == DeliverCard {
			b.obs.QuestionPosted(ch.Platform)
		}
	case permanent(err):
		res.Error = err.Error()
		if why, ok := channelProblem(err); ok {
			res.Notice = why
			if d.Kind == DeliverThread {
				res.Notice = threadNotice(why)
			}
		}
		b.obs.ChatFailed(ch.Platform, d.Kind)
		log.ErrorContext(ctx, "delivery failed for good", "attempts", d.Attempts+1, "err", err)
	default:
		notSent, after := sendInfo(err)
		res.MaybeSent = !notSent
		res.Error = err.Error()
		res.RetryAt = now.Add(max(backoff(d.Attempts), after))
		if ctx.Err() != nil {
			res.RetryAt = now // shutting down: hand it back, due at once for the next process
		}
		b.obs.ChatFailed(ch.Platform, d.Kind)
		if !res.RetryAt.Before(d.ExpiresAt) {
			res.RetryAt = time.Time{}
			res.Error += " (no time left today to try again)"
			log.ErrorContext(ctx, "delivery failed; the channel's day is over", "attempts", d.Attempts+1, "err", err)
		} else {
			log.WarnContext(ctx, "delivery failed; will retry", "attempts", d.Attempts+1, "retry_at", res.RetryAt, "maybe_sent", res.MaybeSent, "err", err)
		}
	}
	// The outcome is recorded even when ctx ended (a shutdown), so nothing is left claimed.
	rctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), claimed.Add(b.times.attempt+b.times.finish))
	defer cancel()
	if err := b.outbox.FinishDelivery(rctx, res); err != nil {
		log.ErrorContext(rctx, "record delivery outcome", "err", err)
	}
	return res
}

// attempt sends a delivery's message once, by ctx's deadline.
func (b *Bot) attempt(ctx context.Context, d Delivery) (string, error) {
	chat, ok := b.chat(d.Channel.Platform)
	if !ok {
		return "", NotSent(fmt.Errorf("no %s connection in this process", d.Channel.Platform))
	}
	send := Send{Key: "sb" + d.Key, MaybeSent: d.MaybeSent, Since: d.CreatedAt, Age: b.clock.Now().Sub(d.CreatedAt)}
	if d.Kind == DeliverRecap {
		// Built when it is sent, from the answers as they stand.
		r, err := b.recapReply(ctx, d.Channel, d.Payload)
		switch {
		case errors.Is(err, errNothingToRecap), permanent(err):
			return "", err
		case err != nil:
			return "", NotSent(fmt.Errorf("build recap: %w", err)) // nothing reached the platform
		}
		return chat.Post(ctx, d.Channel, r, send)
	}
	p, err := b.posts.Post(ctx, d.PostID)
	if err != nil {
		return "", fmt.Errorf("load post %d: %w", d.PostID, err)
	}
	switch d.Kind {
	case DeliverCard:
		if !p.ClosedAt.IsZero() {
			return "", errSuperseded
		}
		card, err := b.cardReply(ctx, p, false)
		if err != nil {
			return "", err
		}
		return chat.Post(ctx, d.Channel, card, send)
	case DeliverReveal:
		if p.MessageID == "" {
			return "", errSuperseded
		}
		rv, err := b.RevealOf(ctx, p)
		if err != nil {
			return "", Errorf(EINVALID, "build reveal: %v", err)
		}
		return chat.Post(ctx, d.Channel, Reply{Text: rv.PlainText(), Reveal: &rv}, send)
	case DeliverClose:
		if p.MessageID == "" {
			return "", nil // the card never reached the channel: nothing to close
		}
		card, err := b.cardReply(ctx, p, true)
		if err != nil {
			return "", err
		}
		return p.MessageID, chat.Edit(ctx, d.Channel, p.MessageID, card)
	case DeliverThread:
		return b.attemptThread(ctx, chat, d, p, send)
	}
	return "", Errorf(EINVALID, "unknown delivery kind %q", d.Kind)
}

// errSuperseded skips a message that no longer makes sense: the card of a question that closed before the
// card could be posted, and the reveal of a question whose card never appeared.
var errSuperseded = errors.New("not sent: its question closed before its card could be posted")

// permanent reports whether trying again cannot help: the platform refused the channel, or the message
// itself is wrong.
func permanent(err error) bool {
	switch ErrorCode(err) {
	case EFORBIDDEN, ENOTFOUND, EINVALID:
		return true
	}
	return false
}

// deliverBy is when a channel's messages posted at now are given up: the end of the channel's local day
// (loc is its zone, see channelZone), but not sooner than minDeliveryTime from now.
func deliverBy(loc *time.Location, now time.Time) time.Time {
	y, m, d := now.In(loc).Date()
	end := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	return maxTime(end, now.Add(minDeliveryTime))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
