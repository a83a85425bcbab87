package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var (
	_ bot.Summaries = (*DB)(nil)
	_ bot.Recaps    = (*DB)(nil)
	_ bot.WebTokens = (*DB)(nil)
)

// QueueRecap implements bot.Recaps (sqlq.QueueRecap).
func (db *DB) QueueRecap(ctx context.Context, ch bot.ChannelRef, payload string, now, deliverBy time.Time) (queued bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ch)
		if err != nil {
			return err
		}
		queued, err = sqlq.QueueRecap(ctx, conn{tx}, cid, payload, now, deliverBy)
		return err
	})
	return queued, err
}

// CreateWebToken implements bot.WebTokens.
func (db *DB) CreateWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) (created bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		created, err = sqlq.CreateWebToken(ctx, conn{tx}, gid, hash, time.Now())
		return err
	})
	return created, err
}

// ResetWebToken implements bot.WebTokens.
func (db *DB) ResetWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.ResetWebToken(ctx, conn{tx}, gid, hash, time.Now())
	})
}

// hashWebTokens is migration 010's Go step: each token stored before it is replaced by its SHA-256 in hex
// (bot.HashWebToken's form, written out here because a migration must not change with later code).
func hashWebTokens(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT group_id, token_hash FROM web_tokens`)
	if err != nil {
		return fmt.Errorf("read web tokens: %w", err)
	}
	type tok struct {
		gid   int64
		token string
	}
	var toks []tok
	for rows.Next() {
		var t tok
		if err := rows.Scan(&t.gid, &t.token); err != nil {
			rows.Close()
			return fmt.Errorf("read web tokens: %w", err)
		}
		toks = append(toks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read web tokens: %w", err)
	}
	for _, t := range toks {
		sum := sha256.Sum256([]byte(t.token))
		if _, err := tx.ExecContext(ctx, `UPDATE web_tokens SET token_hash = ? WHERE group_id = ?`, hex.EncodeToString(sum[:]), t.gid); err != nil {
			return fmt.Errorf("hash web token: %w", err)
		}
	}
	return nil
}
