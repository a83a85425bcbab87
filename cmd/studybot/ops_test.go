package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/internal/logbuf"
)

// TestMain lets a test run this very binary as the real `studybot` in a child process: with
// STUDYBOT_TEST_CHILD=1 the test binary runs main with the arguments after "--".
func TestMain(m *testing.M) {
	if os.Getenv("STUDYBOT_TEST_CHILD") == "1" {
		args := os.Args
		for i, a := range args {
			if a == "--" {
				os.Args = append([]string{"studybot"}, args[i+1:]...)
				break
			}
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// child starts `studybot ARGS...` as a separate process with the given environment.
type child struct {
	cmd    *exec.Cmd
	addr   string
	stderr *logbuf.Buffer
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startChild(t *testing.T, env map[string]string, args ...string) *child {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = []string{"STUDYBOT_TEST_CHILD=1", "STUDYBOT_HTTP_ADDR=" + addr, "STUDYBOT_LOG_FORMAT=json"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	c := &child{cmd: cmd, addr: addr, stderr: &logbuf.Buffer{}}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// Ready when /healthz answers; the child logs "studybot serving" first.
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("child never became healthy:\n%s", c.stderr.String())
		}
		time.Sleep(20 * time.Millisecond) // waiting for another process to listen; not a timing assertion
	}
}

func slackEnv(t *testing.T, fake *slacktest.Server, db string) map[string]string {
	return map[string]string{"STUDYBOT_DB": db, "SLACK_BOT_TOKEN": "xoxb-child-token", "SLACK_SIGNING_SECRET": "child-secret",
		"SLACK_API_URL": fake.APIURL()}
}

// TestSIGTERMFinishesInFlightRequests sends SIGTERM while a /study post is waiting on Slack: the request
// completes, and the process exits 0.
func TestSIGTERMFinishesInFlightRequests(t *testing.T) {
	fake := slacktest.NewServer()
	defer fake.Close()
	fake.SetAdmin("UADMIN")
	c := startChild(t, slackEnv(t, fake, filepath.Join(t.TempDir(), "s.db")), "serve")
	arrived, release := fake.Hold("chat.postMessage")
	type result struct {
		code int
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		body := slacktest.SlashCommand("T1", "C1", "UADMIN", "admin", "post", fake.Hook("x"))
		resp, err := http.DefaultClient.Do(slacktest.Request("http://"+c.addr+"/slack/commands", "application/x-www-form-urlencoded", "child-secret", body, time.Now()))
		if err != nil {
			done <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- result{code: resp.StatusCode, body: string(b)}
	}()
	<-arrived // the post is in flight, held at Slack
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// New connections are refused while the in-flight request is still held.
	waitFor(t, func() bool {
		_, err := http.Get("http://" + c.addr + "/healthz")
		return err != nil
	})
	release()
	r := <-done
	if r.err != nil || r.code != 200 || !strings.Contains(r.body, "Posted a new question") {
		t.Fatalf("in-flight request: %v %d %s", r.err, r.code, r.body)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, c.stderr.String())
	}
	if !strings.Contains(c.stderr.String(), "shutting down") {
		t.Fatalf("no shutdown log:\n%s", c.stderr.String())
	}
	if strings.Contains(c.stderr.String(), "xoxb-child-token") || strings.Contains(c.stderr.String(), "child-secret") {
		t.Fatal("a secret appears in the logs")
	}
}

// waitFor polls a condition another process will make true.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestKill9LosesNoAnsweredClick kills serve with SIGKILL in the middle of a burst of clicks; after it,
// every click that got its reply is in the database.
func TestKill9LosesNoAnsweredClick(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(9)
	db := filepath.Join(t.TempDir(), "s.db")
	env := map[string]string{"STUDYBOT_DB": db, "DISCORD_BOT_TOKEN": "child-token", "DISCORD_APP_ID": "42",
		"DISCORD_PUBLIC_KEY": key.PublicHex(), "DISCORD_GATEWAY": "false", "DISCORD_API_BASE": fake.APIBase()}
	c := startChild(t, env, "serve")
	url := "http://" + c.addr + "/discord/interactions"
	send := func(body []byte) (int, string) {
		resp, err := http.DefaultClient.Do(key.Request(url, body, time.Now()))
		if err != nil {
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := send(discordtest.Command("g", "c", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}, "post", nil)); code != 200 {
		t.Fatal("post failed")
	}
	button := fake.CardButtons("c", 0)[1]

	var mu sync.Mutex
	var answered []string
	var wg sync.WaitGroup
	clicks := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range clicks {
				id := fmt.Sprint(10000 + i)
				code, body := send(discordtest.Click("g", "c", discordtest.Member{ID: id, Name: "M" + id}, button, "m"))
				if code == 200 && (strings.Contains(body, "Correct!") || strings.Contains(body, "Not quite")) {
					mu.Lock()
					answered = append(answered, id)
					mu.Unlock()
				}
			}
		}()
	}
	killed := false
	for i := 0; i < 2000; i++ {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 100 && !killed {
			c.cmd.Process.Kill()
			killed = true
		}
		if killed && i%50 == 0 {
			break
		}
		clicks <- i
	}
	close(clicks)
	wg.Wait()
	c.cmd.Wait()
	if !killed {
		t.Fatal("the burst ended before the kill")
	}
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stored := map[string]bool{}
	rows, err := conn.Query(`SELECT user_id FROM answers`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u string
		rows.Scan(&u)
		stored[u] = true
	}
	rows.Close()
	for _, id := range answered {
		if !stored[id] {
			t.Fatalf("member %s got a reply but the answer is not in the database (%d replied, %d stored)", id, len(answered), len(stored))
		}
	}
	t.Logf("%d clicks answered before SIGKILL, %d answers stored", len(answered), len(stored))
	// The database opens cleanly after the crash, through the real program.
	if code, out, errOut := runCLI(t, map[string]string{"STUDYBOT_DB": db}, "/study leaderboard all\n", "console"); code != 0 || !strings.Contains(out, "Leaderboard") {
		t.Fatalf("reopen after kill: %d %s %s", code, out, errOut)
	}
}

func TestHealthzReportsUnwritableDatabase(t *testing.T) {
	fake := slacktest.NewServer()
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "s.db")
	var logs jsonLogs
	m := startMain(t, map[string]string{"STUDYBOT_DB": db, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0", "SLACK_BOT_TOKEN": "xoxb-1",
		"SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": fake.APIURL()}, logs.attach)
	health := func() (int, map[string]string) {
		resp, err := http.Get("http://" + m.Addr() + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		// Anyone may ask: the answer names no file, host, user or error.
		for _, detail := range []string{filepath.Dir(db), "s.db", "read-only", "locked", "sqlite", "attempt to write"} {
			if strings.Contains(string(body), detail) {
				t.Fatalf("/healthz shows %q: %s", detail, body)
			}
		}
		var h map[string]string
		json.Unmarshal(body, &h)
		return resp.StatusCode, h
	}
	if code, h := health(); code != 200 || h["database"] != "ok" {
		t.Fatalf("healthy: %d %v", code, h)
	}
	// The file is gone: the answer names no path, the log does.
	os.Rename(db, db+".moved")
	if code, h := health(); code != 503 || h["database"] != "unavailable" || !strings.Contains(logs.String(), db) {
		t.Fatalf("file gone: %d %v\n%s", code, h, logs.String())
	}
	os.Rename(db+".moved", db)
	if code, _ := health(); code != 200 || !strings.Contains(logs.String(), "database available again") {
		t.Fatalf("file back: %d\n%s", code, logs.String())
	}
	os.Chmod(db, 0o444)
	for range 3 {
		if code, h := health(); code != 503 || h["database"] != "unavailable" {
			t.Fatalf("read-only: %d %v", code, h)
		}
	}
	// The cause goes to the log, once for the three checks.
	if n := strings.Count(logs.String(), "read-only"); n != 1 {
		t.Fatalf("the read-only cause is logged %d times, want once:\n%s", n, logs.String())
	}
	os.Chmod(db, 0o644)
	if code, _ := health(); code != 200 {
		t.Fatalf("after read-only: %d", code)
	}
	// Another process holding the write lock also makes the database unwritable.
	other, err := sql.Open("sqlite3", "file:"+db+"?_txlock=exclusive")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if code, h := health(); code != 503 || h["database"] != "unavailable" || !strings.Contains(logs.String(), "database is locked") {
		t.Fatalf("locked: %d %v\n%s", code, h, logs.String())
	}
	tx.Rollback()
	if code, _ := health(); code != 200 {
		t.Fatalf("after the lock: %d", code)
	}
}

func TestMetricsMoveWithInteractions(t *testing.T) {
	fake := slacktest.NewServer()
	defer fake.Close()
	fake.SetAdmin("UADMIN")
	m := startMain(t, map[string]string{"STUDYBOT_DB": filepath.Join(t.TempDir(), "s.db"), "STUDYBOT_HTTP_ADDR": "127.0.0.1:0",
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": fake.APIURL()})
	url := "http://" + m.Addr()
	send := func(path string, body []byte) {
		resp, err := http.DefaultClient.Do(slacktest.Request(url+path, "application/x-www-form-urlencoded", "s", body, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	send("/slack/commands", slacktest.SlashCommand("T1", "C1", "UADMIN", "a", "post", fake.Hook("p")))
	send("/slack/commands", slacktest.SlashCommand("T1", "C1", "U2", "b", "leaderboard", fake.Hook("l")))
	send("/slack/interactions", slacktest.BlockActions("T1", "C1", "U3", fake.CardActions(0)[0], fake.Hook("c"), "1.1"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m.Slack.Idle(ctx)
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	metrics := map[string]string{}
	sc := bufio.NewScanner(resp.Body)
	line := regexp.MustCompile(`^(\S+) (\S+)$`)
	for sc.Scan() {
		if mm := line.FindStringSubmatch(sc.Text()); mm != nil {
			metrics[mm[1]] = mm[2]
		}
	}
	for name, want := range map[string]string{
		`studybot_interactions_total{kind="command",outcome="ok",platform="slack"}`:    "2",
		`studybot_interactions_total{kind="button",outcome="ok",platform="slack"}`:     "1",
		`studybot_questions_posted_total{platform="slack"}`:                            "1",
		`studybot_interaction_duration_seconds_count{kind="command",platform="slack"}`: "2",
	} {
		if metrics[name] != want {
			t.Errorf("%s = %q, want %s", name, metrics[name], want)
		}
	}
	if metrics[`studybot_answers_recorded_total{correct="false",platform="slack"}`]+metrics[`studybot_answers_recorded_total{correct="true",platform="slack"}`] == "" {
		t.Error("answers_recorded did not move")
	}
	if metrics["go_goroutines"] == "" {
		t.Error("Go runtime metrics missing")
	}
}

// TestBackupWhileServing takes a backup with the CLI while the server records answers.
func TestBackupWhileServing(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(4)
	db := filepath.Join(t.TempDir(), "s.db")
	m := startMain(t, map[string]string{"STUDYBOT_DB": db, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0", "DISCORD_BOT_TOKEN": "t",
		"DISCORD_APP_ID": "1", "DISCORD_PUBLIC_KEY": key.PublicHex(), "DISCORD_GATEWAY": "false", "DISCORD_API_BASE": fake.APIBase()})
	url := "http://" + m.Addr() + "/discord/interactions"
	send := func(body []byte) {
		resp, err := http.DefaultClient.Do(key.Request(url, body, time.Now()))
		if err == nil {
			resp.Body.Close()
		}
	}
	send(discordtest.Command("g", "c", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}, "post", nil))
	button := fake.CardButtons("c", 0)[0]
	click := func(i int) {
		send(discordtest.Click("g", "c", discordtest.Member{ID: fmt.Sprint(i), Name: fmt.Sprint("M", i)}, button, "m"))
	}
	for i := 100; i < 150; i++ {
		click(i)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1000; ; i++ {
			select {
			case <-stop:
				return
			default:
				click(i)
			}
		}
	}()
	backup := filepath.Join(t.TempDir(), "backup.db")
	code, out, errOut := runCLI(t, map[string]string{"STUDYBOT_DB": db}, "", "backup", backup)
	close(stop)
	wg.Wait()
	if code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	conn, err := sql.Open("sqlite3", "file:"+backup+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM answers WHERE CAST(user_id AS INTEGER) BETWEEN 100 AND 149`).Scan(&n); err != nil || n != 50 {
		t.Fatalf("backup holds %d of the 50 answers written before it (err %v)", n, err)
	}
	var check string
	conn.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if check != "ok" {
		t.Fatalf("backup integrity: %s", check)
	}
}
