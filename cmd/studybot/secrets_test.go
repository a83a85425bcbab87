package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestLibpqKeyValueStringIsRefused: a libpq "key=value" connection string in STUDYBOT_DB is not taken as
// the name of a SQLite file (which would start studybot on an empty local database): every command that
// opens the database stops with one line naming STUDYBOT_DB, exit 2, without the password.
func TestLibpqKeyValueStringIsRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // were the string taken as a file name, the file would be made here
	for _, dsn := range []string{
		"host=db.internal user=studybot password=s3cret dbname=studybot",
		"dbname=studybot password='s3cret' sslmode=require",
		"  user=studybot password=s3cret",
	} {
		env := map[string]string{"STUDYBOT_DB": dsn, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0",
			"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
		for _, args := range [][]string{{"serve"}, {"console"}, {"backup", filepath.Join(dir, "b.db")}} {
			code, out, errOut := runCLIStopped(t, env, args...)
			if code != exitConfig || !strings.HasPrefix(errOut, "studybot: STUDYBOT_DB: ") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Fatalf("%s with %q: exit %d, stderr %q", args[0], dsn, code, errOut)
			}
			if !strings.Contains(errOut, "postgres://") || strings.Contains(errOut+out, "s3cret") {
				t.Fatalf("%s with %q: stderr %q", args[0], dsn, errOut)
			}
		}
		code, _, errOut := runCLI(t, nil, "", "migrate", filepath.Join(dir, "x.db"), dsn)
		if code != exitConfig || strings.Contains(errOut, "s3cret") || !strings.Contains(errOut, "migrate TO") {
			t.Fatalf("migrate to %q: exit %d, stderr %q", dsn, code, errOut)
		}
	}
	// A file name with an equals sign in it is still a SQLite file.
	code, _, errOut := runCLI(t, map[string]string{"STUDYBOT_DB": filepath.Join(dir, "a=b.db")}, "/study help\n", "console")
	if code != 0 {
		t.Fatalf("a=b.db: exit %d, stderr %q", code, errOut)
	}
}

// runCLIStopped runs the program as runCLI does, with a context that has already ended: a command that
// gets past its configuration returns at once instead of serving.
func runCLIStopped(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code = run(ctx, args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}
