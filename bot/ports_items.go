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
	// ItemResponses reads every graded answer of the group.
	ItemResponses(ctx context.Context, g GroupRef) (ItemResponses, error)
	// StaleItemGroups lists the groups with answers newer than their snapshot whose snapshot was computed
	// before the given time (or never).
	StaleItemGroups(ctx context.Context, before time.Time) ([]GroupRef, error)
}
