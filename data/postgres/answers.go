package postgres

import (
	"context"
	"fmt"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// recordAnswers is one statement for a batch of answers (see batch.go), each a row of the parallel arrays
// $1…$13: the answers, the members' names and their six score buckets each, so the buckets can never
// disagree with the answers. An answer is inserted only if its post is still open and its group's zone is
// still the one its buckets were computed in; the statement returns, for each row in order, the streak of
// the answer it inserted (null if it inserted none), the zone it saw and whether the post is open, so
// that a replica whose memory of the zone is stale learns the new one and tries again, and one that read
// the post from its cache (see Post) just before another replica closed it learns that. The UNIQUE
// (post_id, user_id) key decides between two clicks of one member, on any replica; the loser inserts
// nothing and bumps no bucket. A batch holds each member of a group once (batch.go), and rows are written
// in key order in each table, so two batches take the rows they share in the same order.
var recordAnswers = `WITH i AS (
	SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::bool[], $6::int[], $7::text[], $8::text[],
		$9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[])
		WITH ORDINALITY AS i(post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, name, tz, n)
), a AS (
	INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, streak)
	SELECT i.post_id, i.group_id, i.user_id, i.choice, i.correct, i.points, i.domain, i.question_id, i.answered_at, i.week, i.month,
		(CASE WHEN p.slot LIKE $14 THEN 0 ELSE 1 END) + coalesce(` + sqlq.PrevStreak("i.user_id", "p.channel_id", "p.id") + `, 0)
	FROM i JOIN posts p ON p.id = i.post_id AND p.closed_at IS NULL JOIN groups g ON g.id = i.group_id AND g.tz = i.tz
	ORDER BY i.post_id, i.user_id
	ON CONFLICT (post_id, user_id) DO NOTHING
	RETURNING post_id, group_id, user_id, points, correct, domain, week, month, streak
), m AS (
	INSERT INTO members (group_id, user_id, name)
	SELECT a.group_id, a.user_id, i.name FROM a JOIN i ON i.post_id = a.post_id AND i.user_id = a.user_id
	WHERE i.name <> '' ORDER BY a.group_id, a.user_id
	ON CONFLICT (group_id, user_id) DO UPDATE SET name = excluded.name WHERE members.name <> excluded.name
), s AS (
	INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
	SELECT a.group_id, b.period, b.domain, a.user_id, a.points, 1, CASE WHEN a.correct THEN 1 ELSE 0 END
	FROM a JOIN posts p ON p.id = a.post_id CROSS JOIN LATERAL (VALUES ('all', a.domain), ('all', '*'), (a.week, a.domain),
		(a.week, '*'), (a.month, a.domain), (a.month, '*'), ('all', '` + bot.PackBoardPrefix + `' || p.pack),
		(a.week, '` + bot.PackBoardPrefix + `' || p.pack), (a.month, '` + bot.PackBoardPrefix + `' || p.pack)) AS b(period, domain)
	ORDER BY a.group_id, b.period, b.domain, a.user_id
	ON CONFLICT (group_id, period, domain, user_id) DO UPDATE SET
		points = scores.points + excluded.points, answered = scores.answered + 1, correct = scores.correct + excluded.correct
)
SELECT a.streak, g.tz, p.closed_at IS NULL FROM i
	LEFT JOIN a ON a.post_id = i.post_id AND a.user_id = i.user_id
	LEFT JOIN groups g ON g.id = i.group_id
	LEFT JOIN posts p ON p.id = i.post_id
	ORDER BY i.n`

// RecordAnswer implements bot.Answers.
func (db *DB) RecordAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	gid, err := db.groupID(ctx, db.pool, a.Group)
	if err != nil {
		return bot.Answer{}, err
	}
	tz, err := db.zoneHint(ctx, gid)
	if err != nil {
		return bot.Answer{}, err
	}
	var streak *int32
	var open *bool
	for attempt := 0; ; attempt++ {
		loc := bot.ZoneOrUTC(tz)
		week, month := bot.PeriodKey(bot.PeriodWeek, a.AnsweredAt, loc), bot.PeriodKey(bot.PeriodMonth, a.AnsweredAt, loc)
		res := db.writeAnswer(ctx, &answerReq{a: a, gid: gid, week: week, month: month, tz: tz})
		streak, open, err = res.streak, res.open, res.err
		seenTZ := res.tz
		if retryable(err) && attempt < 3 {
			continue // a deadlock with a score reset of the group; the reset has gone through now
		}
		if err != nil {
			return bot.Answer{}, fmt.Errorf("record answer: %w", err)
		}
		if streak != nil || seenTZ == nil || *seenTZ == tz || attempt == 3 {
			break
		}
		// The group's zone changed under us: compute the buckets again in the new one.
		tz = *seenTZ
		db.setZoneHint(gid, tz)
	}
	if streak == nil && open != nil && !*open {
		// Closed by another replica after this one read the post: what the core says of a closed question.
		return bot.Answer{}, bot.Errorf(bot.EINVALID, "This question is closed. The next one is on its way.")
	}
	first := a
	if streak != nil {
		first.Streak = int(*streak)
	} else if first, err = sqlq.LoadFirstAnswer(ctx, db.conn(), a); err != nil {
		return bot.Answer{}, err
	}
	if streak == nil {
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return first, nil
}
