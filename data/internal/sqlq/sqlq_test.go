package sqlq

import "testing"

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
