// Package dbcopy copies a studybot database from one store to another (`studybot migrate FROM TO`): a SQLite
// file into PostgreSQL, or back. Both ends are migrated to their current schema first; the source is read
// in one snapshot and the target written in one transaction, which is committed only after every table's
// row count and a sample of its rows read back from the target match the source. A failure at any point
// leaves the target as it was.
package dbcopy

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/data/postgres"
	"github.com/studybot/studybot/data/sqlite"
)

// TableReport is what was copied of one table.
type TableReport struct {
	Table   string
	Rows    int64
	Checked int // rows of the sample read back from the target and compared
}

// Report is what a copy did, table by table.
type Report struct {
	Tables []TableReport
}

// String renders the report one table a line.
func (r Report) String() string {
	var b strings.Builder
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "  %-14s %8d rows, %3d sampled rows compared\n", t.Table, t.Rows, t.Checked)
	}
	return b.String()
}

// sampleSize is how many rows of each table are read back from the target and compared field by field.
const sampleSize = 200

// batchSize is how many rows go to the target at once.
const batchSize = 1000

// Progress hears how a copy goes: after each batch of a table, the rows of it copied so far and its rows in
// all. It is called from the copying goroutine.
type Progress func(table string, done, of int64)

// Copy copies the database at from (a SQLite file or a postgres:// URL) into the empty database at to,
// telling progress (when not nil) how it goes.
func Copy(ctx context.Context, from, to string, progress Progress) (Report, error) {
	if from == to {
		return Report{}, errors.New("the source and the target are the same database")
	}
	var rep Report
	err := withSide(ctx, from, true, func(src side) error {
		return withSide(ctx, to, false, func(dst side) error {
			var err error
			rep, err = copyAll(ctx, src, dst, progress)
			return err
		})
	})
	if err != nil {
		return Report{}, err
	}
	return rep, nil
}

// withSide opens the database at dsn, migrating it to the current schema, and calls fn with it inside a
// read snapshot (read) or its one write transaction (committed only if fn returns nil).
func withSide(ctx context.Context, dsn string, read bool, fn func(side) error) error {
	if postgres.IsDSN(dsn) {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		run := func(tx pgx.Tx) error { return fn(pgSide{tx}) }
		if read {
			return db.ReadSnapshot(ctx, run)
		}
		return db.WriteAll(ctx, run)
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	run := func(tx *sql.Tx) error { return fn(sqliteSide{tx}) }
	if read {
		return db.ReadSnapshot(ctx, run)
	}
	return db.WriteAll(ctx, run)
}

func copyAll(ctx context.Context, src, dst side, progress Progress) (Report, error) {
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	if err := checkSchema(ctx, src, "source"); err != nil {
		return Report{}, err
	}
	if err := checkSchema(ctx, dst, "target"); err != nil {
		return Report{}, err
	}
	for _, t := range tables {
		n, err := dst.count(ctx, t)
		if err != nil {
			return Report{}, fmt.Errorf("target %s: %w", t.name, err)
		}
		if n > 0 {
			return Report{}, fmt.Errorf("the target is not empty (%s has %d rows): migrate copies into a new database only", t.name, n)
		}
	}
	var rep Report
	for _, t := range tables {
		tr, err := copyTable(ctx, src, dst, t, progress)
		if err != nil {
			return Report{}, fmt.Errorf("copy %s: %w", t.name, err)
		}
		rep.Tables = append(rep.Tables, tr)
	}
	if err := dst.finish(ctx); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// checkSchema makes sure that every table of a database is one the copy knows, with the same columns:
// a table or column it did not copy would be lost.
func checkSchema(ctx context.Context, s side, which string) error {
	cols, err := s.columns(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", which, err)
	}
	known := map[string]bool{}
	for _, t := range tables {
		known[t.name] = true
		got := slices.Clone(cols[t.name])
		want := t.colNames()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("%s: table %s has columns %v, this studybot copies %v: is one of the two from another version?", which, t.name, got, want)
		}
	}
	for name := range cols {
		if !known[name] && !notCopied[name] {
			return fmt.Errorf("%s: table %s is not one this studybot knows how to copy (is the database from a newer version?); nothing was copied", which, name)
		}
	}
	return nil
}

// copyTable streams one table from src to dst, then compares the row count and a sample of rows read back
// from dst.
func copyTable(ctx context.Context, src, dst side, t table, progress Progress) (TableReport, error) {
	n, err := src.count(ctx, t)
	if err != nil {
		return TableReport{}, err
	}
	progress(t.name, 0, n)
	every := max(int64(1), n/sampleSize)
	var sample [][]any
	var batch [][]any
	var i int64
	err = src.scan(ctx, t, func(raw []any) error {
		row, err := normalize(t, raw)
		if err != nil {
			return fmt.Errorf("source row %d: %w", i+1, err)
		}
		if i%every == 0 || i == n-1 {
			sample = append(sample, row)
		}
		i++
		batch = append(batch, row)
		if len(batch) == batchSize {
			if err := dst.insert(ctx, t, batch); err != nil {
				return err
			}
			batch = batch[:0:0]
			progress(t.name, i, n)
		}
		return nil
	})
	if err != nil {
		return TableReport{}, err
	}
	if len(batch) > 0 {
		if err := dst.insert(ctx, t, batch); err != nil {
			return TableReport{}, err
		}
	}
	progress(t.name, i, n)
	if i != n {
		return TableReport{}, fmt.Errorf("read %d rows of the %d counted", i, n)
	}
	got, err := dst.count(ctx, t)
	if err != nil {
		return TableReport{}, err
	}
	if got != n {
		return TableReport{}, fmt.Errorf("the target holds %d rows, the source %d", got, n)
	}
	keyAt := t.keyIndex()
	for _, want := range sample {
		key := make([]any, len(keyAt))
		for j, k := range keyAt {
			key[j] = want[k]
		}
		raw, ok, err := dst.get(ctx, t, key)
		if err != nil {
			return TableReport{}, fmt.Errorf("read back %v: %w", key, err)
		}
		if !ok {
			return TableReport{}, fmt.Errorf("row %v is missing from the target", key)
		}
		row, err := normalize(t, raw)
		if err != nil {
			return TableReport{}, fmt.Errorf("target row %v: %w", key, err)
		}
		if j := differs(want, row); j >= 0 {
			return TableReport{}, fmt.Errorf("row %v: %s is %v in the target, %v in the source", key, t.cols[j].name, row[j], want[j])
		}
	}
	return TableReport{Table: t.name, Rows: n, Checked: len(sample)}, nil
}

// differs returns the first column where two normalized rows differ, or -1.
func differs(a, b []any) int {
	for i := range a {
		ab, aIsBytes := a[i].([]byte)
		bb, bIsBytes := b[i].([]byte)
		if aIsBytes || bIsBytes {
			if !aIsBytes || !bIsBytes || !bytes.Equal(ab, bb) {
				return i
			}
			continue
		}
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// normalize turns a row as a driver returned it into the copy's types (see kind), checking each value.
func normalize(t table, raw []any) ([]any, error) {
	if len(raw) != len(t.cols) {
		return nil, fmt.Errorf("%d values for %d columns", len(raw), len(t.cols))
	}
	out := make([]any, len(raw))
	for i, col := range t.cols {
		v, err := normalizeValue(col, raw[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", col.name, err)
		}
		out[i] = v
	}
	return out, nil
}

func normalizeValue(col column, v any) (any, error) {
	if v == nil {
		if !col.null {
			return nil, errors.New("is null")
		}
		return nil, nil
	}
	switch col.kind {
	case kInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int16:
			return int64(x), nil
		case int:
			return int64(x), nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		}
	case kText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case kBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			if x == 0 || x == 1 {
				return x == 1, nil
			}
		}
	case kFloat:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case kBlob:
		switch x := v.(type) {
		case []byte:
			return bytes.Clone(x), nil
		case string:
			return []byte(x), nil
		}
	}
	return nil, fmt.Errorf("unexpected value %v (%T)", v, v)
}
