package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/studybot/studybot/app/server"
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

// TestSecretsComeFromTheEnvironmentOrAFile: tokens, the signing secret and a PostgreSQL URL with a password
// are read from the environment or from the file NAME_FILE names (Docker's and Kubernetes' secrets), never
// from a flag, which ps shows to every user of the machine. A secret flag stops start-up with one line
// that says where to put it instead, and does not repeat the value.
func TestSecretsComeFromTheEnvironmentOrAFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tokenFile := file("slack-token", "xoxb-from-file\n")
	secretFile := file("slack-secret", "secret-from-file\n")
	serve := func(env map[string]string, args ...string) *server.Main {
		t.Helper()
		m := server.NewMain()
		if err := m.ParseConfig(args, func(k string) string { return env[k] }, io.Discard); err != nil {
			t.Fatalf("%v: %v", env, err)
		}
		return m
	}
	// The environment, as before.
	if m := serve(map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN": "xoxb-env", "SLACK_SIGNING_SECRET": "env-secret"}); m.Config.SlackBotToken != "xoxb-env" || m.Config.SlackSigningSecret != "env-secret" {
		t.Fatalf("from the environment: %+v", m.Config)
	}
	// Files, their final newline dropped.
	m := serve(map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN_FILE": tokenFile, "SLACK_SIGNING_SECRET_FILE": secretFile,
		"DISCORD_BOT_TOKEN_FILE": file("discord", "discord-from-file"), "DISCORD_APP_ID": "1",
		"SLACK_APP_TOKEN_FILE": file("app", "xapp-from-file\r\n")})
	if c := m.Config; c.SlackBotToken != "xoxb-from-file" || c.SlackSigningSecret != "secret-from-file" || c.DiscordToken != "discord-from-file" || c.SlackAppToken != "xapp-from-file" {
		t.Fatalf("from files: %+v", c)
	}
	// A PostgreSQL URL from a file (not opened here).
	pg := "postgres://studybot:s3cret@db.internal/studybot"
	if m := serve(map[string]string{"STUDYBOT_DB_FILE": file("db", pg+"\n"), "SLACK_BOT_TOKEN": "xoxb-env", "SLACK_SIGNING_SECRET": "s"}); m.Config.DB != pg {
		t.Fatalf("STUDYBOT_DB_FILE: %q", m.Config.DB)
	}
	// Flags that are not secret still work.
	if m := serve(map[string]string{"SLACK_BOT_TOKEN": "xoxb-env", "SLACK_SIGNING_SECRET": "s"}, "-db", db, "-log-level", "debug"); m.Config.DB != db || m.Config.LogLevel != "debug" {
		t.Fatalf("flags: %+v", m.Config)
	}

	refused := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"discord token flag", map[string]string{"STUDYBOT_DB": db}, []string{"-discord-token", "tok-s3cret"}, "DISCORD_BOT_TOKEN: -discord-token is not accepted"},
		{"slack token flag", map[string]string{"STUDYBOT_DB": db}, []string{"--slack-bot-token=xoxb-s3cret"}, "SLACK_BOT_TOKEN: -slack-bot-token is not accepted"},
		{"signing secret flag", map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN": "xoxb-env"}, []string{"-slack-signing-secret", "s3cret"}, "SLACK_SIGNING_SECRET: -slack-signing-secret is not accepted"},
		{"app token flag", map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN": "xoxb-env"}, []string{"-slack-app-token=xapp-s3cret"}, "SLACK_APP_TOKEN: -slack-app-token is not accepted"},
		{"postgres password flag", map[string]string{"SLACK_BOT_TOKEN": "xoxb-env", "SLACK_SIGNING_SECRET": "s"}, []string{"-db", "postgres://studybot:s3cret@db/studybot"}, "STUDYBOT_DB: -db is not accepted with a password in the URL"},
		{"both variable and file", map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN": "xoxb-s3cret", "SLACK_BOT_TOKEN_FILE": tokenFile, "SLACK_SIGNING_SECRET": "s"}, nil, "SLACK_BOT_TOKEN: both SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are set"},
		{"missing file", map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN_FILE": filepath.Join(dir, "nope"), "SLACK_SIGNING_SECRET": "s"}, nil, "SLACK_BOT_TOKEN_FILE: cannot read"},
		{"empty file", map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN_FILE": file("empty", "\n"), "SLACK_SIGNING_SECRET": "s"}, nil, "SLACK_BOT_TOKEN_FILE: " + filepath.Join(dir, "empty") + " is empty"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLIStopped(t, tt.env, append([]string{"serve"}, tt.args...)...)
			if code != exitConfig || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q; want exit 2 and one line containing %q", code, errOut, tt.want)
			}
			if strings.Contains(errOut+out, "s3cret") {
				t.Fatalf("the secret is repeated: %q", errOut)
			}
		})
	}
	// The refusal says where the value goes instead.
	_, _, errOut := runCLIStopped(t, map[string]string{"STUDYBOT_DB": db}, "serve", "-discord-token", "x")
	if !strings.Contains(errOut, "set DISCORD_BOT_TOKEN or DISCORD_BOT_TOKEN_FILE") {
		t.Fatalf("stderr %q", errOut)
	}
	// help lists no flag for a secret, and names the _FILE variable.
	_, help, _ := runCLI(t, nil, "", "help")
	if strings.Contains(help, "-discord-token") || strings.Contains(help, "-slack-bot-token") || !strings.Contains(help, "DISCORD_BOT_TOKEN_FILE") {
		t.Fatalf("help:\n%s", help)
	}
}
