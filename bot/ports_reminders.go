package bot

import (
	"context"
	"time"
)

// Reminders keeps what a member sets for themself (their own time zone, their daily reminder) and what
// the reminders read and queue.
type Reminders interface {
	// MemberZone returns the zone the member set with /study me zone, "" when they set none.
	MemberZone(ctx context.Context, g GroupRef, userID string) (string, error)
	// SetMemberZone keeps the member's zone ("" clears it), recording the member if they are new.
	SetMemberZone(ctx context.Context, g GroupRef, userID, zone string) error

	// Reminder returns the member's reminder; ok is false when they never set one.
	Reminder(ctx context.Context, g GroupRef, userID string) (r Reminder, ok bool, err error)
	// SetReminder keeps the member's reminder as given, Blocked included (zero: the platform's refusal
	// is forgotten, as when the member turns reminders on again).
	SetReminder(ctx context.Context, r Reminder) error
	// ClaimDueReminders returns up to max reminders that are on, not blocked and due at now (NextDue at
	// or before it), each as it was before the claim, and moves their NextDue to until, so that replicas
	// ticking at once share them instead of each handling all of them.
	ClaimDueReminders(ctx context.Context, now, until time.Time, max int) ([]Reminder, error)
	// AdvanceReminder moves the member's NextDue from from (the claim's until) to next; a reminder the
	// member changed meanwhile (its NextDue is no longer from) is left as they set it.
	AdvanceReminder(ctx context.Context, g GroupRef, userID string, from, next time.Time) error
	// NextReminderAt returns the earliest NextDue of the reminders that are on and not blocked (zero:
	// none).
	NextReminderAt(ctx context.Context) (time.Time, error)
	// QueueReminder queues the member's nudge for their local day (YYYY-MM-DD) in the outbox, in the
	// member's direct-message queue (DMChannel), to be delivered by deliverBy. It reports false, and
	// changes nothing, when one was queued for that member and day already: the store's unique key makes
	// it once, whichever process or tick queues it first.
	QueueReminder(ctx context.Context, g GroupRef, userID, day string, now, deliverBy time.Time) (bool, error)
	// BlockReminders records that the platform refused the member a direct message at at; it reports
	// false when a refusal was recorded already.
	BlockReminders(ctx context.Context, g GroupRef, userID string, at time.Time) (bool, error)
	// OpenUnanswered returns the posts open at now (not closed, closing after now) in the group's
	// channels where the member has answered a daily question before, that the member has not answered,
	// soonest closing first.
	OpenUnanswered(ctx context.Context, g GroupRef, userID string, now time.Time) ([]Post, error)
}

// Reminder is a member's daily reminder: on or off, at a local time of day in the member's zone (their
// own, else the group's), when the scheduler next looks at it, and when the platform refused the member a
// direct message (zero: never, or not since they turned reminders on again).
type Reminder struct {
	Group        GroupRef
	UserID       string
	On           bool
	Hour, Minute int
	NextDue      time.Time
	Blocked      time.Time
}
