package bot

import (
	"context"
	"log/slog"
	"time"
)

// Deadline is how a chat adapter meets its platform's deadline for answering an interaction (3 seconds on
// Discord and Slack): the core's answer goes back at once when it comes within After, else the platform is
// told the answer will follow, and it follows when the core is done. Every adapter answers through it, so
// the rule is written once.
type Deadline struct {
	// Handle runs a command through the core (Bot.HandleErr).
	Handle func(ctx context.Context, cmd Command) (Reply, error)
	// Go runs fn tracked by the adapter's shutdown and reports whether it could (false once shutting
	// down). Work it runs may outlive the request: a follow-up is sent after the answer was due.
	Go func(ctx context.Context, fn func()) bool
	// After is how long the core may take before the platform is told the answer will follow.
	After time.Duration
	// Log gets one line per interaction, with its outcome.
	Log *slog.Logger
	// Observe, when set, is told each interaction's kind, outcome and duration.
	Observe func(kind, outcome string, d time.Duration)
}

// Exchange is one interaction's ways back to the member. The core's reply goes through InTime when it comes
// within the deadline, or through Defer then Later when it does not; Async replies go through Later always.
type Exchange struct {
	// Kind names the interaction for logs and metrics: "command" or "button".
	Kind string
	// InTime answers within the deadline, on the caller's goroutine (the platform's response to the
	// request): the core's reply, or a refusal while shutting down. May be nil.
	InTime func(r Reply)
	// Defer tells the platform, on the caller's goroutine, that the answer will follow. May be nil.
	Defer func()
	// Later sends the reply from the core's goroutine: after Defer, or always when Async is set. May be nil.
	Later func(ctx context.Context, r Reply)
	// Async sends every reply through Later, in time or not (Slack's response_url for a click): InTime only
	// carries the refusal while shutting down.
	Async bool
}

// restarting is the answer to an interaction that comes while the adapter shuts down.
var restarting = Reply{Private: true, Text: "studybot is restarting. Please try again in a moment."}

// Answer runs cmd through the core and answers it by x within the deadline. It returns when the reply has gone back
// in time or the platform has been told it will follow. A replayed request (EREPLAYED) is answered only in
// time, never by Later: its follow-up would go through the original request's token, to the member who
// made the original.
func (d Deadline) Answer(ctx context.Context, cmd Command, x Exchange) {
	start := time.Now()
	type result struct {
		reply Reply
		err   error
	}
	done := make(chan result)
	late := make(chan struct{})
	work := context.WithoutCancel(ctx)
	started := d.Go(work, func() {
		r, err := d.Handle(work, cmd)
		d.log(work, cmd, x.Kind, err, start)
		later := func() {
			if x.Later != nil && ErrorCode(err) != EREPLAYED {
				x.Later(work, r)
			}
		}
		select {
		case done <- result{r, err}:
			if x.Async {
				later() // after the caller has its result, so the platform's acknowledgement does not wait
			}
		case <-late:
			later()
		}
	})
	if !started {
		d.observe(x.Kind, "unavailable", start)
		if x.InTime != nil {
			x.InTime(restarting)
		}
		return
	}
	timer := time.NewTimer(d.After)
	defer timer.Stop()
	select {
	case res := <-done:
		if !x.Async && x.InTime != nil {
			x.InTime(res.reply)
		}
	case <-timer.C:
		// The platform hears that the answer will follow before the core's goroutine may send it.
		if x.Defer != nil {
			x.Defer()
		}
		close(late)
	}
}

func (d Deadline) log(ctx context.Context, cmd Command, kind string, err error, start time.Time) {
	outcome := "ok"
	if err != nil {
		outcome = ErrorCode(err)
	}
	d.observe(kind, outcome, start)
	if d.Log != nil {
		d.Log.InfoContext(ctx, "interaction", "group", cmd.Channel.GroupID, "command", cmd.Name,
			"kind", kind, "outcome", outcome, "duration", time.Since(start))
	}
}

func (d Deadline) observe(kind, outcome string, start time.Time) {
	if d.Observe != nil {
		d.Observe(kind, outcome, time.Since(start))
	}
}
