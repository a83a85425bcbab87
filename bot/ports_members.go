package bot

import "context"

// Members keeps who is in a group under what name.
type Members interface {
	// TouchMember records a member's display name in a group, creating the group if needed.
	TouchMember(ctx context.Context, g GroupRef, userID, name string) error
	// MemberName returns the recorded display name, or "" if the member is unknown.
	MemberName(ctx context.Context, g GroupRef, userID string) (string, error)
}
