package postgres

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDueChannelsReadOnlyTheIndex: with 5,000 scheduled channels none of which is due, PostgreSQL plans
// the claim of the channels due through the channels_due index instead of scanning every channel.
func TestDueChannelsReadOnlyTheIndex(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, err := db.pool.Exec(ctx, `INSERT INTO groups (platform, ext_id) VALUES ('discord', 'g')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO channels (group_id, ext_id, sched_hour, sched_minute, sched_tz, sched_days, sched_since, next_due)
		SELECT (SELECT id FROM groups), 'c' || i, 9, 0, 'UTC', 127, 1, $1::bigint + i * 1000 FROM generate_series(1, 5000) i`, now.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `ANALYZE channels`); err != nil {
		t.Fatal(err)
	}
	rows, err := db.pool.Query(ctx, `EXPLAIN `+claimDueSQL, now.UnixMilli(), now.Add(time.Minute).UnixMilli(), 100)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, strings.TrimSpace(line))
	}
	if got := strings.Join(plan, "; "); !strings.Contains(got, "Index Scan using channels_due on channels") {
		t.Fatalf("plan of the due read: %s", got)
	}
}
