package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// goalDate is how an exam date is stored: the calendar day as text, the same on both stores and readable
// in either's shell.
const goalDate = "2006-01-02"

var (
	setGoal = New(`INSERT INTO goals (group_id, user_id, exam_date, set_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (group_id, user_id) DO UPDATE SET exam_date = excluded.exam_date, set_at = excluded.set_at`)
	memberGoal = New(`SELECT exam_date FROM goals WHERE group_id = ? AND user_id = ?`)
	clearGoal  = New(`DELETE FROM goals WHERE group_id = ? AND user_id = ?`)
)

// SetGoal implements bot.Goals.SetGoal in the group of row id gid.
func SetGoal(ctx context.Context, q Querier, gid int64, userID string, date, at time.Time) error {
	if _, err := q.Exec(ctx, setGoal, gid, userID, date.Format(goalDate), encode.MS(at)); err != nil {
		return fmt.Errorf("set goal: %w", err)
	}
	return nil
}

// MemberGoal implements bot.Goals.MemberGoal in the group of row id gid.
func MemberGoal(ctx context.Context, q Querier, gid int64, userID string) (time.Time, bool, error) {
	var s string
	err := q.QueryRow(ctx, memberGoal, gid, userID).Scan(&s)
	if errors.Is(err, ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("member goal: %w", err)
	}
	d, err := time.Parse(goalDate, s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("member goal %q: %w", s, err)
	}
	return d, true, nil
}

// ClearGoal implements bot.Goals.ClearGoal in the group of row id gid.
func ClearGoal(ctx context.Context, q Querier, gid int64, userID string) (bool, error) {
	n, err := q.Exec(ctx, clearGoal, gid, userID)
	if err != nil {
		return false, fmt.Errorf("clear goal: %w", err)
	}
	return n > 0, nil
}

// MemberGoal implements bot.Goals: a group the store has no row for has no goals.
func (r Reads) MemberGoal(ctx context.Context, g bot.GroupRef, userID string) (time.Time, bool, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return time.Time{}, false, err
	}
	return MemberGoal(ctx, r.q, gid, userID)
}
