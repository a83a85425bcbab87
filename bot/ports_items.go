package bot

import (
	"context"
	"time"
)

// Items keeps what the group says about its questions: flags, states and the statistics snapshot, and the
// notices that tell moderators about suspensions.
type Items interface {
	// AddFlag stores a member's flag on a question; a second flag by the same member on the same question
	// only replaces the reason, when it gives one. It reports whether the flag is new.
	AddFlag(ctx context.Context, g GroupRef, f Flag) (bool, error)
	// Flags returns the group's flags, oldest first.
	Flags(ctx context.Context, g GroupRef) ([]Flag, error)
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
	// PendingNotices reports whether the group has notices its moderators were not told yet.
	PendingNotices(ctx context.Context, g GroupRef) (bool, error)
	// TakeNotices returns the group's pending notices, oldest first, and marks them told.
	TakeNotices(ctx context.Context, g GroupRef, at time.Time) ([]string, error)
}
