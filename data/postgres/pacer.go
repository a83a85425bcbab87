package postgres

import (
	"context"
	"time"

	"golang.org/x/time/rate"

	"github.com/studybot/studybot/internal/wait"
)

// Pacer spaces events of one name across every replica that shares the database, at most perSecond a
// second in all: each Wait takes the next free slot, 1/perSecond after the one before (or now, if that
// has passed), on the database server's clock, and sleeps until it. One statement, one row.
type Pacer struct {
	db   *DB
	name string
	step int64 // microseconds between slots
	// local paces alone while the database cannot be asked, so that a failing database does not also
	// lift the limit.
	local *rate.Limiter
}

// Pacer returns the pacer of the given name.
func (db *DB) Pacer(name string, perSecond float64) *Pacer {
	return &Pacer{db: db, name: name, step: int64(float64(time.Second/time.Microsecond) / perSecond),
		local: rate.NewLimiter(rate.Limit(perSecond), 1)}
}

const takeSlot = `WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS us)
INSERT INTO pacers (name, next_us) SELECT $1, us + $2 FROM now
ON CONFLICT (name) DO UPDATE SET next_us = greatest(pacers.next_us, (SELECT us FROM now)) + $2
RETURNING next_us - $2 - (SELECT us FROM now)`

// Wait implements the Discord adapter's Limiter: it returns when this caller's slot has come.
func (p *Pacer) Wait(ctx context.Context) error {
	var waitUS int64
	if err := p.db.pool.QueryRow(ctx, takeSlot, p.name, p.step).Scan(&waitUS); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return p.local.Wait(ctx)
	}
	if waitUS <= 0 {
		return nil
	}
	return wait.Sleep(ctx, time.Duration(waitUS)*time.Microsecond)
}
