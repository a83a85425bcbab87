package sqlq

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/data/internal/encode"
)

// Migration is one numbered migration file of a store.
type Migration struct {
	Version int
	Name    string // the file's name, as recorded in schema_migrations
	Body    string
}

// Migrations lists the migrations/*.sql files of fsys in the order they apply: by name, which starts
// with the version number and an underscore (001_initial.sql).
func Migrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Migration, 0, len(names))
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", base)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", base, err)
		}
		out = append(out, Migration{Version: version, Name: base, Body: string(body)})
	}
	return out, nil
}

var (
	migrationApplied = New(`SELECT count(*) FROM schema_migrations WHERE version = ?`)
	recordMigration  = New(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`)
	schemaVersion    = New(`SELECT max(version) FROM schema_migrations`)
)

// Apply runs one migration in the store's transaction q, unless schema_migrations records it already:
// run executes its body (each store its own way), and the migration is recorded as applied at now.
func Apply(ctx context.Context, q Querier, m Migration, now time.Time, run func() error) error {
	var n int64
	if err := q.QueryRow(ctx, migrationApplied, m.Version).Scan(&n); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if n > 0 {
		return nil
	}
	if err := run(); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := q.Exec(ctx, recordMigration, m.Version, m.Name, encode.MS(now)); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	return nil
}

// SchemaVersion returns the highest migration applied, 0 for none.
func SchemaVersion(ctx context.Context, q Querier) (int, error) {
	var v *int64
	if err := q.QueryRow(ctx, schemaVersion).Scan(&v); err != nil || v == nil {
		return 0, err
	}
	return int(*v), nil
}
