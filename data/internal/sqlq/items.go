package sqlq

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

// Statements of bot.Items that a store runs itself, around what differs (how it writes many rows).
var (
	// DeleteItemStats clears a group's item statistics before a snapshot writes them again.
	DeleteItemStats = New(`DELETE FROM item_stats WHERE group_id = ?`)
	// SaveItemSnapshot writes a snapshot's totals; its item_stats rows are written by the store.
	SaveItemSnapshot = New(`INSERT INTO item_snapshots (group_id, computed_at, answers, last_answer_id, last_practice_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (group_id) DO UPDATE SET computed_at = excluded.computed_at, answers = excluded.answers,
			last_answer_id = excluded.last_answer_id, last_practice_id = excluded.last_practice_id`)
	lastResponseIDs = New(`SELECT coalesce((SELECT max(id) FROM answers), 0), coalesce((SELECT max(id) FROM practice), 0)`)
	// itemResponses leaves out the answers of the group's mock exams in progress at ?4 (not finished, time not
	// up): a handful of rows, read once through exams_open.
	itemResponses = New(`SELECT question_id, user_id, choice, correct FROM answers WHERE group_id = ?1 AND id <= ?2
		UNION ALL SELECT question_id, user_id, choice, correct FROM practice WHERE group_id = ?1 AND id <= ?3 AND answered_at IS NOT NULL
			AND (exam_id IS NULL OR exam_id NOT IN (SELECT id FROM exams WHERE group_id = ?1 AND finished_at IS NULL AND ends_at > ?4))`)
)

var (
	flags = New(`SELECT question_id, user_id, reason, created_at FROM flags WHERE group_id = ?
		ORDER BY created_at, question_id, user_id`)
	itemStates   = New(`SELECT question_id, state, reason, since, by_user FROM item_states WHERE group_id = ?`)
	setItemState = New(`INSERT INTO item_states (group_id, question_id, state, reason, since, by_user) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (group_id, question_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since,
			by_user = excluded.by_user`)
	itemSnapshot   = New(`SELECT computed_at, answers, last_answer_id, last_practice_id FROM item_snapshots WHERE group_id = ?`)
	itemStats      = New(`SELECT question_id, answers, p_value, discrimination, shares FROM item_stats WHERE group_id = ?`)
	pendingNotices = New(`SELECT EXISTS (SELECT 1 FROM group_notices WHERE group_id = ? AND told_at IS NULL)`)
	takeNotices    = New(`UPDATE group_notices SET told_at = ? WHERE group_id = ? AND told_at IS NULL RETURNING id, text`)
)

// Flags implements bot.Items.Flags for the group of row id gid.
func Flags(ctx context.Context, q Querier, gid int64) ([]bot.Flag, error) {
	rows, err := q.Query(ctx, flags, gid)
	out, err := collect(rows, err, func(r Rows) (bot.Flag, error) {
		var f bot.Flag
		var at int64
		err := r.Scan(&f.QuestionID, &f.UserID, &f.Reason, &at)
		f.At = encode.Time(at)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	return out, nil
}

// ItemStates implements bot.Items.ItemStates for the group of row id gid.
func ItemStates(ctx context.Context, q Querier, gid int64) (map[string]bot.ItemState, error) {
	rows, err := q.Query(ctx, itemStates, gid)
	states, err := collect(rows, err, func(r Rows) (bot.ItemState, error) {
		var s bot.ItemState
		var since int64
		err := r.Scan(&s.QuestionID, &s.State, &s.Reason, &since, &s.By)
		s.Since = encode.Time(since)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("item states: %w", err)
	}
	out := make(map[string]bot.ItemState, len(states))
	for _, s := range states {
		out[s.QuestionID] = s
	}
	return out, nil
}

// SetItemState implements bot.Items.SetItemState for the group of row id gid.
func SetItemState(ctx context.Context, q Querier, gid int64, s bot.ItemState) error {
	if _, err := q.Exec(ctx, setItemState, gid, s.QuestionID, s.State, s.Reason, encode.MS(s.Since), s.By); err != nil {
		return fmt.Errorf("set item state: %w", err)
	}
	return nil
}

// ItemSnapshot implements bot.Items.ItemSnapshot for the group of row id gid.
func ItemSnapshot(ctx context.Context, q Querier, gid int64) (bot.ItemSnapshot, error) {
	snap := bot.ItemSnapshot{Stats: map[string]quiz.ItemStats{}}
	var computed int64
	err := q.QueryRow(ctx, itemSnapshot, gid).Scan(&computed, &snap.Answers, &snap.LastAnswerID, &snap.LastPracticeID)
	if errors.Is(err, ErrNoRows) {
		return snap, nil
	}
	if err != nil {
		return snap, fmt.Errorf("item snapshot: %w", err)
	}
	snap.ComputedAt = encode.Time(computed)
	rows, err := q.Query(ctx, itemStats, gid)
	if err != nil {
		return snap, fmt.Errorf("item stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, shares string
		var st quiz.ItemStats
		var disc *float64
		if err := rows.Scan(&id, &st.Answers, &st.PValue, &disc, &shares); err != nil {
			return snap, fmt.Errorf("item stats: %w", err)
		}
		if disc != nil {
			st.Discrimination, st.HasDiscrimination = *disc, true
		}
		st.OptionShares = encode.ParseShares(shares)
		snap.Stats[id] = st
	}
	return snap, rows.Err()
}

// Discrimination is an item's discrimination as its nullable column holds it.
func Discrimination(st quiz.ItemStats) *float64 {
	if !st.HasDiscrimination {
		return nil
	}
	d := st.Discrimination
	return &d
}

// PendingNotices implements bot.Items.PendingNotices for the group of row id gid.
func PendingNotices(ctx context.Context, q Querier, gid int64) (bool, error) {
	var pending bool
	if err := q.QueryRow(ctx, pendingNotices, gid).Scan(&pending); err != nil {
		return false, fmt.Errorf("pending notices: %w", err)
	}
	return pending, nil
}

// TakeNotices implements bot.Items.TakeNotices for the group of row id gid: one UPDATE … RETURNING
// marks and returns them, so two moderators at once are not both told.
func TakeNotices(ctx context.Context, q Querier, gid int64, at time.Time) ([]string, error) {
	type notice struct {
		id   int64
		text string
	}
	rows, err := q.Query(ctx, takeNotices, encode.MS(at), gid)
	got, err := collect(rows, err, func(r Rows) (notice, error) {
		var n notice
		err := r.Scan(&n.id, &n.text)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("take notices: %w", err)
	}
	// RETURNING gives no order; tell them in the order they were made.
	slices.SortFunc(got, func(a, b notice) int { return cmp.Compare(a.id, b.id) })
	out := make([]string, len(got))
	for i, n := range got {
		out[i] = n.text
	}
	return out, nil
}

// Responses gathers the rows of ItemResponses into bot.ItemResponses' columns, interning question and
// member ids, so that a million answers cost a few MB of columns, not a million strings. Each store scans
// the rows its own fastest way and hands them to AddResponse.
type Responses struct {
	Out       bot.ItemResponses
	questions map[string]int32
	members   map[string]int32
}

// AddResponse adds one row: a choice outside -1..127 (or NULL, given as -1) is read as no choice.
func AddResponse[S string | []byte](r *Responses, question, member S, choice int64, correct bool) {
	if r.questions == nil {
		r.questions, r.members = map[string]int32{}, map[string]int32{}
	}
	qi, ok := r.questions[string(question)]
	if !ok {
		qi = int32(len(r.Out.QuestionIDs))
		id := string(question)
		r.questions[id] = qi
		r.Out.QuestionIDs = append(r.Out.QuestionIDs, id)
	}
	ui, ok := r.members[string(member)]
	if !ok {
		ui = int32(len(r.members))
		r.members[string(member)] = ui
	}
	if choice < -1 || choice > 127 {
		choice = -1
	}
	c := &r.Out.Responses
	c.Question = append(c.Question, qi)
	c.Member = append(c.Member, ui)
	c.Choice = append(c.Choice, int8(choice))
	c.Correct = append(c.Correct, correct)
	r.Out.Members = len(r.members)
}

// ItemResponses implements bot.Items.ItemResponses for the group of row id gid. It reads the group's
// answers (question, member, choice, correct) up to the newest row ids it found first, but those of mock
// exams in progress at asOf; add scans each row, the store's fastest way, and hands it to AddResponse.
func ItemResponses(ctx context.Context, q Querier, gid int64, asOf time.Time, add func(Rows, *Responses) error) (bot.ItemResponses, error) {
	var out Responses
	if err := q.QueryRow(ctx, lastResponseIDs).Scan(&out.Out.LastAnswerID, &out.Out.LastPracticeID); err != nil {
		return out.Out, fmt.Errorf("item responses: %w", err)
	}
	rows, err := q.Query(ctx, itemResponses, gid, out.Out.LastAnswerID, out.Out.LastPracticeID, encode.MS(asOf))
	if err != nil {
		return out.Out, fmt.Errorf("item responses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := add(rows, &out); err != nil {
			return out.Out, fmt.Errorf("item responses: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return out.Out, fmt.Errorf("item responses: %w", err)
	}
	return out.Out, nil
}
