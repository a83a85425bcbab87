package postgres

import "github.com/studybot/studybot/bot"

// DB implements every store port of the core, one file per entity, as data/sqlite does: groups and
// members (groups.go), channels and schedules (channels.go), posts (posts.go), answers and streaks
// (answers.go), leaderboards and stats (boards.go), practice (practice.go), moderators and confirmations
// (mods.go), the outbox (outbox.go), reviews (reviews.go), mock exams (exams.go), item quality
// (items.go), and the recap's totals, its queueing and the web page's tokens (show.go). The reads both
// stores make alike come from the embedded sqlq.Reads (data/internal/sqlq). A new port is its shared
// statements in data/internal/sqlq, a new file with what PostgreSQL does its own way, a line below, and
// its tables in a migration (and in app/dbcopy's list).
var (
	_ bot.Store         = (*DB)(nil)
	_ bot.Members       = (*DB)(nil)
	_ bot.Channels      = (*DB)(nil)
	_ bot.Posts         = (*DB)(nil)
	_ bot.Answers       = (*DB)(nil)
	_ bot.Boards        = (*DB)(nil)
	_ bot.Practices     = (*DB)(nil)
	_ bot.Moderators    = (*DB)(nil)
	_ bot.Confirmations = (*DB)(nil)
	_ bot.Outbox        = (*DB)(nil)
	_ bot.Reviews       = (*DB)(nil)
	_ bot.Exams         = (*DB)(nil)
	_ bot.Items         = (*DB)(nil)
	_ bot.Flagging      = (*DB)(nil)
	_ bot.Notices       = (*DB)(nil)
	_ bot.Summaries     = (*DB)(nil)
	_ bot.Recaps        = (*DB)(nil)
	_ bot.WebTokens     = (*DB)(nil)
	_ bot.Goals         = (*DB)(nil)
)
