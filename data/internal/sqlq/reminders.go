package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

const reminderCols = `r.enabled, r.hour, r.minute, r.next_due, r.blocked_at`

var (
	memberZone = New(`SELECT m.tz FROM members m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND m.user_id = ?`)
	setMemberZone = New(`INSERT INTO members (group_id, user_id, name, tz) VALUES (?, ?, '', ?)
		ON CONFLICT (group_id, user_id) DO UPDATE SET tz = excluded.tz`)
	reminderOf = New(`SELECT ` + reminderCols + ` FROM reminders r JOIN groups g ON g.id = r.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND r.user_id = ?`)
	setReminder = New(`INSERT INTO reminders (group_id, user_id, enabled, hour, minute, next_due, blocked_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, user_id) DO UPDATE SET enabled = excluded.enabled,
		hour = excluded.hour, minute = excluded.minute, next_due = excluded.next_due, blocked_at = excluded.blocked_at`)
	// dueReminders reads the reminders due, in the claim's transaction; PostgreSQL's replicas skip the rows
	// another is claiming at the same moment (SQLite's one writer makes them take turns).
	dueReminders = Differs(
		`SELECT r.group_id, g.platform, g.ext_id, r.user_id, `+reminderCols+` FROM reminders r JOIN groups g ON g.id = r.group_id
		WHERE r.enabled AND r.blocked_at IS NULL AND r.next_due <= ? ORDER BY r.next_due LIMIT ?`,
		`SELECT r.group_id, g.platform, g.ext_id, r.user_id, `+reminderCols+` FROM reminders r JOIN groups g ON g.id = r.group_id
		WHERE r.enabled AND r.blocked_at IS NULL AND r.next_due <= $1 ORDER BY r.next_due LIMIT $2 FOR UPDATE OF r SKIP LOCKED`)
	moveReminder    = New(`UPDATE reminders SET next_due = ? WHERE group_id = ? AND user_id = ?`)
	advanceReminder = New(`UPDATE reminders SET next_due = ? WHERE group_id = ? AND user_id = ? AND next_due = ?`)
	nextReminderAt  = New(`SELECT min(next_due) FROM reminders WHERE enabled AND blocked_at IS NULL`)
	queueReminder   = New(`INSERT INTO outbox (channel_id, kind, payload, not_before, expires_at, created_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?4) ON CONFLICT (channel_id, payload) WHERE kind = 'remind' DO NOTHING`)
	blockReminders = New(`UPDATE reminders SET blocked_at = ? WHERE group_id = ? AND user_id = ? AND blocked_at IS NULL`)
	// openUnanswered: the open posts of the group's channels where the member has a daily answer, without
	// theirs.
	openUnanswered = New(`SELECT ` + PostCols + postFrom + ` WHERE c.group_id = ?1 AND p.closed_at IS NULL AND p.closes_at > ?3
		AND EXISTS (SELECT 1 FROM answers a JOIN posts q ON q.id = a.post_id WHERE a.group_id = ?1 AND a.user_id = ?2 AND q.channel_id = p.channel_id)
		AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.post_id = p.id AND a.user_id = ?2)
		ORDER BY p.closes_at, p.id`)
)

// MemberZone implements bot.Reminders.MemberZone: "" for a member never seen.
func (r Reads) MemberZone(ctx context.Context, g bot.GroupRef, userID string) (string, error) {
	var tz string
	err := r.q.QueryRow(ctx, memberZone, g.Platform, g.GroupID, userID).Scan(&tz)
	if errors.Is(err, ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("member zone: %w", err)
	}
	return tz, nil
}

// SetMemberZone implements bot.Reminders.SetMemberZone in the group of row id gid.
func SetMemberZone(ctx context.Context, q Querier, gid int64, userID, zone string) error {
	if _, err := q.Exec(ctx, setMemberZone, gid, userID, zone); err != nil {
		return fmt.Errorf("set member zone: %w", err)
	}
	return nil
}

// scanReminder reads reminderCols into r.
func scanReminder(row Row, r *bot.Reminder, lead ...any) error {
	var hour, minute, next int64
	var blocked *int64
	if err := row.Scan(append(lead, &r.On, &hour, &minute, &next, &blocked)...); err != nil {
		return err
	}
	r.Hour, r.Minute, r.NextDue, r.Blocked = int(hour), int(minute), encode.Time(next), encode.NullTime(blocked)
	return nil
}

// Reminder implements bot.Reminders.Reminder.
func (r Reads) Reminder(ctx context.Context, g bot.GroupRef, userID string) (bot.Reminder, bool, error) {
	rem := bot.Reminder{Group: g, UserID: userID}
	err := scanReminder(r.q.QueryRow(ctx, reminderOf, g.Platform, g.GroupID, userID), &rem)
	if errors.Is(err, ErrNoRows) {
		return bot.Reminder{}, false, nil
	}
	if err != nil {
		return bot.Reminder{}, false, fmt.Errorf("reminder: %w", err)
	}
	return rem, true, nil
}

// SetReminder implements bot.Reminders.SetReminder in the group of row id gid.
func SetReminder(ctx context.Context, q Querier, gid int64, r bot.Reminder) error {
	if _, err := q.Exec(ctx, setReminder, gid, r.UserID, r.On, r.Hour, r.Minute, encode.MS(r.NextDue), encode.NullMS(r.Blocked)); err != nil {
		return fmt.Errorf("set reminder: %w", err)
	}
	return nil
}

// ClaimDueReminders implements bot.Reminders.ClaimDueReminders in the store's transaction.
func ClaimDueReminders(ctx context.Context, q Querier, now, until time.Time, max int) ([]bot.Reminder, error) {
	type claimed struct {
		gid int64
		r   bot.Reminder
	}
	rows, err := q.Query(ctx, dueReminders, encode.MS(now), max)
	got, err := collect(rows, err, func(row Rows) (claimed, error) {
		var c claimed
		err := scanReminder(row, &c.r, &c.gid, &c.r.Group.Platform, &c.r.Group.GroupID, &c.r.UserID)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	out := make([]bot.Reminder, len(got))
	for i, c := range got {
		if _, err := q.Exec(ctx, moveReminder, encode.MS(until), c.gid, c.r.UserID); err != nil {
			return nil, fmt.Errorf("claim reminder: %w", err)
		}
		out[i] = c.r
	}
	return out, nil
}

// AdvanceReminder implements bot.Reminders.AdvanceReminder in the group of row id gid.
func AdvanceReminder(ctx context.Context, q Querier, gid int64, userID string, from, next time.Time) error {
	if _, err := q.Exec(ctx, advanceReminder, encode.MS(next), gid, userID, encode.MS(from)); err != nil {
		return fmt.Errorf("advance reminder: %w", err)
	}
	return nil
}

// NextReminderAt implements bot.Reminders.NextReminderAt.
func (r Reads) NextReminderAt(ctx context.Context) (time.Time, error) {
	var at *int64
	if err := r.q.QueryRow(ctx, nextReminderAt).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("next reminder: %w", err)
	}
	return encode.NullTime(at), nil
}

// QueueReminder implements bot.Reminders.QueueReminder in the direct-message queue of row id cid. The
// unique index outbox_remind decides whether the day's reminder is new.
func QueueReminder(ctx context.Context, q Querier, cid int64, day string, now, deliverBy time.Time) (bool, error) {
	n, err := q.Exec(ctx, queueReminder, cid, bot.DeliverRemind, day, encode.MS(now), encode.MS(deliverBy))
	if err != nil {
		return false, fmt.Errorf("queue reminder %s: %w", day, err)
	}
	return n == 1, nil
}

// BlockReminders implements bot.Reminders.BlockReminders in the group of row id gid.
func BlockReminders(ctx context.Context, q Querier, gid int64, userID string, at time.Time) (bool, error) {
	n, err := q.Exec(ctx, blockReminders, encode.MS(at), gid, userID)
	if err != nil {
		return false, fmt.Errorf("block reminders: %w", err)
	}
	return n == 1, nil
}

// OpenUnanswered implements bot.Reminders.OpenUnanswered.
func (r Reads) OpenUnanswered(ctx context.Context, g bot.GroupRef, userID string, now time.Time) ([]bot.Post, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := r.q.Query(ctx, openUnanswered, gid, userID, encode.MS(now))
	out, err := collect(rows, err, func(row Rows) (bot.Post, error) { return ScanPost(row) })
	if err != nil {
		return nil, fmt.Errorf("open unanswered: %w", err)
	}
	return out, nil
}
