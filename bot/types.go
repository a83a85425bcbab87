// Package bot is studybot's core: study groups, channels, posts, answers and scores, the command router
// that every chat adapter calls, and the scheduler that posts the daily question. It knows nothing of
// Discord, Slack or SQLite: adapters hand it a Command and render the Reply; the Store and Chat ports in
// ports.go are implemented outside.
package bot

import (
	"strings"
	"time"
)

// Platforms the core is told about. They only name where a group lives.
const (
	PlatformConsole = "console"
	PlatformDiscord = "discord"
	PlatformSlack   = "slack"
)

// GroupRef names a study group: a Discord server, a Slack workspace, or the console.
type GroupRef struct {
	Platform string
	GroupID  string
}

// ChannelRef names a channel within a group.
type ChannelRef struct {
	Platform  string
	GroupID   string
	ChannelID string
}

// Group returns the group the channel belongs to.
func (c ChannelRef) Group() GroupRef { return GroupRef{Platform: c.Platform, GroupID: c.GroupID} }

// Key is a stable text form of the channel, used to seed choices.
func (c ChannelRef) Key() string { return c.Platform + "/" + c.GroupID + "/" + c.ChannelID }

// Channel is a channel's settings.
type Channel struct {
	Ref      ChannelRef
	Schedule *Schedule // nil when the channel has no daily posts
	Domains  []string  // empty: every domain of the pack
	Window   time.Duration
}

// DefaultWindow is how long a daily question stays open when the next one does not close it first.
const DefaultWindow = 24 * time.Hour

// User is the member who sent a command, as the adapter knows them.
type User struct {
	ID    string
	Name  string
	Roles []string // role ids (Discord); empty elsewhere
	// Admin is true when the platform itself grants moderation: Discord's Administrator or Manage Server,
	// Slack's workspace admins and owners. The adapter decides it server-side from the request it verified.
	Admin bool
}

// Command is one request from a member, in platform-neutral words.
type Command struct {
	Channel ChannelRef
	User    User
	Name    string   // the subcommand ("leaderboard") or a button action ("answer")
	Args    []string // its arguments, as words
}

// ParseLine splits "/study leaderboard week" or "leaderboard week" into a Command's name and arguments.
// Quotes are not special: the FAQ question is the rest of the line.
func ParseLine(line string) (name string, args []string) {
	fields := strings.Fields(line)
	if len(fields) > 0 && strings.EqualFold(fields[0], "/study") {
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return "help", nil
	}
	return strings.ToLower(fields[0]), fields[1:]
}

// Post is one daily question posted to a channel.
type Post struct {
	ID         int64
	Channel    ChannelRef
	Slot       string // the local date of a scheduled post, or "manual-…" for /study post
	Pack       string
	QuestionID string
	Domain     string
	Cycle      int
	PostedAt   time.Time
	ClosesAt   time.Time
	ClosedAt   time.Time // zero while open
	MessageID  string
}

// ManualSlotPrefix starts the slot of a question a moderator posted with /study post. The store relies on
// it too: streaks count scheduled questions only.
const ManualSlotPrefix = "manual-"

// Scheduled reports whether the post was made by the channel's schedule rather than by /study post.
func (p Post) Scheduled() bool { return !strings.HasPrefix(p.Slot, ManualSlotPrefix) }

// Open reports whether the post still takes answers at the given time.
func (p Post) Open(now time.Time) bool { return p.ClosedAt.IsZero() && now.Before(p.ClosesAt) }

// Answer is a member's answer to a daily post.
type Answer struct {
	PostID     int64
	Group      GroupRef
	UserID     string
	UserName   string // recorded with the answer, so a click needs one write, not two
	Choice     int
	Correct    bool
	Points     int
	Domain     string
	QuestionID string
	AnsweredAt time.Time
	Streak     int // set by the store: consecutive scheduled posts of the channel answered, up to this one
}

// Practice is a private practice question shown to a member.
type Practice struct {
	ID         int64
	Group      GroupRef
	UserID     string
	QuestionID string
	Domain     string
	CreatedAt  time.Time
	Answered   bool
}

// Attempt is a member's latest try at a question.
type Attempt struct {
	Correct bool
	At      time.Time
}

// Period is a leaderboard period.
type Period string

// Leaderboard periods.
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
	PeriodAll   Period = "all"
)

// LeaderboardQuery asks for a group's ranking in the period containing At (in the group's zone), overall
// or for one domain.
type LeaderboardQuery struct {
	Group  GroupRef
	Period Period
	At     time.Time
	Domain string // empty: every domain
	Limit  int
	UserID string // whose own rank to report
}

// Rank is one line of a leaderboard.
type Rank struct {
	Rank     int
	UserID   string
	Name     string
	Points   int
	Answered int
	Correct  int
}

// Leaderboard is the top of a ranking plus the caller's own line.
type Leaderboard struct {
	Top []Rank
	Me  *Rank // nil when the caller has no answers in the period
}

// DomainStats counts answers in one domain.
type DomainStats struct {
	Domain   string
	Answered int
	Correct  int
}

// Stats is a member's record in a group.
type Stats struct {
	Answered        int // daily answers
	Correct         int
	Points          int
	Practiced       int // practice answers
	PracticeCorrect int
	Domains         []DomainStats // daily and practice together
}

// Mod is a moderator added with /study mods add: a user or a role.
type Mod struct {
	Kind string // "user" or "role"
	ID   string
}

// Confirmation is a pending destructive action waiting for its confirm button.
type Confirmation struct {
	ID        string
	Group     GroupRef
	UserID    string
	Action    string // "reset-week" or "reset-all"
	ExpiresAt time.Time
}
