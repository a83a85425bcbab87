package sqlq

import (
	"fmt"
	"testing"
	"testing/fstest"
)

func TestPostgresPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT a FROM t WHERE b = ?1 OR c = ?1 AND d <= ?12`, `SELECT a FROM t WHERE b = $1 OR c = $1 AND d <= $12`},
		{`SELECT '?' || a FROM t WHERE b = ?`, `SELECT '?' || a FROM t WHERE b = $1`},
		{`SELECT 'it''s ?' FROM t WHERE b = ?`, `SELECT 'it''s ?' FROM t WHERE b = $1`},
		{`SELECT 1`, `SELECT 1`},
	} {
		if got := New(c.in); got.Postgres != c.want || got.SQLite != c.in {
			t.Errorf("New(%q) = %+v, want Postgres %q and SQLite as written", c.in, got, c.want)
		}
	}
}

func TestNewRefusesMixedOrOpenStatements(t *testing.T) {
	for _, bad := range []string{`SELECT a FROM t WHERE b = ? AND c = ?2`, `SELECT 'a FROM t WHERE b = ?`} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%q) was accepted", bad)
				}
			}()
			New(bad)
		}()
	}
}

func TestMigrationsInOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/010_ten.sql":     {Data: []byte("ten")},
		"migrations/002_two.sql":     {Data: []byte("two")},
		"migrations/001_initial.sql": {Data: []byte("one")},
		"migrations/README":          {Data: []byte("not a migration")},
	}
	ms, err := Migrations(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprint(m.Version, " ", m.Name, " ", m.Body))
	}
	if want := "[1 001_initial.sql one 2 002_two.sql two 10 010_ten.sql ten]"; fmt.Sprint(got) != want {
		t.Fatalf("migrations %v, want %v", got, want)
	}
	fsys["migrations/three.sql"] = &fstest.MapFile{Data: []byte("x")}
	if _, err := Migrations(fsys); err == nil {
		t.Fatal("a migration without a number was accepted")
	}
}
