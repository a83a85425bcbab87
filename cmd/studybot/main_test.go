package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// runCLI runs the real program in-process with the given environment and standard input.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

// TestREADMEDemo runs the scripted demo exactly as README.md shows it.
func TestREADMEDemo(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- demo:start -->\\s*```sh\\s*go run ./cmd/studybot (console[^\\n]*?) <<'EOF'\\n(.*?)\\nEOF\\n```\\s*<!-- demo:end -->").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no demo block")
	}
	cmdline := strings.Replace(string(m[1]), `"$(mktemp -d)/demo.db"`, filepath.Join(t.TempDir(), "demo.db"), 1)
	args := strings.Fields(cmdline)
	code, out, errOut := runCLI(t, nil, string(m[2]), args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"Scheduled: a question at 09:00 America/New_York, mon-fri",
		"] Question of the day · ",            // the card in the channel
		"[answer with /answer A-D]",           // its buttons
		"(only alice sees this)",              // private feedback
		"You already answered C",              // carol's second click
		"Reveal: ",                            // the reveal when the next question posts
		"3 members answered",                  // with the count
		"(the question card msg-1 was closed", // and the original card closed
		"Leaderboard · This week",
		"Stats for alice",
		"retired",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
	// The scheduled 09:00 post fired on the way: two cards in all, the second at 09:00.
	if n := strings.Count(out, "] Question of the day"); n != 2 {
		t.Errorf("%d cards posted, want 2 (the manual one and the 09:00 one)", n)
	}
	if !strings.Contains(out, "[#study Mon 09:00] Reveal") {
		t.Error("the reveal did not come at 09:00")
	}
}

func TestPackValidate(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "", "pack", "validate", "../../data/packs/healthcare-it.yaml", "../../quiz/testdata/bad.yaml")
	if code != exitFail {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "healthcare-it.yaml: ok") {
		t.Errorf("valid pack not reported ok: %s", out)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	re := regexp.MustCompile(`^\.\./\.\./quiz/testdata/bad\.yaml:\d+: [a-z\[\]0-9.]+: .+`)
	problems := 0
	for _, l := range lines {
		if re.MatchString(l) {
			problems++
		}
	}
	if problems < 10 {
		t.Fatalf("%d file:line: field: message lines, want every problem:\n%s", problems, errOut)
	}
	if code, _, _ := runCLI(t, nil, "", "pack", "validate", "../../data/packs/healthcare-it.yaml"); code != 0 {
		t.Fatalf("valid pack: exit %d", code)
	}
}

var packVersion = regexp.MustCompile(`(?m)^version: (\d+)$`)

func TestPackImportIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	env := map[string]string{"STUDYBOT_DB": db}
	src, _ := os.ReadFile("../../data/packs/healthcare-it.yaml")

	if code, _, errOut := runCLI(t, env, "", "pack", "import", "../../quiz/testdata/bad.yaml"); code != exitFail || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("bad pack import: exit %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, env, "", "pack", "export", "bad-pack"); code == 0 {
		t.Fatal("a pack with errors was stored")
	}

	// The embedded pack's next version.
	embedded := packVersion.FindStringSubmatch(string(src))
	if embedded == nil {
		t.Fatal("the pack has no version line")
	}
	n, _ := strconv.Atoi(embedded[1])
	next := strconv.Itoa(n + 1)
	v2 := packVersion.ReplaceAllString(string(src), "version: "+next)
	v2 = strings.Replace(v2, "title: Healthcare IT Technician", "title: Healthcare IT Technician (next)", 1)
	f := filepath.Join(dir, "v2.yaml")
	os.WriteFile(f, []byte(v2), 0o644)
	if code, out, errOut := runCLI(t, env, "", "pack", "import", f); code != 0 || !strings.Contains(out, "imported pack healthcare-it v"+next) {
		t.Fatalf("import: exit %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, env, "", "pack", "import", f); code == 0 || !strings.Contains(errOut, "not newer") {
		t.Fatalf("re-import of the same version: exit %d %s", code, errOut)
	}
	code, out, _ := runCLI(t, env, "", "pack", "export", "healthcare-it")
	if code != 0 || out != v2 {
		t.Fatalf("export did not return the imported pack (exit %d)", code)
	}
	// The console now runs on the imported version.
	_, out, _ = runCLI(t, env, "/study post\n", "console")
	if !strings.Contains(out, "Question of the day") {
		t.Fatalf("console on imported pack: %s", out)
	}
}

func TestPackStats(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "pack", "stats")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"pack healthcare-it", "per domain", "per objective", "difficulty", "correct answer position", "FAQ entries"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q", want)
		}
	}
}

func TestDatabaseFileProblems(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("my notes"), 0o644)
	code, _, errOut := runCLI(t, map[string]string{"STUDYBOT_DB": notDB}, "/study help\n", "console")
	if code == 0 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "is not a SQLite database") {
		t.Fatalf("non-SQLite file: exit %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(notDB); string(b) != "my notes" {
		t.Fatal("file changed")
	}
	ro := filepath.Join(dir, "ro.db")
	os.WriteFile(ro, nil, 0o444)
	code, _, errOut = runCLI(t, nil, "", "console", "-db", ro)
	if code == 0 || !strings.Contains(errOut, "is read-only") {
		t.Fatalf("read-only file: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, nil, "", "console", "-db", filepath.Join(dir, "nope", "x.db"))
	if code != exitConfig || !strings.Contains(errOut, "STUDYBOT_DB: directory") {
		t.Fatalf("missing directory: exit %d, stderr %q", code, errOut)
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	base := map[string]string{"STUDYBOT_DB": filepath.Join(dir, "s.db"), "STUDYBOT_HTTP_ADDR": "127.0.0.1:0"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	key := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no platform", with(), "DISCORD_BOT_TOKEN: no chat platform is configured"},
		{"short public key", with("DISCORD_BOT_TOKEN", "t", "DISCORD_APP_ID", "1", "DISCORD_PUBLIC_KEY", "abc"), "DISCORD_PUBLIC_KEY: must be 64 hex characters"},
		{"token without app id", with("DISCORD_BOT_TOKEN", "t"), "DISCORD_APP_ID: is required"},
		{"endpoint only without key", with("DISCORD_BOT_TOKEN", "t", "DISCORD_APP_ID", "1", "DISCORD_GATEWAY", "false"), "DISCORD_PUBLIC_KEY: is required when DISCORD_GATEWAY=false"},
		{"gateway not bool", with("DISCORD_BOT_TOKEN", "t", "DISCORD_APP_ID", "1", "DISCORD_GATEWAY", "maybe"), "DISCORD_GATEWAY:"},
		{"guild ids", with("DISCORD_BOT_TOKEN", "t", "DISCORD_APP_ID", "1", "DISCORD_PUBLIC_KEY", key, "DISCORD_GUILD_IDS", "12,abc"), "DISCORD_GUILD_IDS:"},
		{"slack token alone", with("SLACK_BOT_TOKEN", "xoxb-1"), "SLACK_BOT_TOKEN: needs SLACK_SIGNING_SECRET"},
		{"slack app token", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xoxb-2"), "SLACK_APP_TOKEN: must be an app-level token"},
		{"slack api url", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "SLACK_API_URL", "http://x/"), "SLACK_API_URL:"},
		{"bad addr", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_HTTP_ADDR", "localhost"), "STUDYBOT_HTTP_ADDR:"},
		{"missing db dir", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_DB", "/nonexistent/dir/s.db"), "STUDYBOT_DB: directory /nonexistent/dir does not exist"},
		{"log level", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_LOG_LEVEL", "loud"), "STUDYBOT_LOG_LEVEL:"},
		{"log format", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_LOG_FORMAT", "xml"), "STUDYBOT_LOG_FORMAT:"},
		{"public url", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_PUBLIC_URL", "study.example.com"), "STUDYBOT_PUBLIC_URL:"},
		{"trusted proxies", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_TRUSTED_PROXIES", "10.0.0.0/8, caddy"), "STUDYBOT_TRUSTED_PROXIES: \"caddy\" is not an address"},
		{"outbox lease", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_OUTBOX_LEASE", "20"), "STUDYBOT_OUTBOX_LEASE:"},
		{"public url with query", with("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "STUDYBOT_PUBLIC_URL", "https://x.example/?a=1"), "STUDYBOT_PUBLIC_URL:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.env, "", "serve")
			if code != exitConfig {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Fatalf("stderr %q, want one line containing %q", errOut, tt.want)
			}
			for _, secret := range []string{"xoxb-1", "xoxb-2"} {
				if strings.Contains(errOut, secret) {
					t.Fatalf("a token leaked into the error: %q", errOut)
				}
			}
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := runCLI(t, map[string]string{"DISCORD_BOT_TOKEN": "secret-token"}, "", "help")
	if code != 0 || !strings.Contains(out, "DISCORD_PUBLIC_KEY") || !strings.Contains(out, "studybot console") {
		t.Fatalf("help: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "secret-token") {
		t.Fatal("help printed a token")
	}
	code, out, _ = runCLI(t, nil, "", "version")
	if code != 0 || !strings.HasPrefix(out, "studybot ") || !strings.Contains(out, "revision") {
		t.Fatalf("version: %q", out)
	}
	if code, _, _ := runCLI(t, nil, "", "frobnicate"); code != exitConfig {
		t.Fatalf("unknown command: exit %d", code)
	}
}

// TestFlagsAfterTheFile: "studybot help" shows "pack import FILE [-db FILE]"; the flag works after the
// file as well as before it, for every command that takes one.
func TestFlagsAfterTheFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	src, _ := os.ReadFile("../../data/packs/healthcare-it.yaml")
	v := packVersion.FindStringSubmatch(string(src))
	n, _ := strconv.Atoi(v[1])
	f := filepath.Join(dir, "next.yaml")
	os.WriteFile(f, []byte(packVersion.ReplaceAllString(string(src), "version: "+strconv.Itoa(n+1))), 0o644)
	if code, out, errOut := runCLI(t, nil, "", "pack", "import", f, "-db", db); code != 0 || !strings.Contains(out, "imported pack") {
		t.Fatalf("pack import FILE -db DB: exit %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, nil, "", "pack", "export", "healthcare-it", "-db", db); code != 0 || !strings.Contains(out, "version: "+strconv.Itoa(n+1)) {
		t.Fatalf("pack export NAME -db DB: exit %d, not the imported pack", code)
	}
	backup := filepath.Join(dir, "copy.db")
	if code, out, errOut := runCLI(t, nil, "", "backup", backup, "-db", db); code != 0 || !strings.Contains(out, "backed up "+db) {
		t.Fatalf("backup FILE -db DB: exit %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Fatal(err)
	}
	_, help, _ := runCLI(t, nil, "", "help")
	for _, want := range []string{"pack import FILE [-db FILE]", "pack export NAME [-db FILE]", "backup FILE [-db FILE]"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// TestConsoleHonoursThePackSetting: the console takes STUDYBOT_PACK and -pack exactly as serve does; an
// unknown pack stops it with one line naming the setting, exit 2.
func TestConsoleHonoursThePackSetting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	for _, tc := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"STUDYBOT_PACK": "nope", "STUDYBOT_DB": db}, []string{"console"}},
		{map[string]string{"STUDYBOT_DB": db}, []string{"console", "-pack", "nope"}},
	} {
		code, out, errOut := runCLI(t, tc.env, "/study post\n", tc.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != exitConfig || len(lines) != 1 || !strings.Contains(errOut, `STUDYBOT_PACK: no pack "nope" has been imported`) || out != "" {
			t.Errorf("%v %v: exit %d, stdout %q, stderr %q; want exit 2 and one line", tc.env, tc.args, code, out, errOut)
		}
	}
}

// TestPackValidateMissingFile: a file that does not exist is reported without a line number.
func TestPackValidateMissingFile(t *testing.T) {
	code, _, errOut := runCLI(t, nil, "", "pack", "validate", "missing.yaml")
	if code != exitFail || !strings.HasPrefix(errOut, "missing.yaml: no such file\n") || strings.Contains(errOut, ":0:") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// The console writes charts next to a SQLite file; a PostgreSQL URL names no directory, so they go to the
// working directory rather than to a path made of the URL's pieces.
func TestConsoleChartDirectory(t *testing.T) {
	for db, want := range map[string]string{
		"/var/lib/studybot/studybot.db": "/var/lib/studybot",
		"studybot.db":                   ".",
		"postgres://studybot:pw@db.internal:5432/studybot?sslmode=require": ".",
		"postgresql://localhost/studybot":                                  ".",
	} {
		if got := chartDir(db); got != want {
			t.Errorf("chartDir(%q) = %q, want %q", db, got, want)
		}
	}
}

// TestPackValidateLint: --lint fails a valid pack whose mechanical cues are over item-writing.md's limits,
// naming the rule, and passes the same pack with the cue gone; without --lint both are fine.
func TestPackValidateLint(t *testing.T) {
	dir := t.TempDir()
	write := func(name, distractor string) string {
		var b strings.Builder
		b.WriteString("pack: lint\ntitle: Lint\nversion: 1\ndomains:\n  - {id: a, name: Alpha, weight: 100}\nquestions:\n")
		for i := range 4 {
			fmt.Fprintf(&b, "  - id: q%d\n    domain: a\n    objective: \"1\"\n    difficulty: 2\n    question: Which port %d?\n", i, i)
			fmt.Fprintf(&b, "    choices: [\"Port 1%d\", %q, \"Port 3%d\", \"Port 4%d\"]\n    answer: 0\n    explanation: Because.\n    source: the test\n", i, fmt.Sprintf(distractor, i), i, i)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cued, clean := write("cued.yaml", "Never port 2%d"), write("clean.yaml", "Port 2%d")
	code, _, errOut := runCLI(t, nil, "", "pack", "validate", "--lint", cued)
	if code != exitFail || !strings.Contains(errOut, "cued.yaml: lint: absolute word in a distractor, not in the key: 4 of 4 questions") {
		t.Fatalf("cued pack with --lint: exit %d, stderr %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, nil, "", "pack", "validate", "--lint", clean); code != 0 || !strings.Contains(out, "clean.yaml: ok") {
		t.Fatalf("clean pack with --lint: exit %d, %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "", "pack", "validate", cued); code != 0 {
		t.Fatalf("cued pack without --lint: exit %d, %s", code, errOut)
	}
}

// TestPackImportCSV: a spreadsheet becomes a pack named after its file, stored as YAML (export prints it);
// importing it again is the next version; a file with a problem imports nothing and names line and column.
func TestPackImportCSV(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"STUDYBOT_DB": filepath.Join(dir, "s.db")}
	csvFile := filepath.Join(dir, "biology.csv")
	good := "question,A,B,C,D,answer,explanation,domain\nWhich organelle makes most ATP?,Ribosome,Mitochondrion,Golgi body,Lysosome,B,Respiration runs there.,Cells\nWhich base pairs with adenine in DNA?,Cytosine,Guanine,Thymine,Uracil,C,A pairs with T in DNA.,Genetics\n"
	if err := os.WriteFile(csvFile, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, env, "", "pack", "import", csvFile)
	if code != 0 || !strings.Contains(out, "imported pack biology v1: 2 questions and 0 flashcards in 2 domains, from 2 rows of csv") {
		t.Fatalf("import: exit %d, %s %s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, env, "", "pack", "import", csvFile); code != 0 || !strings.Contains(out, "imported pack biology v2") {
		t.Fatalf("second import: exit %d, %s", code, out)
	}
	code, out, errOut = runCLI(t, env, "", "pack", "export", "biology")
	if code != 0 || !strings.Contains(out, "pack: biology") || !strings.Contains(out, "Which base pairs with adenine in DNA?") {
		t.Fatalf("export: exit %d, %s %s", code, out, errOut)
	}
	bad := filepath.Join(dir, "chemistry.csv")
	if err := os.WriteFile(bad, []byte("question,A,B,answer\nWhat is H2O?,water,salt,A\nWhat is NaCl?,water,salt,E\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, env, "", "pack", "import", bad)
	if code != exitFail || !strings.Contains(errOut, "chemistry.csv:3: column 4 (answer): \"E\" is neither a letter A-B nor the text of an option") || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("broken import: exit %d, %s", code, errOut)
	}
	if code, _, _ := runCLI(t, env, "", "pack", "export", "chemistry"); code == 0 {
		t.Fatal("a pack was stored from a file with a problem")
	}
}

// TestConsoleOnTheAPlusPack: STUDYBOT_PACK names an embedded pack too; the mock exam and readiness speak of
// its exam (90 questions in 90 minutes, 100-900 against 675), not another's.
func TestConsoleOnTheAPlusPack(t *testing.T) {
	env := map[string]string{"STUDYBOT_DB": filepath.Join(t.TempDir(), "s.db"), "STUDYBOT_PACK": "aplus-core1"}
	code, out, errOut := runCLI(t, env, "/study exam\n/study practice\n/answer A\n/study readiness\n", "console")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"mock exam of CompTIA A+ Core 1 (220-1201): 90 questions in 90 minutes", "Readiness for", "CompTIA A+ Core 1 (220-1201)", "the exam's 100-900 scale (pass mark 675)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the console does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "HIT-001") || strings.Contains(out, "650") {
		t.Errorf("the A+ console speaks of HIT-001:\n%s", out)
	}
}

// TestConsoleServesTheWebPage: `console -web ADDR` serves the group's page while the console runs, so the
// link /study web gives there opens (issue 26, defect 11).
func TestConsoleServesTheWebPage(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	env := map[string]string{"STUDYBOT_DB": filepath.Join(t.TempDir(), "s.db")}
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"console", "-web", "127.0.0.1:0"}, inR, outW, io.Discard, func(k string) string { return env[k] })
		outW.Close()
	}()
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/g/[A-Za-z0-9_-]+`)
	lines := bufio.NewScanner(outR)
	go fmt.Fprint(inW, "/study post\n/study web\n") // the console answers each line as it reads it
	var url string
	for url == "" && lines.Scan() {
		url = link.FindString(lines.Text())
	}
	if url == "" {
		t.Fatal("/study web gave no link to the console's page")
	}
	go io.Copy(io.Discard, outR)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<html") {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, body)
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Fatalf("console exit %d", code)
	}
}
