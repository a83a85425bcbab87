package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

var (
	// The stored version is read under a lock on PostgreSQL, so that of two imports at once the second
	// sees the first's version; SQLite's writer is one connection already.
	packVersion = Differs(`SELECT version, owner FROM packs WHERE name = ?`, `SELECT version, owner FROM packs WHERE name = $1 FOR UPDATE`)
	importPack  = New(`INSERT INTO packs (name, version, source, imported_at, owner) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source, imported_at = excluded.imported_at`)
	packOwner       = New(`SELECT owner FROM packs WHERE name = ?`)
	keepPackVersion = New(`INSERT INTO pack_versions (name, version, source, imported_at) VALUES (?, ?, ?, ?)`)
	packSource      = New(`SELECT version, source FROM packs WHERE name = ?`)
	packAtVersion   = New(`SELECT source FROM pack_versions WHERE name = ? AND version = ?`)
	packNames       = New(`SELECT name FROM packs ORDER BY name`)
	newestVersion   = New(`SELECT version FROM packs WHERE name = ?`)
)

// ImportPack stores a validated pack, in the store's transaction, as the newest version of its name; the
// older versions stay (pack_versions), so that what was posted or drawn from them still resolves. The
// version must be higher than the stored one. It is the operator's import: it may publish any pack, and a
// pack it creates is the operator's.
func ImportPack(ctx context.Context, q Querier, p *quiz.Pack, source []byte, now time.Time) error {
	return importPack1(ctx, q, p, source, now, "", false)
}

// ImportGroupPack is ImportPack for a group's moderators (owner names the group): it creates a pack owned
// by the group, or publishes the next version of one the group owns; a name the operator or another group
// holds is ECONFLICT.
func ImportGroupPack(ctx context.Context, q Querier, owner string, p *quiz.Pack, source []byte, now time.Time) error {
	return importPack1(ctx, q, p, source, now, owner, true)
}

func importPack1(ctx context.Context, q Querier, p *quiz.Pack, source []byte, now time.Time, owner string, checkOwner bool) error {
	var cur int
	var held string
	err := q.QueryRow(ctx, packVersion, p.ID).Scan(&cur, &held)
	switch {
	case errors.Is(err, ErrNoRows):
	case err != nil:
		return fmt.Errorf("import pack %s: %w", p.ID, err)
	case checkOwner && held != owner:
		return bot.Errorf(bot.ECONFLICT, "The pack name %q is taken by another group or the operator: rename the file and import it again.", p.ID)
	case p.Version <= cur:
		return fmt.Errorf("import pack %s: version %d is not newer than the stored version %d", p.ID, p.Version, cur)
	}
	if _, err := q.Exec(ctx, importPack, p.ID, p.Version, source, encode.MS(now), owner); err != nil {
		return fmt.Errorf("import pack %s: %w", p.ID, err)
	}
	if _, err := q.Exec(ctx, keepPackVersion, p.ID, p.Version, source, encode.MS(now)); err != nil {
		return fmt.Errorf("import pack %s: keep version %d: %w", p.ID, p.Version, err)
	}
	return nil
}

// PackSource returns an imported pack's newest version and its source by name; ok is false when there is
// none.
func PackSource(ctx context.Context, q Querier, name string) (version int, source []byte, ok bool, err error) {
	err = q.QueryRow(ctx, packSource, name).Scan(&version, &source)
	if errors.Is(err, ErrNoRows) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("load pack %s: %w", name, err)
	}
	return version, source, true, nil
}

// PackVersionSource returns the source of one imported version of a pack; ok is false when that version
// was never imported.
func (r Reads) PackVersionSource(ctx context.Context, name string, version int) (source []byte, ok bool, err error) {
	err = r.q.QueryRow(ctx, packAtVersion, name, version).Scan(&source)
	if errors.Is(err, ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("load pack %s version %d: %w", name, version, err)
	}
	return source, true, nil
}

// ImportedPacks lists the names of the imported packs, sorted.
func (r Reads) ImportedPacks(ctx context.Context) ([]string, error) {
	rows, err := r.q.Query(ctx, packNames)
	if err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list packs: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PackVersion returns the newest imported version of a pack; ok is false when it was never imported.
func (r Reads) PackVersion(ctx context.Context, name string) (version int, ok bool, err error) {
	err = r.q.QueryRow(ctx, newestVersion, name).Scan(&version)
	if errors.Is(err, ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("pack %s version: %w", name, err)
	}
	return version, true, nil
}

var groupPacks = New(`SELECT DISTINCT c.pack FROM channels c JOIN groups g ON g.id = c.group_id
	WHERE g.platform = ? AND g.ext_id = ? ORDER BY c.pack`)

// GroupPacks implements bot.Channels.GroupPacks: the packs the group's channels draw from, by name ("" the
// default), sorted.
func (r Reads) GroupPacks(ctx context.Context, g bot.GroupRef) ([]string, error) {
	rows, err := r.q.Query(ctx, groupPacks, g.Platform, g.GroupID)
	if err != nil {
		return nil, fmt.Errorf("group packs: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("group packs: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PackOwner returns who holds an imported pack: "" for the operator, else the group's "platform/id"; ok is
// false when no pack of that name was imported.
func (r Reads) PackOwner(ctx context.Context, name string) (owner string, ok bool, err error) {
	err = r.q.QueryRow(ctx, packOwner, name).Scan(&owner)
	if errors.Is(err, ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("pack %s owner: %w", name, err)
	}
	return owner, true, nil
}
