package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// manualSlots is a LIKE pattern for the slots of /study post questions, which streaks do not count.
const manualSlots = bot.ManualSlotPrefix + "%"

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
const recordAnswers = `WITH i AS (
	SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::bool[], $6::int[], $7::text[], $8::text[],
		$9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[])
		WITH ORDINALITY AS i(post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, name, tz, n)
), a AS (
	INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, streak)
	SELECT i.post_id, i.group_id, i.user_id, i.choice, i.correct, i.points, i.domain, i.question_id, i.answered_at, i.week, i.month,
		(CASE WHEN p.slot LIKE $14 THEN 0 ELSE 1 END) + coalesce((SELECT prev.streak FROM answers prev
			WHERE prev.user_id = i.user_id AND prev.post_id = (SELECT q.id FROM posts q
				WHERE q.channel_id = p.channel_id AND q.id < p.id AND q.slot NOT LIKE $14 ORDER BY q.id DESC LIMIT 1)), 0)
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
	FROM a CROSS JOIN LATERAL (VALUES ('all', a.domain), ('all', '*'), (a.week, a.domain), (a.week, '*'),
		(a.month, a.domain), (a.month, '*')) AS b(period, domain)
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
	} else if first, err = db.firstAnswer(ctx, a); err != nil {
		return bot.Answer{}, fmt.Errorf("load first answer: %w", err)
	}
	if streak == nil {
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return first, nil
}

// firstAnswerSQL reads the answer stored for a post ($1) and member ($2).
const firstAnswerSQL = `SELECT choice, correct, points, answered_at, streak FROM answers WHERE post_id = $1 AND user_id = $2`

// firstAnswer loads the answer already stored for a's post and member.
func (db *DB) firstAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	first := a
	var at int64
	var streak int
	err := db.pool.QueryRow(ctx, firstAnswerSQL, a.PostID, a.UserID).Scan(&first.Choice, &first.Correct, &first.Points, &at, &streak)
	if errors.Is(err, pgx.ErrNoRows) {
		return first, fmt.Errorf("post %d has no answer from %s and took none (does the post exist?)", a.PostID, a.UserID)
	}
	first.AnsweredAt, first.Streak = encode.Time(at), streak
	return first, err
}

// AnswerCounts implements bot.Answers.
func (db *DB) AnswerCounts(ctx context.Context, postID int64, choices int) ([]int, error) {
	counts := make([]int, choices)
	rows, err := db.pool.Query(ctx, `SELECT choice, count(*) FROM answers WHERE post_id = $1 GROUP BY choice`, postID)
	if err != nil {
		return nil, fmt.Errorf("answer counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c int
		var n int64
		if err := rows.Scan(&c, &n); err != nil {
			return nil, fmt.Errorf("answer counts: %w", err)
		}
		if c >= 0 && c < choices {
			counts[c] = int(n)
		}
	}
	return counts, rows.Err()
}

// Streak implements bot.Answers from the streaks stored with the answers.
func (db *DB) Streak(ctx context.Context, ref bot.ChannelRef, userID string) (int, error) {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return 0, err
	}
	rows, err := db.pool.Query(ctx, `SELECT p.closed_at IS NULL, a.streak FROM posts p
		LEFT JOIN answers a ON a.post_id = p.id AND a.user_id = $1
		WHERE p.channel_id = $2 AND p.slot NOT LIKE $3 ORDER BY p.id DESC LIMIT 2`, userID, cid, manualSlots)
	if err != nil {
		return 0, fmt.Errorf("streak: %w", err)
	}
	defer rows.Close()
	for first := true; rows.Next(); first = false {
		var open bool
		var streak *int32
		if err := rows.Scan(&open, &streak); err != nil {
			return 0, fmt.Errorf("streak: %w", err)
		}
		if streak != nil {
			return int(*streak), nil
		}
		if !first || !open {
			break // today's open question can still be answered; any other gap ends the streak
		}
	}
	return 0, rows.Err()
}
