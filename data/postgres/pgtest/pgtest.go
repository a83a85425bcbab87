// Package pgtest gives tests and benchmarks a PostgreSQL database of their own: a fresh schema on the
// server named by STUDYBOT_TEST_POSTGRES, dropped when the test ends, so that tests run in parallel and
// leave nothing behind. Without that variable a test is skipped, unless CI is set: then it fails, so that
// CI cannot pass without having run them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN is the variable that names the test server (a postgres:// URL of a role that may create schemas).
const EnvDSN = "STUDYBOT_TEST_POSTGRES"

// Server returns the test server's URL, skipping the test when there is none (failing it under CI).
func Server(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is not set, but CI is: .ci/run starts a PostgreSQL server for these tests", EnvDSN)
		}
		tb.Skipf("PostgreSQL tests need %s=postgres://… (scripts/pg-scratch.sh start DIR prints one)", EnvDSN)
	}
	return dsn
}

// DSN creates a schema of its own on the test server and returns a URL whose connections use it; the
// schema and everything in it are dropped when the test ends.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn, drop, err := NewSchema(context.Background(), Server(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Errorf("drop test schema: %v", err)
		}
	})
	return dsn
}

// NewSchema creates a schema with a random name on the server at dsn and returns a URL whose connections
// use it (search_path), and a function that drops it.
func NewSchema(ctx context.Context, dsn string) (string, func() error, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	name := "studybot_test_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("connect to the test server: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+name); err != nil {
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	drop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		// Connections a test left open (a killed process's) would hold locks on the schema's tables.
		conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()
			AND query NOT LIKE '%pg_terminate_backend%' AND application_name = $1`, name)
		_, err = conn.Exec(ctx, `DROP SCHEMA `+name+` CASCADE`)
		return err
	}
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
