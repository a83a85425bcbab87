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

// commitDelay bounds how long a batch waits for more answers; minGap and maxGap bound how long it waits for
// the next one (see gather).
const (
	commitDelay = 2 * time.Millisecond
	minGap      = 500 * time.Microsecond
	maxGap      = time.Millisecond
)

type answerReq struct {
	a      bot.Answer
	gid    int64
	loc    *time.Location
	queued time.Time // when it joined the writer's queue
	done   chan answerRes
}

type answerRes struct {
	inserted bool
	streak   int
	err      error
}

// commitAnswer queues an answer for the writer and waits for its transaction to commit.
func (db *DB) commitAnswer(ctx context.Context, r *answerReq) (answerRes, error) {
	r.done = make(chan answerRes, 1)
	r.queued = time.Now()
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
	var flow arrivals
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
		flow.add(first.queued)
		batch := []*answerReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-db.answers:
				flow.add(r.queued)
				batch = append(batch, r)
			default:
				break drain
			}
		}
		if busy || len(batch) > 1 {
			batch = db.gather(batch, &flow)
		}
		// Answers that came while this batch was being written (counted before its answers are told, which
		// could send the next ones), or a batch of several, mean a burst.
		busy = db.writeBatch(batch) || len(batch) > 1
	}
}

// arrivals follows how far apart answers join the queue, as a moving average of the last few gaps; a
// quiet spell starts it afresh.
type arrivals struct {
	last time.Time
	gap  time.Duration
}

func (f *arrivals) add(t time.Time) {
	d := t.Sub(f.last)
	f.last = t
	switch {
	case d > 10*time.Millisecond:
		f.gap = 0
	case f.gap == 0:
		f.gap = max(d, 0)
	default:
		f.gap += (max(d, 0) - f.gap) / 4
	}
}

// gather lets more answers join a batch while they keep coming: it waits for the next one about twice as
// long as answers have lately been apart (from minGap to maxGap), and no longer than commitDelay in all.
// Fewer, larger transactions write fewer pages per answer: a commit writes every page it changed to the
// WAL, two system calls a page, and the answers of one batch share pages. The writer only gathers when
// answers are arriving together (PostgreSQL's commit_delay, with the last batch standing in for
// commit_siblings), so a click after a quiet spell is not held back. In bench/burst, waiting up to 5 ms
// made batches twice as large but left the CPU idle while clicks waited for their commit; 2 ms, with
// 0.5 to 1 ms for the next answer, kept both cores busy at the same CPU per click.
func (db *DB) gather(batch []*answerReq, flow *arrivals) []*answerReq {
	deadline := time.NewTimer(commitDelay)
	defer deadline.Stop()
	wait := func() time.Duration { return min(max(2*flow.gap, minGap), maxGap) }
	gap := time.NewTimer(wait())
	defer gap.Stop()
	for len(batch) < maxBatch {
		select {
		case r := <-db.answers:
			flow.add(r.queued)
			batch = append(batch, r)
			gap.Reset(wait())
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

// writeBatch commits a batch in one transaction and tells each answer's caller the outcome. If that fails,
// each answer is retried in a transaction of its own, so one bad answer cannot take the others down with
// it. It reports whether more answers were queued by the time the batch was written.
func (db *DB) writeBatch(batch []*answerReq) (more bool) {
	ctx := context.Background()
	results := make([]answerRes, len(batch))
	err := db.write(ctx, func(tx *sql.Tx) error {
		for i, r := range batch {
			ok, streak, err := db.insertAnswer(ctx, tx, r)
			if err != nil {
				return err
			}
			results[i] = answerRes{inserted: ok, streak: streak}
		}
		return nil
	})
	if err != nil {
		for i, r := range batch {
			results[i] = answerRes{}
			results[i].err = db.write(ctx, func(tx *sql.Tx) error {
				var err error
				results[i].inserted, results[i].streak, err = db.insertAnswer(ctx, tx, r)
				return err
			})
		}
	}
	more = len(db.answers) > 0
	for i, r := range batch {
		r.done <- results[i]
	}
	return more
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
