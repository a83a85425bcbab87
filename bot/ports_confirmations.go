package bot

import (
	"context"
	"time"
)

// Confirmations keeps destructive actions waiting for their confirm button.
type Confirmations interface {
	// CreateConfirmation stores a pending confirmation.
	CreateConfirmation(ctx context.Context, c Confirmation) error
	// TakeConfirmation removes and returns a confirmation that the member userID of group g asked for
	// (ENOTFOUND if it is missing or has expired). One that someone else asked for is left as it is, and
	// is an EFORBIDDEN error: a stranger's click must not use up the owner's button.
	TakeConfirmation(ctx context.Context, id string, g GroupRef, userID string, now time.Time) (Confirmation, error)
}
