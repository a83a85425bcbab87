package bot

import (
	"context"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Clock tells the time. The scheduler and every timestamp go through it so tests can move time.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to a Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// Chat is what the core needs from a chat platform to post on its own: the scheduled question, the reveal,
// and the edit that closes the original card. Each adapter implements it.
type Chat interface {
	// Post sends a public message to a channel and returns the platform's id for it. When the platform
	// refuses the channel itself (the bot is not in it or may not post there, or it is gone), the error
	// wraps an *Error with code EFORBIDDEN or ENOTFOUND whose message tells a moderator how to fix it.
	Post(ctx context.Context, ch ChannelRef, msg Reply) (messageID string, err error)
	// Edit replaces the content of a message posted earlier.
	Edit(ctx context.Context, ch ChannelRef, messageID string, msg Reply) error
}

// Store keeps groups, channels, posts, answers and settings. data/sqlite implements it.
type Store interface {
	// TouchMember records a member's display name in a group, creating the group if needed.
	TouchMember(ctx context.Context, g GroupRef, userID, name string) error
	// MemberName returns the recorded display name, or "" if the member is unknown.
	MemberName(ctx context.Context, g GroupRef, userID string) (string, error)
	// GroupZone returns the time zone of the group's schedule, "UTC" if it has none.
	GroupZone(ctx context.Context, g GroupRef) (string, error)

	// Channel returns a channel's settings; a channel never seen has the zero Channel with its Ref set.
	Channel(ctx context.Context, ch ChannelRef) (Channel, error)
	// SetSchedule sets or (with nil) clears a channel's schedule.
	SetSchedule(ctx context.Context, ch ChannelRef, s *Schedule) error
	// SetDomains limits the domains a channel draws from; an empty list means all.
	SetDomains(ctx context.Context, ch ChannelRef, domains []string) error
	// ScheduledChannels lists every channel with a schedule.
	ScheduledChannels(ctx context.Context) ([]Channel, error)

	// History returns what a channel has been posted, for choosing the next question, and its current cycle.
	History(ctx context.Context, ch ChannelRef) (quiz.History, int, error)
	// CreatePost closes the channel's open post, if any, and inserts the new one, in one transaction. A
	// slot the channel already has is an ECONFLICT error and changes nothing.
	CreatePost(ctx context.Context, p Post) (created Post, closed *Post, err error)
	// Post returns one post by id (ENOTFOUND if there is none).
	Post(ctx context.Context, id int64) (Post, error)
	// OpenPost returns the channel's open post (ENOTFOUND if there is none).
	OpenPost(ctx context.Context, ch ChannelRef) (Post, error)
	// ExpiredPosts lists open posts whose window ended at or before now.
	ExpiredPosts(ctx context.Context, now time.Time) ([]Post, error)
	// ClosePost closes a post and reports whether this call closed it (false if it was already closed).
	ClosePost(ctx context.Context, id int64, at time.Time) (bool, error)
	// SetPostMessage records the platform message id of a post's card, or the error that kept it from
	// being posted.
	SetPostMessage(ctx context.Context, id int64, messageID, deliveryError string) error

	// RecordAnswer stores a member's answer and returns it with Streak set: the consecutive scheduled posts
	// of the channel, up to this one, that the member answered (a /study post question carries the streak
	// unchanged). A second answer to the same post is an ECONFLICT error and the first answer is returned
	// with it.
	RecordAnswer(ctx context.Context, a Answer) (Answer, error)
	// AnswerCounts returns how many members picked each choice of a post.
	AnswerCounts(ctx context.Context, postID int64, choices int) ([]int, error)
	// Streak counts the consecutive scheduled posts of the channel, newest first, that the member
	// answered; an unanswered open post does not break it, and /study post questions do not count.
	Streak(ctx context.Context, ch ChannelRef, userID string) (int, error)

	// Leaderboard ranks a group's members by points.
	Leaderboard(ctx context.Context, q LeaderboardQuery) (Leaderboard, error)
	// MemberStats returns a member's answers, daily and practice, overall and per domain.
	MemberStats(ctx context.Context, g GroupRef, userID string) (Stats, error)
	// ResetScores sets the points of the group's answers since the given time to zero.
	ResetScores(ctx context.Context, g GroupRef, since time.Time) (int64, error)

	// CreatePractice records a practice question shown to a member and returns its id.
	CreatePractice(ctx context.Context, p Practice) (int64, error)
	// Practice returns a practice question by id.
	Practice(ctx context.Context, id int64) (Practice, error)
	// AnswerPractice records the answer to a practice question; a second answer is an ECONFLICT error.
	AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error
	// Attempts returns, per question id, the member's latest attempt (daily or practice).
	Attempts(ctx context.Context, g GroupRef, userID string) (map[string]Attempt, error)

	// AddMod adds a moderator (a user or a role); RemoveMod removes one and reports whether it was there.
	AddMod(ctx context.Context, g GroupRef, m Mod) error
	RemoveMod(ctx context.Context, g GroupRef, m Mod) (bool, error)
	// Mods lists the group's added moderators.
	Mods(ctx context.Context, g GroupRef) ([]Mod, error)

	// CreateConfirmation stores a pending confirmation; TakeConfirmation removes and returns it (ENOTFOUND
	// if it is missing or has expired).
	CreateConfirmation(ctx context.Context, c Confirmation) error
	TakeConfirmation(ctx context.Context, id string, now time.Time) (Confirmation, error)
}
