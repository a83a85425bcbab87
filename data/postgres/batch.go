package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// Answers are written by a few goroutines, each of which writes whatever is queued with one statement
// (recordAnswers, a row per answer): a burst of clicks then pays for one round trip, one statement and one
// commit per batch instead of per click, and a lone click waits for nothing. Several writers keep the
// server's cores busy while one batch commits.
//
// Each writer keeps a connection of its own (writerConn), on which the statement is planned once: by
// default PostgreSQL plans a prepared statement afresh for each of its first five runs on a connection,
// 2 to 5 ms each for this one, which a burst would pay on every connection it reaches. The writers'
// connections use the generic plan from the first run (plan_cache_mode = force_generic_plan, the same plan
// whatever the arrays hold); they never go back to the pool, so no other statement runs with that setting.

const (
	// answerWriters is how many batches may be in flight at once.
	answerWriters = 4
	// maxBatch bounds how many answers share a statement.
	maxBatch = 64
)

// answerReq is one answer, its score buckets and the zone they were computed in, and where its outcome goes.
type answerReq struct {
	a               bot.Answer
	gid             int64
	week, month, tz string
	done            chan answerRes
}

type answerRes struct {
	streak *int32
	tz     *string
	open   *bool
	err    error
}

// startAnswerWriters starts the writers, each with its connection ready if it can have one now (else it
// takes one for its first batch); stopAnswerWriters lets them write what was queued, then stops them.
func (db *DB) startAnswerWriters(ctx context.Context) {
	db.answerQ = make(chan *answerReq, 2*maxBatch*answerWriters)
	db.closing = make(chan struct{})
	db.writersDone = make(chan struct{})
	done := make(chan struct{}, answerWriters)
	for range answerWriters {
		w := &writerConn{db: db}
		_, _ = w.get(ctx)
		go func() {
			db.runAnswerWriter(w)
			done <- struct{}{}
		}()
	}
	go func() {
		for range answerWriters {
			<-done
		}
		close(db.writersDone)
	}()
}

func (db *DB) stopAnswerWriters() {
	if db.closing == nil {
		return
	}
	db.closeOnce.Do(func() { close(db.closing) })
	<-db.writersDone
}

// writeAnswer queues an answer's statement and waits for its transaction. Once queued, the answer is
// written even if the caller gives up, so it waits for the outcome.
func (db *DB) writeAnswer(ctx context.Context, r *answerReq) answerRes {
	r.done = make(chan answerRes, 1)
	select {
	case db.answerQ <- r:
	case <-db.closing:
		return answerRes{err: errors.New("database is closing")}
	case <-ctx.Done():
		return answerRes{err: ctx.Err()}
	}
	return <-r.done
}

func (db *DB) runAnswerWriter(w *writerConn) {
	defer w.drop()
	for {
		var first *answerReq
		select {
		case first = <-db.answerQ:
		case <-db.closing:
			for { // write what was queued before the close, then stop
				select {
				case r := <-db.answerQ:
					db.writeBatch(w, []*answerReq{r})
				default:
					return
				}
			}
		}
		batch := []*answerReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-db.answerQ:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		db.writeBatch(w, batch)
	}
}

// writerConn is an answer writer's own connection, taken from the pool when first needed and again after
// it broke.
type writerConn struct {
	db   *DB
	conn *pgxpool.Conn
	used time.Time
}

// writerIdlePing is how long a writer's connection may sit unused before it is checked (as the pool
// checks its idle connections) before a statement: the server may have closed it meanwhile.
const writerIdlePing = time.Second

// get returns the writer's connection, with the answer statement's generic plan made.
func (w *writerConn) get(ctx context.Context) (*pgx.Conn, error) {
	if w.conn != nil && time.Since(w.used) > writerIdlePing {
		if err := w.conn.Ping(ctx); err != nil {
			w.drop()
		}
	}
	if w.conn == nil {
		c, err := w.db.pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := c.Exec(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
			c.Release()
			return nil, err
		}
		w.conn = c
		_ = warmConn(ctx, c.Conn()) // plans the statement now rather than for the first batch
	}
	w.used = time.Now()
	return w.conn.Conn(), nil
}

// drop closes the writer's connection rather than returning it to the pool with its setting.
func (w *writerConn) drop() {
	if w.conn == nil {
		return
	}
	c := w.conn.Hijack()
	w.conn = nil
	w.db.forgetConn(c)
	c.Close(context.Background())
}

// exec runs the answers' statement on the writer's connection. When the connection turns out broken (the
// server restarted, failed over or closed it), it tries once more on a new one: the statement never
// inserts an answer twice (UNIQUE (post_id, user_id)), and should the first try have committed after all,
// its answers read as already given.
func (w *writerConn) exec(rs []*answerReq) ([]answerRes, error) {
	ctx := context.Background()
	for attempt := 0; ; attempt++ {
		conn, err := w.get(ctx)
		if err != nil {
			return nil, fmt.Errorf("answer writer connection: %w", err)
		}
		res, err := w.db.execAnswers(ctx, conn, rs)
		if err != nil && conn.IsClosed() {
			w.drop()
			if attempt == 0 {
				continue
			}
		}
		return res, err
	}
}

// writeBatch writes a batch with as few statements as it can: each statement holds each member of a group
// once (a member's two answers in one statement could not see each other, as a streak must), so the
// second click of a member waits for the next statement, which finds the first answer. If a statement
// fails, its answers are tried one by one, so one bad answer cannot fail the others.
func (db *DB) writeBatch(w *writerConn, batch []*answerReq) {
	for len(batch) > 0 {
		type member struct {
			gid  int64
			user string
		}
		seen := map[member]bool{}
		var now, later []*answerReq
		for _, r := range batch {
			if k := (member{r.gid, r.a.UserID}); !seen[k] {
				seen[k] = true
				now = append(now, r)
			} else {
				later = append(later, r)
			}
		}
		results, err := w.exec(now)
		if err != nil && len(now) > 1 {
			for _, r := range now {
				res, err := w.exec([]*answerReq{r})
				if err != nil {
					r.done <- answerRes{err: err}
				} else {
					r.done <- res[0]
				}
			}
		} else {
			for i, r := range now {
				if err != nil {
					r.done <- answerRes{err: err}
				} else {
					r.done <- results[i]
				}
			}
		}
		batch = later
	}
}

// execAnswers runs recordAnswers on conn for the answers and returns their outcomes in the order given (the
// statement itself writes the rows in key order).
func (db *DB) execAnswers(ctx context.Context, conn *pgx.Conn, rs []*answerReq) ([]answerRes, error) {
	n := len(rs)
	posts, groups, choices, points, answered := make([]int64, n), make([]int64, n), make([]int32, n), make([]int32, n), make([]int64, n)
	users, domains, questions, weeks, months, names, tzs := make([]string, n), make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n)
	corrects := make([]bool, n)
	for i, r := range rs {
		a := r.a
		posts[i], groups[i], users[i], choices[i], corrects[i], points[i] = a.PostID, r.gid, a.UserID, int32(a.Choice), a.Correct, int32(a.Points)
		domains[i], questions[i], answered[i], weeks[i], months[i], names[i], tzs[i] = a.Domain, a.QuestionID, encode.MS(a.AnsweredAt), r.week, r.month, a.UserName, r.tz
	}
	rows, err := conn.Query(ctx, recordAnswers, posts, groups, users, choices, corrects, points, domains, questions,
		answered, weeks, months, names, tzs, sqlq.ManualSlots)
	if err != nil {
		return nil, err
	}
	out := make([]answerRes, 0, n)
	for rows.Next() {
		var res answerRes
		if err := rows.Scan(&res.streak, &res.tz, &res.open); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, res)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) != n {
		return nil, fmt.Errorf("record answers: %d results for %d answers", len(out), n)
	}
	return out, nil
}
