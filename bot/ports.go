package bot

import (
	"context"
	"time"
)

// Clock tells the time. The scheduler and every timestamp go through it so tests can move time.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to a Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// Chat is what the core needs from a chat platform beyond answering a member: posting on its own (the
// scheduled question, the reveal, the edit that closes the original card) and platform facts only the
// platform knows. Each adapter implements it.
type Chat interface {
	// Post sends a public message to a channel and returns the platform's id for it. Every attempt at one
	// message carries the same send.Key, and the platform must not show the message twice however often it
	// is tried (Discord's nonce; on Slack, looking for it first when send.MaybeSent). When the platform
	// refuses the channel itself (the bot is not in it or may not post there, or it is gone), the error
	// wraps an *Error with code EFORBIDDEN or ENOTFOUND whose message tells a moderator how to fix it; a
	// failure that surely created nothing is marked with NotSent or RetryAfter.
	Post(ctx context.Context, ch ChannelRef, msg Reply, send Send) (messageID string, err error)
	// Edit replaces the content of a message posted earlier.
	Edit(ctx context.Context, ch ChannelRef, messageID string, msg Reply) error
	// PlatformAdmin reports whether the platform itself makes a member a moderator of the group: a
	// Slack workspace admin or owner. A platform that says so with every request (Discord, through
	// User.Admin) answers false.
	PlatformAdmin(ctx context.Context, g GroupRef, userID string) (bool, error)
	// Describe names the platform and its own moderators, for the core's messages.
	Describe() PlatformInfo
}

// PlatformInfo is how the core's messages name a platform.
type PlatformInfo struct {
	Name   string // "Slack"
	Admins string // who moderates there without being added: "workspace admins and owners"
}

// Store is every port of the core, for wiring one backend that implements them all (data/sqlite). The
// core itself depends on the small ports, each in its own file, ports_NAME.go (Boards, still in board.go,
// aside).
type Store interface {
	Members
	Channels
	Posts
	Answers
	Boards
	Practices
	Moderators
	Confirmations
	Outbox
	Onces
	Reviews
	Exams
	Items
	Flagging
	Notices
	Summaries
	Recaps
	WebTokens
	Drafts
	OwnPacks
	Goals
	Reminders
}
