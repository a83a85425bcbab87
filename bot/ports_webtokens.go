package bot

import "context"

// WebTokens keeps each group's web page link, as the SHA-256 of its token only: a copy of the database
// (a backup, a leak) opens no group's page, and a token is found by its hash.
type WebTokens interface {
	// CreateWebToken stores hash as the group's token unless the group has one already; created reports
	// whether it did (of two moderators asking at once, one creates the link).
	CreateWebToken(ctx context.Context, g GroupRef, hash WebTokenHash) (created bool, err error)
	// ResetWebToken replaces the group's token, so the old link stops working.
	ResetWebToken(ctx context.Context, g GroupRef, hash WebTokenHash) error
	// WebGroup returns the group whose token has this hash; ok is false when no group's has.
	WebGroup(ctx context.Context, hash WebTokenHash) (g GroupRef, ok bool, err error)
}
