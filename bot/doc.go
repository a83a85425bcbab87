// Package bot is studybot's core: study groups, channels, posts, answers and scores, the command router
// that every chat adapter calls, and the scheduler that posts the daily question. It knows nothing of
// Discord, Slack or SQLite: adapters hand it a Command and render the Reply; the store ports and the Chat
// port are implemented outside.
//
// Files are named for what people look for in them:
//
//   - types.go holds the core's types; table.go the command table, the only list of subcommands and
//     button actions; router.go HandleErr, which runs a command through the table.
//   - Each subcommand's handler is in the file named after the subcommand: post.go holds cmdPost,
//     schedule.go cmdSchedule, mods.go cmdMods. A button action is beside the subcommand it belongs to
//     (exam-answer and exam-page in exam.go, confirm and cancel in reset.go, report in flag.go); the daily
//     question's answer button is in answer.go.
//   - Each store port is in ports_NAME.go, NAME being the port's name in lower case: ports_members.go
//     holds Members, ports_posts.go Posts, ports_webtokens.go WebTokens. The prefix keeps a port apart
//     from the subcommand of the same name (the Items port, and /study items in items.go). ports.go holds
//     Store, which gathers every store port for a backend, and the Chat and Clock ports.
//   - scheduler.go is the scheduler; outbox.go the outbox through which every message is posted.
//   - format.go holds the formatting helpers: percentages, counts, times, truncation.
//   - board.go ranks a bucket's scores and keeps the leaderboards' snapshot cache; interaction.go holds
//     Deadline, the one path by which adapters answer an interaction in time or defer and follow up.
package bot
