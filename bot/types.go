package bot

import (
	"slices"
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
	Pack     string    // the pack's name; empty: the default pack
	// ThreadsOff means the channel's reveals open no discussion thread (/study schedule ... threads off);
	// they do by default.
	ThreadsOff bool
}

// DefaultWindow is how long a daily question stays open when the next one does not close it first.
const DefaultWindow = 24 * time.Hour

// OpenFor is how long each question posted on this schedule stays open when the next one does not close
// it first: the schedule's Window, or DefaultWindow when it sets none, or when there is no schedule (a
// moderator's post in a channel without one). Whatever applies the default asks it here.
func (s *Schedule) OpenFor() time.Duration {
	if s == nil || s.Window <= 0 {
		return DefaultWindow
	}
	return s.Window
}

// User is the member who sent a command, as the adapter knows them.
type User struct {
	ID    string
	Name  string
	Roles []string // role ids (Discord); empty elsewhere
	// Admin is true when the verified request itself says that the platform makes the member a moderator
	// (Discord sends the member's permissions with every interaction). When it is false the core asks the
	// platform through Chat.PlatformAdmin, and only for commands that need a moderator.
	Admin bool
}

// Command is one request from a member, in platform-neutral words.
type Command struct {
	Channel ChannelRef
	User    User
	Name    string   // the subcommand ("leaderboard") or a button action ("answer")
	Args    []string // its arguments as typed words, or a button's values
	// Click marks a button's action (Action.Command sets it). Only a click reaches a hidden action
	// (Spec.Hidden): a typed "/study answer 5 C" is an unknown command.
	Click bool
	// Options are named arguments from a platform that types them (Discord's slash command options); when
	// set, Args is ignored.
	Options map[string]string
	// Fields are the values of a submitted form (Reply.Form) by field name; its action's arguments are in
	// Args, as a button's are.
	Fields map[string]string
	// PostProblem, when the platform tells with the request that studybot could not post in this channel
	// (Discord's app_permissions lack Send Messages), says what is missing and how to fix it. Commands
	// that set up posting here warn with it.
	PostProblem string
	// ThreadProblem, likewise, says what studybot lacks to open the reveals' discussion threads here
	// (Discord's Create Public Threads and Send Messages in Threads), and how to fix it.
	ThreadProblem string
	// Request is the platform's id of this one request (a Discord interaction id, a Slack trigger_id), so
	// that a repeat of it (a signed request replayed while its signature is fresh) runs once; empty where a
	// request cannot come twice (the console).
	Request string
	// File is a file the member gave with the command (a Discord attachment, a file shared in Slack, a
	// path in the console), fetched by the adapter: /study pack import reads it.
	File *File
}

// File is a file's name and bytes, as an adapter fetched them.
type File struct {
	Name string
	Data []byte
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
	// PackVersion is the version of Pack the question was drawn from; 0 on posts from before versions
	// were kept (the pack's newest then serves).
	PackVersion int
	PostedAt    time.Time
	ClosesAt    time.Time
	ClosedAt    time.Time // zero while open
	MessageID   string
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
	// Streak is the member's participation streak in the post's channel, up to and including this
	// answer: the number of the channel's consecutive scheduled questions they answered. A question a
	// moderator posted with /study post neither extends nor breaks it (an answer to one carries the streak
	// unchanged), and nor does a scheduled question it closed before its time that the member had not
	// answered (one that ran its course unanswered ends the streak). The store sets it, from the streak of
	// the member's answer to the channel's previous scheduled post.
	Streak int
}

// Practice is a private question shown to a member: a practice question or a review card (Kind).
type Practice struct {
	ID         int64
	Group      GroupRef
	UserID     string
	Kind       string // KindPractice (the default) or KindReview
	QuestionID string
	Domain     string
	CreatedAt  time.Time
	Answered   bool
	// Pack and PackVersion are where the question is from; empty and 0: the default pack's newest (rows from
	// before packs per channel).
	Pack        string
	PackVersion int
}

// Attempt kinds: where a graded answer was given.
const (
	KindDaily    = "daily"    // the channel's daily question
	KindPractice = "practice" // /study practice
	KindReview   = "review"   // /study review
	KindExam     = "exam"     // a mock exam
)

// GradedAttempt is one graded answer of a member, from any route. A member's review cards, readiness and
// last answered question are derived from these.
type GradedAttempt struct {
	Kind string
	// Ref is the post id of a daily answer, else the private attempt's id.
	Ref        int64
	QuestionID string
	Domain     string
	Choice     int
	Correct    bool
	Guessed    bool // a right answer the member marked "I guessed"
	At         time.Time
}

// Period is a leaderboard period.
type Period string

// Leaderboard periods.
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
	PeriodAll   Period = "all"
)

// boardTop is how many members a leaderboard lists besides the caller's own rank: /study leaderboard's
// board, which its help names, and the web page's boards (PageBoardSize).
const boardTop = 10

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

// Rank is one line of a leaderboard. Members are ordered by points, then by correct answers; members equal
// on both share a rank (1, 1, 3), and within a rank they are listed by user id so the order is stable.
type Rank struct {
	Rank     int
	UserID   string
	Name     string // the recorded name; "" when none is
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
	DailyDomains    []DomainStats // daily answers only: what other members may see
}

// Add counts a domain's daily answers (daily) or its practice, review and exam answers into the stats;
// domains keep the order they were first added in.
func (st *Stats) Add(domain string, daily bool, answered, correct, points int) {
	if daily {
		st.Answered += answered
		st.Correct += correct
		st.Points += points
	} else {
		st.Practiced += answered
		st.PracticeCorrect += correct
	}
	st.Domains = addDomain(st.Domains, domain, answered, correct)
	if daily {
		st.DailyDomains = addDomain(st.DailyDomains, domain, answered, correct)
	}
}

// addDomain adds answers to domain's row of ds, appending the row if it is new.
func addDomain(ds []DomainStats, domain string, answered, correct int) []DomainStats {
	i := slices.IndexFunc(ds, func(d DomainStats) bool { return d.Domain == domain })
	if i < 0 {
		i = len(ds)
		ds = append(ds, DomainStats{Domain: domain})
	}
	ds[i].Answered += answered
	ds[i].Correct += correct
	return ds
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
