package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Lock is a named lock that at most one session of the database holds at a time: a session-level advisory
// lock on a connection of its own, outside the pool. It lasts until Release, or until its connection
// fails (the replica lost the database, or died), which Lost tells within a few seconds; then another
// replica may take it.
type Lock struct {
	conn    *pgx.Conn
	lost    chan struct{}
	stop    chan struct{}
	done    chan struct{}
	release sync.Once
}

// lockClass is the first half of every Lock's advisory key ("sblk"); the second is a hash of the schema
// and the lock's name.
const lockClass int32 = 0x73626c6b

// lockCheck is how often a held lock's connection is checked.
const lockCheck = 2 * time.Second

// TryLock takes the named lock if no other session holds it; ok is false when another does.
func (db *DB) TryLock(ctx context.Context, name string) (l *Lock, ok bool, err error) {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return nil, false, fmt.Errorf("lock %s: %s", name, redactErr(err, db.dsn))
	}
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, hashtext(current_schema() || '/' || $2))`, lockClass, name).Scan(&ok); err != nil || !ok {
		conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, false, fmt.Errorf("lock %s: %w", name, err)
		}
		return nil, false, nil
	}
	l = &Lock{conn: conn, lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	go l.watch()
	return l, true, nil
}

// watch checks the lock's connection until Release, and closes lost when it fails.
func (l *Lock) watch() {
	defer close(l.done)
	t := time.NewTicker(lockCheck)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), lockCheck)
		err := l.conn.Ping(ctx)
		cancel()
		if err != nil {
			close(l.lost)
			l.conn.Close(context.Background())
			return
		}
	}
}

// Lost is closed when the lock's connection failed: the lock may be another session's now.
func (l *Lock) Lost() <-chan struct{} { return l.lost }

// Release gives the lock up (closing its connection releases it).
func (l *Lock) Release() {
	l.release.Do(func() {
		close(l.stop)
		<-l.done
		l.conn.Close(context.Background())
	})
}
