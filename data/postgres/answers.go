package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
)

// answerKey names one member's answer to one post; maxAnswered bounds the memory of recorded answers.
type answerKey struct {
	post int64
	user string
}

const maxAnswered = 200_000

// manualSlots is a LIKE pattern for the slots of /study post questions, which streaks do not count.
const manualSlots = bot.ManualSlotPrefix + "%"

// allDomains is the domain of the score rows that total every domain.
const allDomains = "*"

// recordAnswer is one statement: the answer, the member's name and the six score buckets, so a click
// costs one round trip and one commit, and the buckets can never disagree with the answers. The answer is
// inserted only if the post is still open and the group's zone is still the one its buckets were computed
// in ($15); the statement returns the zone it saw, so that a replica whose memory of the zone is stale
// learns the new one and tries again, and whether the post is open (a replica may have read it from its
// cache of posts, see Post, just before another closed it). The UNIQUE (post_id, user_id) key decides between two clicks of one member, on any
// replica; the loser inserts nothing and bumps no bucket. Score rows are upserted in sorted order, so two
// answers of one member (to different posts) lock them in the same order.
const recordAnswer = `WITH a AS (
	INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, streak)
	SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
		(CASE WHEN p.slot LIKE $12 THEN 0 ELSE 1 END) + coalesce((SELECT prev.streak FROM answers prev
			WHERE prev.user_id = $3 AND prev.post_id = (SELECT q.id FROM posts q
				WHERE q.channel_id = p.channel_id AND q.id < p.id AND q.slot NOT LIKE $12 ORDER BY q.id DESC LIMIT 1)), 0)
	FROM posts p WHERE p.id = $1 AND p.closed_at IS NULL AND (SELECT tz FROM groups WHERE id = $2) = $15
	ON CONFLICT (post_id, user_id) DO NOTHING
	RETURNING streak
), m AS (
	INSERT INTO members (group_id, user_id, name) SELECT $2, $3, $13 FROM a WHERE $13 <> ''
	ON CONFLICT (group_id, user_id) DO UPDATE SET name = excluded.name WHERE members.name <> excluded.name
), s AS (
	INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
	SELECT $2, b.period, b.domain, $3, $6, 1, $14 FROM a, unnest($16::text[], $17::text[]) WITH ORDINALITY AS b(period, domain, n)
	ORDER BY b.n
	ON CONFLICT (group_id, period, domain, user_id) DO UPDATE SET
		points = scores.points + excluded.points, answered = scores.answered + 1, correct = scores.correct + excluded.correct
)
SELECT (SELECT streak FROM a), (SELECT tz FROM groups WHERE id = $2), (SELECT closed_at IS NULL FROM posts WHERE id = $1)`

// RecordAnswer implements bot.Answers.
func (db *DB) RecordAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	gid, err := db.groupID(ctx, db.pool, a.Group)
	if err != nil {
		return bot.Answer{}, err
	}
	// A repeat click this process has seen is answered from memory. Answers are never changed or removed,
	// so what is remembered stays true whichever replica took the first click; a click first seen here is
	// decided by the UNIQUE key in the database.
	key := answerKey{a.PostID, a.UserID}
	db.mu.RLock()
	choice, seen := db.answered[key]
	db.mu.RUnlock()
	if seen {
		first := a
		first.Choice = choice
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	tz, err := db.zoneHint(ctx, gid)
	if err != nil {
		return bot.Answer{}, err
	}
	var streak *int32
	var open *bool
	for attempt := 0; ; attempt++ {
		loc := db.location(tz)
		week, month := bot.PeriodKey(bot.PeriodWeek, a.AnsweredAt, loc), bot.PeriodKey(bot.PeriodMonth, a.AnsweredAt, loc)
		periods, domains := buckets(week, month, a.Domain)
		correct := 0
		if a.Correct {
			correct = 1
		}
		res := db.writeAnswer(ctx, &answerReq{post: a.PostID, user: a.UserID, args: []any{a.PostID, gid, a.UserID, a.Choice, a.Correct,
			a.Points, a.Domain, a.QuestionID, ms(a.AnsweredAt), week, month, manualSlots, a.UserName, correct, tz, periods, domains}})
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
	db.mu.Lock()
	if len(db.answered) >= maxAnswered {
		clear(db.answered)
	}
	db.answered[key] = first.Choice
	db.mu.Unlock()
	if streak == nil {
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return first, nil
}

// buckets lists the six score rows an answer adds to (all time, its week and its month, each for its
// domain and for all domains) in sorted order, as two parallel arrays.
func buckets(week, month, domain string) (periods, domains []string) {
	type bucket struct{ period, domain string }
	var bs []bucket
	for _, p := range []string{"all", week, month} {
		for _, d := range []string{domain, allDomains} {
			bs = append(bs, bucket{p, d})
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].period != bs[j].period {
			return bs[i].period < bs[j].period
		}
		return bs[i].domain < bs[j].domain
	})
	for _, b := range bs {
		periods = append(periods, b.period)
		domains = append(domains, b.domain)
	}
	return periods, domains
}

// firstAnswer loads the answer already stored for a's post and member.
func (db *DB) firstAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	first := a
	var at int64
	var streak int
	err := db.pool.QueryRow(ctx, `SELECT choice, correct, points, answered_at, streak FROM answers WHERE post_id = $1 AND user_id = $2`,
		a.PostID, a.UserID).Scan(&first.Choice, &first.Correct, &first.Points, &at, &streak)
	if errors.Is(err, pgx.ErrNoRows) {
		return first, fmt.Errorf("post %d has no answer from %s and took none (does the post exist?)", a.PostID, a.UserID)
	}
	first.AnsweredAt, first.Streak = fromMS(at), streak
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
