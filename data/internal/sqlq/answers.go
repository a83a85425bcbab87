package sqlq

import (
	"context"
	"errors"
	"fmt"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// ManualSlots is a LIKE pattern for the slots of /study post questions, which streaks do not count
// (migrations spell the same prefix, as migrations must not change).
const ManualSlots = bot.ManualSlotPrefix + "%"

// CutShort is the SQL condition that the scheduled post aliased q was cut short: a /study post in its
// channel closed it before its time (a new post closes the open one at the new one's posted_at). Such a
// question neither extends nor breaks the streak of a member who did not answer it (bot.Answer.Streak);
// one that ran its course unanswered ends it, even when a /study post closed it late.
func CutShort(q string) string {
	return `(` + q + `.closed_at IS NOT NULL AND ` + q + `.closed_at < ` + q + `.closes_at AND EXISTS (SELECT 1 FROM posts cut
		WHERE cut.channel_id = ` + q + `.channel_id AND cut.id > ` + q + `.id AND cut.slot LIKE '` + ManualSlots + `'
		AND cut.posted_at = ` + q + `.closed_at))`
}

// PrevStreak is the SQL expression for the streak an answer to a post takes on (the rule is
// bot.Answer.Streak's): the streak of the member's answer to the last scheduled post of the channel before
// the post, passing over those a /study post cut short that the member did not answer; NULL when they did
// not answer that one, or there is none. user, channel and post are SQL expressions for the member's id,
// the channel's row id and the post's id.
func PrevStreak(user, channel, post string) string {
	return `(SELECT prev.streak FROM posts q LEFT JOIN answers prev ON prev.post_id = q.id AND prev.user_id = ` + user + `
		WHERE q.channel_id = ` + channel + ` AND q.id < ` + post + ` AND q.slot NOT LIKE '` + ManualSlots + `'
		AND (prev.post_id IS NOT NULL OR NOT ` + CutShort("q") + `) ORDER BY q.id DESC LIMIT 1)`
}

var (
	// FirstAnswer reads the answer stored for a post and member (PostgreSQL warms it on each connection).
	FirstAnswer  = New(`SELECT choice, correct, points, answered_at, streak FROM answers WHERE post_id = ? AND user_id = ?`)
	answerCounts = New(`SELECT choice, count(*) FROM answers WHERE post_id = ? GROUP BY choice`)
	lastStreaks  = New(`SELECT p.closed_at IS NULL, a.streak FROM posts p
		LEFT JOIN answers a ON a.post_id = p.id AND a.user_id = ?
		WHERE p.channel_id = ? AND p.slot NOT LIKE ? AND (a.post_id IS NOT NULL OR NOT ` + CutShort("p") + `)
		ORDER BY p.id DESC LIMIT 2`)
)

// LoadFirstAnswer loads the answer already stored for a's post and member, the one that counted when a
// did not: its choice, correctness, points, time and streak.
func LoadFirstAnswer(ctx context.Context, q Querier, a bot.Answer) (bot.Answer, error) {
	first := a
	var at int64
	err := q.QueryRow(ctx, FirstAnswer, a.PostID, a.UserID).Scan(&first.Choice, &first.Correct, &first.Points, &at, &first.Streak)
	if errors.Is(err, ErrNoRows) {
		return first, fmt.Errorf("post %d has no answer from %s and took none (does the post exist?)", a.PostID, a.UserID)
	}
	if err != nil {
		return first, fmt.Errorf("load first answer: %w", err)
	}
	first.AnsweredAt = encode.Time(at)
	return first, nil
}

// AnswerCounts implements bot.Answers.AnswerCounts: how many members chose each of a post's choices.
func AnswerCounts(ctx context.Context, q Querier, postID int64, choices int) ([]int, error) {
	counts := make([]int, choices)
	rows, err := q.Query(ctx, answerCounts, postID)
	if err != nil {
		return nil, fmt.Errorf("answer counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, n int64
		if err := rows.Scan(&c, &n); err != nil {
			return nil, fmt.Errorf("answer counts: %w", err)
		}
		if c >= 0 && c < int64(choices) {
			counts[c] = int(n)
		}
	}
	return counts, rows.Err()
}

// Streak implements bot.Answers.Streak in the channel of row id cid, from the streaks stored with the
// answers (the rule is bot.Answer.Streak's): the member's streak is the one their answer to the channel's
// latest scheduled post carries, or, while that post is still open and unanswered, the one their answer
// to the post before it carries; any other gap ends it. Scheduled posts a /study post cut short
// (CutShort) that the member did not answer are passed over.
func Streak(ctx context.Context, q Querier, cid int64, userID string) (int, error) {
	rows, err := q.Query(ctx, lastStreaks, userID, cid, ManualSlots)
	if err != nil {
		return 0, fmt.Errorf("streak: %w", err)
	}
	defer rows.Close()
	for first := true; rows.Next(); first = false {
		var open bool
		var streak *int64
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
