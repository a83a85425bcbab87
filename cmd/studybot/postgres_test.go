package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/data/postgres/pgtest"
)

// TestConsoleAndMigrateOnPostgres runs a console session on a SQLite file, copies the file into
// PostgreSQL with `studybot migrate`, goes on in the console on PostgreSQL, and copies that back into a
// new SQLite file: the leaderboard is the same at every step.
func TestConsoleAndMigrateOnPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	lite, back := filepath.Join(dir, "s.db"), filepath.Join(dir, "back.db")
	session := "/study post\n/as alice\n/answer A\n/as bob\n/answer B\n/as you\n"
	code, out, errOut := runCLI(t, nil, session+"/study leaderboard all\n", "console", "-db", lite, "-now", "2026-03-02T08:00:00Z")
	if code != 0 || !strings.Contains(out, "Leaderboard") {
		t.Fatalf("console on SQLite: %d %s %s", code, out, errOut)
	}
	board := func(out string) string {
		t.Helper()
		i := strings.LastIndex(out, "Leaderboard · All time")
		if i < 0 {
			t.Fatalf("no leaderboard in:\n%s", out)
		}
		return out[i:]
	}
	want := board(out)

	code, out, errOut = runCLI(t, nil, "", "migrate", lite, dsn)
	if code != 0 || !strings.Contains(out, "answers") || !strings.Contains(out, "sampled rows compared") {
		t.Fatalf("migrate to PostgreSQL: %d %s %s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, map[string]string{"STUDYBOT_DB": dsn}, "/study leaderboard all\n", "console", "-now", "2026-03-02T09:00:00Z")
	if code != 0 || board(out) != want {
		t.Fatalf("console on PostgreSQL: %d\n%s\nwant\n%s\n%s", code, board(out), want, errOut)
	}
	// A second copy into the same database is refused and changes nothing.
	if code, _, errOut = runCLI(t, nil, "", "migrate", lite, dsn); code != 1 || !strings.Contains(errOut, "not empty") {
		t.Fatalf("migrate into a full database: %d %s", code, errOut)
	}
	code, out, errOut = runCLI(t, nil, "", "migrate", dsn, back)
	if code != 0 {
		t.Fatalf("migrate back: %d %s %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, nil, "/study leaderboard all\n", "console", "-db", back, "-now", "2026-03-02T09:00:00Z")
	if code != 0 || board(out) != want {
		t.Fatalf("console on the copy back: %d\n%s", code, out)
	}
	// Backups of PostgreSQL are pg_dump's.
	if code, _, errOut = runCLI(t, map[string]string{"STUDYBOT_DB": dsn}, "", "backup", filepath.Join(dir, "b.db")); code != 2 || !strings.Contains(errOut, "pg_dump") {
		t.Fatalf("backup of PostgreSQL: %d %s", code, errOut)
	}
}

func TestMigrateUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate"}, "usage: studybot migrate FROM TO"},
		{[]string{"migrate", filepath.Join(dir, "missing.db"), "postgres://db/x"}, "missing.db does not exist"},
		{[]string{"migrate", filepath.Join(dir, "x.db"), "postgres://u:secret@db:port/x"}, "migrate TO: is not a valid URL"},
		{[]string{"migrate", filepath.Join(dir, "x.db"), "postgres://u:secret@db/x?sslmode=sometimes"}, "migrate TO: is not a valid PostgreSQL URL"},
		{[]string{"migrate", filepath.Join(dir, "x.db"), "mysql://db/x"}, "migrate TO: is a URL but not postgres://"},
	} {
		code, _, errOut := runCLI(t, nil, "", tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "secret") {
			t.Errorf("%v: exit %d, %q (want %q)", tc.args, code, errOut, tc.want)
		}
	}
	// A malformed URL in STUDYBOT_DB stops serve with the variable's name.
	code, _, errOut := runCLI(t, map[string]string{"STUDYBOT_DB": "postgres://u:secret@db:port/x", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, "", "serve")
	if code != 2 || !strings.HasPrefix(errOut, "studybot: STUDYBOT_DB: is not a valid URL") || strings.Contains(errOut, "secret") {
		t.Fatalf("serve with a bad URL: %d %q", code, errOut)
	}
}

// TestGatewayOnOneReplicaAtATime: two replicas on one PostgreSQL database with the Discord gateway on.
// One holds the gateway and the other waits on standby, so an interaction reaches one replica; when the
// holder stops, the other takes the gateway over.
func TestGatewayOnOneReplicaAtATime(t *testing.T) {
	dsn := pgtest.DSN(t)
	fake := discordtest.NewServer()
	defer fake.Close()
	env := discordEnv(t, fake, "gw-token")
	env["STUDYBOT_DB"] = dsn
	start := func() (*server.Main, func()) {
		m, stop := runMain(t, env, func(m *server.Main) { m.GatewayRetry = 50 * time.Millisecond })
		<-m.Started()
		return m, stop
	}
	first, stopFirst := start()
	waitFor(t, func() bool { return len(fake.Identifies()) == 1 })
	second, _ := start()
	waitFor(t, func() bool { return strings.Contains(getHealth(t, "http://"+second.Addr())["discord"], "standby") })
	if h := getHealth(t, "http://"+first.Addr()); h["discord"] != "ok" {
		t.Fatalf("the holder's health: %v", h)
	}
	mod := discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}
	if _, err := fake.Interact(discordtest.Command("g", "c", mod, "post", nil), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Identifies()); n != 1 {
		t.Fatalf("%d gateway sessions identified with two replicas up, want 1", n)
	}
	if cards := fake.Calls("POST", "/api/v9/channels/c/messages"); len(cards) != 1 {
		t.Fatalf("one /study post over the gateway posted %d cards", len(cards))
	}
	stopFirst()
	waitFor(t, func() bool { return len(fake.Identifies()) == 2 })
	waitFor(t, func() bool { return getHealth(t, "http://"+second.Addr())["discord"] == "ok" })
	reply, err := fake.Interact(discordtest.Click("g", "c", discordtest.Member{ID: "2", Name: "Bea"}, fake.CardButtons("c", 0)[0], "m"), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := reply["data"].(map[string]any); data == nil || !strings.Contains(fmt.Sprint(data["content"]), "points") {
		t.Fatalf("click over the gateway after the takeover: %v", reply)
	}
}
