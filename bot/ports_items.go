package bot

import (
	"context"
	"time"
)

// Items keeps what the group decides about its questions and how they fare: each question's state
// (suspended, kept, retired) and the statistics snapshot. Flags (Flagging) and the notices to moderators
// (Notices) are ports of their own.
type Items interface {
	// ItemStates returns the questions of the group that have a state, by id.
	ItemStates(ctx context.Context, g GroupRef) (map[string]ItemState, error)
	// SetItemState records a moderator's decision (kept or retired).
	SetItemState(ctx context.Context, g GroupRef, s ItemState) error
	// Suspend suspends a question that is in rotation or kept, and queues notice for the group's
	// moderators in the same transaction. It reports false, and does nothing, when the question is already
	// suspended or retired.
	Suspend(ctx context.Context, g GroupRef, s ItemState, notice string) (bool, error)
	// ItemSnapshot returns the group's stored statistics (a zero ComputedAt when there are none).
	ItemSnapshot(ctx context.Context, g GroupRef) (ItemSnapshot, error)
	// SaveItemSnapshot replaces the group's stored statistics.
	SaveItemSnapshot(ctx context.Context, g GroupRef, s ItemSnapshot) error
	// ItemResponses reads every graded answer of the group but those of mock exams still in progress at
	// asOf (not finished, and their time not up): an exam's answers count once it is over, as in stats.
	ItemResponses(ctx context.Context, g GroupRef, asOf time.Time) (ItemResponses, error)
	// StaleItemGroups lists the groups whose snapshot was computed before the given time (or never) and
	// has something new to count: answers newer than it, or a mock exam that ended after it and by then.
	StaleItemGroups(ctx context.Context, before time.Time) ([]GroupRef, error)
}
