package postgres

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// A new connection is a new server process, and its first run of a statement loads the catalog entries of
// every table and index the statement touches, then plans it: for the answer statement, 30 to 60 ms of the
// server's CPU on a busy machine. Paid during the first burst of clicks after a start (or whenever the pool
// grows), that stalls the burst. So the pool keeps warmConns connections open, and each connection runs
// the click path's statements once with no rows before it serves anything once the schema is migrated:
// Open warms warmConns of them (warmPool), and the pool warms any other as it is first handed out
// (prepareConn).

// warmConns is how many connections the pool keeps open, unless the URL sets pool_min_conns: one for each
// answer writer (each keeps its own, see batch.go) and a few for the reads of a click and the scheduler.
const warmConns = answerWriters + 3

// warmStatements are the statements of a click, each with arguments that match no row. Running them
// prepares them in the connection's statement cache (pgx's default mode) and plans them.
func warmStatements() []struct {
	sql  string
	args []any
} {
	var none []int64
	var noText []string
	return []struct {
		sql  string
		args []any
	}{
		{recordAnswers, []any{none, none, noText, []int32(nil), []bool(nil), []int32(nil), noText, noText, none, noText, noText, noText, noText, sqlq.ManualSlots}},
		{sqlq.PostByID.Postgres, []any{int64(-1)}},
		{sqlq.FirstAnswer.Postgres, []any{int64(-1), ""}},
	}
}

// warmConn runs the click path's statements on conn. A failure is returned but costs nothing more than the
// cold start it was meant to avoid.
func warmConn(ctx context.Context, conn *pgx.Conn) error {
	for _, s := range warmStatements() {
		rows, err := conn.Query(ctx, s.sql, s.args...)
		if err != nil {
			return fmt.Errorf("warm connection: %w", err)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("warm connection: %w", err)
		}
	}
	return nil
}

// prepareConn warms a connection the first time the pool hands it out after the migration (before it, the
// statements may refer to tables that do not exist yet). It is called on every acquisition, so the common
// case is one map lookup.
func (db *DB) prepareConn(ctx context.Context, conn *pgx.Conn) (bool, error) {
	if !db.migrated.Load() {
		return true, nil
	}
	if _, done := db.warm.Load(conn); done {
		return true, nil
	}
	_ = warmConn(ctx, conn) // a connection that cannot be warmed still serves: its first click pays
	db.warm.Store(conn, struct{}{})
	return true, nil
}

// forgetConn drops a closed connection from the set of warm ones.
func (db *DB) forgetConn(conn *pgx.Conn) { db.warm.Delete(conn) }

// warmPool has n connections warmed (by prepareConn) before the first click, holding each so that they are
// n different connections, and then every other idle one.
func (db *DB) warmPool(ctx context.Context, n int) error {
	conns := make([]*pgxpool.Conn, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { conns[i], errs[i] = db.pool.Acquire(ctx) })
	}
	wg.Wait()
	conns = append(conns, db.pool.AcquireAllIdle(ctx)...)
	for _, c := range conns {
		if c != nil {
			c.Release()
		}
	}
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("warm pool: %w", err)
		}
	}
	return nil
}
