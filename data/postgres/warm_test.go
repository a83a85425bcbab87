package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// warmed reports how many of conns have the click's statements prepared, as the server sees them.
func warmed(t *testing.T, conns []*pgxpool.Conn) int {
	t.Helper()
	n := 0
	for _, c := range conns {
		var prepared int
		err := c.QueryRow(context.Background(), `SELECT count(*) FROM pg_prepared_statements WHERE statement IN ($1, $2, $3)`,
			recordAnswers, sqlq.PostByID.Postgres, sqlq.FirstAnswer.Postgres).Scan(&prepared)
		if err != nil {
			t.Fatal(err)
		}
		if prepared == 3 {
			n++
		}
	}
	return n
}

func TestOpenLeavesWarmConnectionsForTheFirstClicks(t *testing.T) {
	db := MustOpenDB(t)
	conns := db.pool.AcquireAllIdle(context.Background())
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	// The answer writers hold a connection each (batch.go); the rest wait in the pool.
	if len(conns) < warmConns-answerWriters {
		t.Fatalf("%d idle connections after Open, want %d", len(conns), warmConns-answerWriters)
	}
	if n := warmed(t, conns); n != len(conns) {
		t.Fatalf("%d of %d idle connections have the answer's statements prepared", n, len(conns))
	}
}

func TestConnectionOpenedLaterIsWarmedToo(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	// Hold more connections than the pool keeps, so that it opens new ones.
	var conns []*pgxpool.Conn
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	for range warmConns + 2 {
		c, err := db.pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if n := warmed(t, conns); n != len(conns) {
		t.Fatalf("%d of %d connections have the answer's statements prepared", n, len(conns))
	}
}
