package sqlite

import "github.com/studybot/studybot/bot"

// DB implements every store port of the core, one file per entity: groups and members (groups.go),
// channels and schedules (channels.go), posts (posts.go), answers and streaks (answers.go), leaderboards and
// stats (boards.go), practice (practice.go), moderators and confirmations (mods.go). The reads both stores
// make alike come from the embedded sqlq.Reads; the files hold the writes and the reads SQLite makes its
// own way.
var _ bot.Store = (*DB)(nil)
