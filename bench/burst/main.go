// Command burst measures the hardest minute of a study bot's day: a question posts and a whole server
// clicks at once. It starts the real serve wiring in-process on a temporary SQLite file with fake Discord
// and Slack APIs on loopback, posts a question on each, sends N signed button clicks from M members at
// concurrency C over real HTTP (half Discord interactions, half Slack block_actions; with N > M members
// click more than once), checks that the database holds exactly one answer per member and that every click
// got its reply, then runs the same load against a bare handler that only verifies the signature and
// answers: the floor any bot must pay.
//
//	go run ./bench/burst [-n 2000] [-m 1000] [-c 64] [-db postgres://…]
//
// With -db postgres://… it runs on a fresh schema of that PostgreSQL server (dropped at the end) instead
// of a temporary SQLite file. Besides clicks per second and latencies it prints the CPU time the whole
// process spent per click in each run, which other work on a shared machine disturbs less than the wall
// clock.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jackc/pgx/v5"
	_ "github.com/mattn/go-sqlite3"
	"github.com/slack-go/slack"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/data/postgres/pgtest"
)

const slackSecret = "burst-signing-secret"

func main() {
	n := flag.Int("n", 2000, "clicks in all")
	m := flag.Int("m", 1000, "members (with n > m, members click more than once)")
	c := flag.Int("c", 64, "clicks in flight at once")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the studybot burst to this file")
	memprofile := flag.String("memprofile", "", "write a profile of what the studybot burst allocated to this file")
	dbURL := flag.String("db", "", "a postgres:// URL to run on (a fresh schema, dropped after); default a temporary SQLite file")
	flag.Parse()
	if *dbURL != "" && !server.IsPostgres(*dbURL) {
		fmt.Fprintln(os.Stderr, "burst: -db must be a postgres:// URL")
		os.Exit(2)
	}
	if *n < 1 || *m < 2 || *c < 1 {
		fmt.Fprintln(os.Stderr, "burst: -n, -c must be positive and -m at least 2")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *n, *m, *c, *cpuprofile, *memprofile, *dbURL); err != nil {
		fmt.Fprintln(os.Stderr, "burst:", err)
		os.Exit(1)
	}
}

// click is one prepared, signed request.
type click struct {
	platform string
	member   string
	req      func() *http.Request
}

type outcome struct {
	platform string
	latency  time.Duration
	status   int
	body     string
	err      error
}

func run(ctx context.Context, n, members, conc int, cpuprofile, memprofile, dbURL string) error {
	dir, err := os.MkdirTemp("", "studybot-burst-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dfake, sfake := discordtest.NewServer(), slacktest.NewServer()
	defer dfake.Close()
	defer sfake.Close()
	sfake.SetAdmin("UADMIN")
	key := discordtest.NewKey(1)
	db := filepath.Join(dir, "burst.db")
	if dbURL != "" {
		dsn, drop, err := pgtest.NewSchema(ctx, dbURL)
		if err != nil {
			return err
		}
		defer drop()
		db = dsn
	}

	m := server.NewMain()
	m.Logger = slog.New(slog.DiscardHandler)
	env := map[string]string{
		"STUDYBOT_DB": db, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0",
		"DISCORD_BOT_TOKEN": "burst-token", "DISCORD_APP_ID": "1", "DISCORD_PUBLIC_KEY": key.PublicHex(),
		"DISCORD_GATEWAY": "false", "DISCORD_API_BASE": dfake.APIBase(),
		"SLACK_BOT_TOKEN": "xoxb-burst", "SLACK_SIGNING_SECRET": slackSecret, "SLACK_API_URL": sfake.APIURL(),
	}
	if err := m.ParseConfig(nil, func(k string) string { return env[k] }, os.Stderr); err != nil {
		return err
	}
	srvCtx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(srvCtx) }()
	defer func() {
		stop()
		<-done
		m.Close()
	}()
	base := "http://" + m.Addr()
	<-m.Started()

	client := &http.Client{Transport: &http.Transport{MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2}, Timeout: 10 * time.Second}
	// Post one question on each platform.
	modReq := key.Request(base+"/discord/interactions", discordtest.Command("g", "c", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}, "post", nil), time.Now())
	if _, err := do(client, modReq); err != nil {
		return fmt.Errorf("discord post: %w", err)
	}
	body := slacktest.SlashCommand("T1", "C1", "UADMIN", "admin", "post", sfake.Hook("post"))
	if _, err := do(client, slacktest.Request(base+"/slack/commands", "application/x-www-form-urlencoded", slackSecret, body, time.Now())); err != nil {
		return fmt.Errorf("slack post: %w", err)
	}
	dButton, err := discordButton(dfake)
	if err != nil {
		return err
	}
	sAction, err := slackAction(sfake)
	if err != nil {
		return err
	}

	// Member i clicks as clicks i, i+m, i+2m, ...; even members on Discord, odd ones on Slack.
	clicks := make([]click, n)
	for i := range clicks {
		member := i % members
		if member%2 == 0 {
			id := fmt.Sprint(100000 + member)
			b := discordtest.Click("g", "c", discordtest.Member{ID: id, Name: "M" + id}, dButton, "card")
			clicks[i] = click{platform: "discord", member: id, req: func() *http.Request { return key.Request(base+"/discord/interactions", b, time.Now()) }}
		} else {
			id := fmt.Sprintf("U%06d", member)
			b := slacktest.BlockActions("T1", "C1", id, sAction, sfake.Hook(fmt.Sprintf("click-%d", i)), "1.1")
			clicks[i] = click{platform: "slack", member: id, req: func() *http.Request {
				return slacktest.Request(base+"/slack/interactions", "application/x-www-form-urlencoded", slackSecret, b, time.Now())
			}}
		}
	}

	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	if memprofile != "" {
		// Sample every allocation so the burst's own are not lost among the setup's.
		runtime.MemProfileRate = 1
	}
	botCPU := cpuTime()
	bot, botWall := fire(ctx, client, clicks, conc)
	waitCtx, cancelWait := context.WithTimeout(ctx, 30*time.Second)
	m.Slack.Idle(waitCtx)
	cancelWait()
	botCPU = cpuTime() - botCPU
	if cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if memprofile != "" {
		if err := writeHeapProfile(memprofile); err != nil {
			return err
		}
	}
	if err := verify(db, clicks, bot, sfake); err != nil {
		return err
	}

	floorCPU := cpuTime()
	floor, floorWall, err := floorRun(ctx, clicks, key, conc, client)
	if err != nil {
		return err
	}
	floorCPU = cpuTime() - floorCPU
	store := "SQLite"
	if dbURL != "" {
		store = "PostgreSQL"
	}
	fmt.Printf("burst: %d clicks from %d members at concurrency %d on %d CPUs (%s, %s)\n", n, members, conc, runtime.NumCPU(), runtime.Version(), store)
	fmt.Printf("%-10s %-9s %9s %9s %9s %9s\n", "platform", "handler", "clicks/s", "median", "p99", "max")
	for _, p := range []string{"discord", "slack"} {
		s, f := summarize(bot, p, botWall), summarize(floor, p, floorWall)
		fmt.Printf("%-10s %-9s %9.0f %9s %9s %9s\n", p, "studybot", s.rate, ms(s.median), ms(s.p99), ms(s.max))
		fmt.Printf("%-10s %-9s %9.0f %9s %9s %9s\n", p, "floor", f.rate, ms(f.median), ms(f.p99), ms(f.max))
		fmt.Printf("%-10s median %.2fx the floor, p99 %.2fx\n", p, float64(s.median)/float64(f.median), float64(s.p99)/float64(f.p99))
	}
	fmt.Printf("total: studybot %.0f clicks/s, floor %.0f clicks/s\n", float64(n)/botWall.Seconds(), float64(n)/floorWall.Seconds())
	// CPU time of the whole process (load generator, fake platforms and handler) per click: less at the
	// mercy of other work on a shared machine than clicks per second.
	fmt.Printf("cpu: studybot %.0fµs/click, floor %.0fµs/click, floor ÷ studybot %.2f\n", perClick(botCPU, n), perClick(floorCPU, n), float64(floorCPU)/float64(botCPU))
	fmt.Println("checks: one answer per member in the database, every click answered: ok")
	return nil
}

func do(client *http.Client, req *http.Request) (string, error) {
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return string(b), fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
	}
	return string(b), nil
}

func discordButton(f *discordtest.Server) (string, error) {
	if ids := f.CardButtons("c", 0); len(ids) > 0 {
		return ids[0], nil
	}
	return "", errors.New("discord card not posted")
}

func slackAction(f *slacktest.Server) (string, error) {
	if ids := f.CardActions(0); len(ids) > 1 {
		return ids[1], nil
	}
	return "", errors.New("slack card not posted")
}

// fire sends the clicks from conc workers and returns what each got.
func fire(ctx context.Context, client *http.Client, clicks []click, conc int) ([]outcome, time.Duration) {
	start := time.Now()
	out := make([]outcome, len(clicks))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req := clicks[i].req().WithContext(ctx)
				start := time.Now()
				resp, err := client.Do(req)
				o := outcome{platform: clicks[i].platform, err: err}
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					o.status, o.body = resp.StatusCode, string(b)
				}
				o.latency = time.Since(start)
				out[i] = o
			}
		}()
	}
	for i := range clicks {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out, time.Since(start)
}

// verify checks zero lost or doubled answers and a reply for every click.
func verify(db string, clicks []click, out []outcome, sfake *slacktest.Server) error {
	want := map[string]map[string]bool{"discord": {}, "slack": {}}
	slackClicks := 0
	for i, c := range clicks {
		o := out[i]
		if o.err != nil || o.status != 200 {
			return fmt.Errorf("click %d (%s) failed: %v %d %s", i, c.platform, o.err, o.status, o.body)
		}
		if c.platform == "discord" && !strings.Contains(o.body, "Correct!") && !strings.Contains(o.body, "Not quite") && !strings.Contains(o.body, "already answered") {
			return fmt.Errorf("discord click %d got %s", i, o.body)
		}
		if c.platform == "slack" {
			slackClicks++
		}
		want[c.platform][c.member] = true
	}
	replies := 0
	for _, call := range sfake.Calls("hook") {
		if strings.Contains(call.Path, "/hooks/click-") {
			replies++
		}
	}
	if replies != slackClicks {
		return fmt.Errorf("%d slack clicks, %d replies through response_url", slackClicks, replies)
	}
	for platform, members := range want {
		answers, distinct, err := countAnswers(db, platform)
		if err != nil {
			return err
		}
		if answers != len(members) || distinct != len(members) {
			return fmt.Errorf("%s: %d answers from %d members in the database, want exactly %d", platform, answers, distinct, len(members))
		}
	}
	return nil
}

// countAnswers counts a platform's answers and the members who gave them, in the SQLite file or the
// PostgreSQL database db.
func countAnswers(db, platform string) (answers, distinct int, err error) {
	const q = `SELECT count(*), count(DISTINCT a.user_id) FROM answers a JOIN groups g ON g.id = a.group_id WHERE g.platform = `
	if server.IsPostgres(db) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, db)
		if err != nil {
			return 0, 0, err
		}
		defer conn.Close(ctx)
		err = conn.QueryRow(ctx, q+`$1`, platform).Scan(&answers, &distinct)
		return answers, distinct, err
	}
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	err = conn.QueryRow(q+`?`, platform).Scan(&answers, &distinct)
	return answers, distinct, err
}

// floorRun serves the same requests with handlers that only verify the signature and answer.
func floorRun(ctx context.Context, clicks []click, key discordtest.Key, conc int, client *http.Client) ([]outcome, time.Duration, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /discord/interactions", func(w http.ResponseWriter, r *http.Request) {
		if !discordgo.VerifyInteraction(r, key.Public) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"type":4,"data":{"content":"Correct!","flags":64}}`)
	})
	mux.HandleFunc("POST /slack/interactions", func(w http.ResponseWriter, r *http.Request) {
		sv, err := slack.NewSecretsVerifier(r.Header, slackSecret)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		sv.Write(body)
		if sv.Ensure() != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	floor := make([]click, len(clicks))
	for i, c := range clicks {
		c := c
		floor[i] = click{platform: c.platform, member: c.member, req: func() *http.Request {
			r := c.req()
			u := *r.URL
			target, _ := http.NewRequest(r.Method, base+u.Path, r.Body)
			target.Header = r.Header
			return target
		}}
	}
	out, wall := fire(ctx, client, floor, conc)
	for i, o := range out {
		if o.err != nil || o.status != 200 {
			return nil, 0, fmt.Errorf("floor click %d: %v %d", i, o.err, o.status)
		}
	}
	return out, wall, nil
}

type summary struct {
	rate             float64
	median, p99, max time.Duration
}

// summarize gives a platform's latencies and its clicks per second over the run's wall time (both
// platforms share the run, so the two rates add up to the run's total).
func summarize(out []outcome, platform string, wall time.Duration) summary {
	var lat []time.Duration
	for _, o := range out {
		if o.platform == platform {
			lat = append(lat, o.latency)
		}
	}
	if len(lat) == 0 {
		return summary{}
	}
	slices.Sort(lat)
	return summary{
		rate:   float64(len(lat)) / wall.Seconds(),
		median: lat[len(lat)/2],
		p99:    lat[min(len(lat)-1, len(lat)*99/100)],
		max:    lat[len(lat)-1],
	}
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func perClick(d time.Duration, n int) float64 { return float64(d.Microseconds()) / float64(n) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// writeHeapProfile writes what was allocated so far (the burst's share is what the setup did not
// allocate: compare with -sample_index=alloc_space).
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
