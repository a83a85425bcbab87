package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"time"

	"github.com/studybot/studybot/bot"
)

// Answers are written by one goroutine that commits whatever is queued in a single transaction (group
// commit). A burst of clicks then pays for one commit per batch instead of one per click, and a lone click
// after a quiet spell waits for nothing: the writer takes what is there (see gather for bursts).

// maxBatch bounds how many answers share a transaction.
const maxBatch = 128

// commitDelay bounds how long a batch waits for more answers; commitGap is how long it waits for the next.
const (
	commitDelay = time.Millisecond
	commitGap   = 200 * time.Microsecond
)

type answerReq struct {
	a    bot.Answer
	gid  int64
	loc  *time.Location
	done chan answerRes
}

type answerRes struct {
	inserted bool
	streak   int
	err      error
}

// commitAnswer queues an answer for the writer and waits for its transaction to commit.
func (db *DB) commitAnswer(ctx context.Context, r *answerReq) (answerRes, error) {
	r.done = make(chan answerRes, 1)
	select {
	case db.answers <- r:
	case <-db.closing:
		return answerRes{}, errors.New("database is closing")
	case <-ctx.Done():
		return answerRes{}, ctx.Err()
	}
	// Once queued, the answer is written even if the caller gives up, so wait for the outcome.
	select {
	case res := <-r.done:
		return res, res.err
	case <-db.writerDone:
		select {
		case res := <-r.done:
			return res, res.err
		default:
			return answerRes{}, errors.New("database is closing")
		}
	}
}

// runAnswerWriter is the answer writer's loop; it stops when db.closing is closed and the queue is empty.
func (db *DB) runAnswerWriter() {
	defer close(db.writerDone)
	busy := false
	for {
		var first *answerReq
		select {
		case first = <-db.answers:
		case <-db.closing:
			for { // write what was queued before the close, then stop
				select {
				case r := <-db.answers:
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
			case r := <-db.answers:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		if busy || len(batch) > 1 {
			batch = db.gather(batch)
		}
		busy = len(batch) > 1
		db.writeBatch(batch)
	}
}

// gather lets more answers join a batch while they keep coming: it waits up to commitGap for the next
// one, and no longer than commitDelay in all. Fewer, larger transactions write fewer pages per answer; the
// writer only gathers when answers are arriving together (PostgreSQL's commit_delay, with the last batch's
// size standing in for commit_siblings), so a click after a quiet spell is not held back; the first one
// after a burst waits commitGap at most.
func (db *DB) gather(batch []*answerReq) []*answerReq {
	deadline := time.NewTimer(commitDelay)
	defer deadline.Stop()
	gap := time.NewTimer(commitGap)
	defer gap.Stop()
	for len(batch) < maxBatch {
		select {
		case r := <-db.answers:
			batch = append(batch, r)
			gap.Reset(commitGap)
		case <-gap.C:
			return batch
		case <-deadline.C:
			return batch
		case <-db.closing:
			return batch
		}
	}
	return batch
}

// writeBatch commits a batch in one transaction. If that fails, each answer is retried in a transaction of
// its own, so one bad answer cannot take the others down with it.
func (db *DB) writeBatch(batch []*answerReq) {
	ctx := context.Background()
	results := make([]answerRes, len(batch))
	err := db.write(ctx, func(tx *sql.Tx) error {
		for i, r := range batch {
			ok, streak, err := insertAnswer(ctx, tx, r)
			if err != nil {
				return err
			}
			results[i] = answerRes{inserted: ok, streak: streak}
		}
		return nil
	})
	if err == nil {
		for i, r := range batch {
			r.done <- results[i]
		}
		return
	}
	for _, r := range batch {
		var res answerRes
		res.err = db.write(ctx, func(tx *sql.Tx) error {
			var err error
			res.inserted, res.streak, err = insertAnswer(ctx, tx, r)
			return err
		})
		r.done <- res
	}
}

// walCheckpointBytes is the WAL size above which the background checkpointer runs.
const walCheckpointBytes = 4 << 20

// runCheckpointer copies the WAL back into the database from its own connection every second once the WAL
// has grown, so the fsync of a checkpoint is not paid inside an answer's commit.
func (db *DB) runCheckpointer(interval time.Duration) {
	defer close(db.checkpointDone)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-db.closing:
			return
		case <-t.C:
		}
		fi, err := os.Stat(db.path + "-wal")
		if err != nil || fi.Size() < walCheckpointBytes {
			continue
		}
		// A passive checkpoint that cannot finish is simply tried again next time, and Close truncates.
		db.ckpt.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
	}
}
