package postgres

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/jackc/pgx/v5"
)

// Answers are written by a few goroutines, each of which sends whatever is queued as one transaction in
// one round trip (pgx's pipelined batch): a burst of clicks then pays for a commit and a network round
// trip per batch instead of per click, and a lone click waits for nothing. Several writers keep the
// server's cores busy while one batch commits.

const (
	// answerWriters is how many batches may be in flight at once.
	answerWriters = 4
	// maxBatch bounds how many answers share a transaction.
	maxBatch = 64
)

// answerReq is one answer's statement (recordAnswer) and where its outcome goes.
type answerReq struct {
	post int64
	user string
	args []any
	done chan answerRes
}

type answerRes struct {
	streak *int32
	tz     *string
	open   *bool
	err    error
}

// startAnswerWriters starts the writers; stopAnswerWriters lets them write what was queued, then stops them.
func (db *DB) startAnswerWriters() {
	db.answerQ = make(chan *answerReq, 2*maxBatch*answerWriters)
	db.closing = make(chan struct{})
	db.writersDone = make(chan struct{})
	done := make(chan struct{}, answerWriters)
	for range answerWriters {
		go func() {
			db.runAnswerWriter()
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

func (db *DB) runAnswerWriter() {
	for {
		var first *answerReq
		select {
		case first = <-db.answerQ:
		case <-db.closing:
			for { // write what was queued before the close, then stop
				select {
				case r := <-db.answerQ:
					db.writeBatch([]*answerReq{r})
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
		db.writeBatch(batch)
	}
}

// writeBatch commits a batch in one transaction, its statements in (post, member) order so that two
// batches, on this replica or another, take the rows they share in the same order. If the transaction
// fails, each answer is tried in a statement of its own, so one bad answer cannot fail the others.
func (db *DB) writeBatch(batch []*answerReq) {
	ctx := context.Background()
	if len(batch) > 1 {
		slices.SortFunc(batch, func(a, b *answerReq) int {
			return cmp.Or(cmp.Compare(a.post, b.post), cmp.Compare(a.user, b.user))
		})
		results := make([]answerRes, len(batch))
		err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			b := &pgx.Batch{}
			for _, r := range batch {
				b.Queue(recordAnswer, r.args...)
			}
			br := tx.SendBatch(ctx, b)
			for i := range batch {
				if err := br.QueryRow().Scan(&results[i].streak, &results[i].tz, &results[i].open); err != nil {
					br.Close()
					return err
				}
			}
			return br.Close()
		})
		if err == nil {
			for i, r := range batch {
				r.done <- results[i]
			}
			return
		}
	}
	for _, r := range batch {
		var res answerRes
		res.err = db.pool.QueryRow(ctx, recordAnswer, r.args...).Scan(&res.streak, &res.tz, &res.open)
		r.done <- res
	}
}
