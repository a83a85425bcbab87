package bot

import "context"

// Flagging keeps members' flags on questions ("this question is wrong").
type Flagging interface {
	// AddFlag stores a member's flag on a question; a second flag by the same member on the same question
	// only replaces the reason, when it gives one. It reports whether the flag is new.
	AddFlag(ctx context.Context, g GroupRef, f Flag) (bool, error)
	// Flags returns the group's flags, oldest first.
	Flags(ctx context.Context, g GroupRef) ([]Flag, error)
}
