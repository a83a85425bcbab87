// Command fanout measures the daily post's worst minute: thousands of channels scheduled for the same
// minute. It runs the real serve wiring (app/server.Main, with its scheduler and outbox) on a
// temporary SQLite file against a fake Discord that answers each message create after 50 ms and enforces
// Discord's global limit of 50 requests a second (429 with retry_after and X-RateLimit-Global), and against
// a fake Slack with its limit of about one message a second per channel. It checks that every channel got
// its card exactly once and prints, last, one line for Discord:
//
//	fanout channels=N posted=N duplicates=0 seconds=S floor_seconds=F ratio=R
//
// where F = N/50 is the least time Discord's global limit allows and R = S/F.
//
// It also prints what the scheduler read, one line per platform run: the ticks the replicas ran during the
// fan-out and the rows they read in all (the schedules due and the questions whose window ended), then, once
// every card is posted, the rows read and the CPU time (of the goroutine running Tick, locked to its
// thread; Linux only) per idle tick, averaged over -idle ticks of one replica. An idle tick has nothing due,
// so its rows and CPU must not grow with the channels:
//
//	scheduler channels=N replicas=R ticks=T rows_read=X idle_ticks=I idle_rows_per_tick=Y idle_cpu_us_per_tick=C
//
// With -db postgres://… it runs on a fresh schema of that PostgreSQL server (dropped at the end), and with
// -replicas R it runs R replicas of serve on it at once, sharing the outbox and Discord's global limit.
//
//	go run ./bench/fanout [-n 2000] [-platform both|discord|slack] [-db postgres://… [-replicas 3]] [-idle 50]
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/postgres/pgtest"
	"github.com/studybot/studybot/internal/wait"
)

// Discord's global rate limit, which the fake enforces, and the round trip of one create.
const (
	globalLimit = 50
	latency     = 50 * time.Millisecond
)

// slot is the minute every channel is scheduled for; the bot's clock starts there.
var slot = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func main() {
	n := flag.Int("n", 2000, "channels scheduled for the same minute")
	platform := flag.String("platform", "both", "discord, slack or both (Discord's line is printed last)")
	timeout := flag.Duration("timeout", 10*time.Minute, "give up after this long")
	dbURL := flag.String("db", "", "a postgres:// URL to run on (a fresh schema, dropped after); default a temporary SQLite file")
	replicas := flag.Int("replicas", 1, "replicas of serve sharing the database (more than one needs -db postgres://…)")
	idle := flag.Int("idle", 50, "idle ticks to measure once every card is posted")
	flag.Parse()
	if *n < 1 || *replicas < 1 || (*replicas > 1 && !server.IsPostgres(*dbURL)) || (*dbURL != "" && !server.IsPostgres(*dbURL)) {
		fmt.Fprintln(os.Stderr, "fanout: -n and -replicas must be positive, -db a postgres:// URL, and more than one replica needs -db")
		os.Exit(2)
	}
	opts := options{db: *dbURL, replicas: *replicas, idle: *idle}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var err error
	if *platform == "slack" || *platform == "both" {
		err = run(ctx, "slack", *n, opts)
	}
	if err == nil && (*platform == "discord" || *platform == "both") {
		err = run(ctx, "discord", *n, opts)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fanout:", err)
		os.Exit(1)
	}
}

// fake is what run needs of either platform's fake: how many messages each channel has.
type fake interface {
	messages(channel string) int
	Close()
}

type discordFake struct{ *discordtest.Server }

func (f discordFake) messages(ch string) int { return len(f.Messages(ch)) }

type slackFake struct{ *slacktest.Server }

func (f slackFake) messages(ch string) int { return len(f.Messages(ch)) }

// options say where the fan-out runs: a PostgreSQL server (db) with several replicas, or SQLite.
type options struct {
	db       string
	replicas int
	idle     int
}

func run(ctx context.Context, platform string, n int, opts options) error {
	dir, err := os.MkdirTemp("", "studybot-fanout-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "fanout.db")
	if opts.db != "" {
		dsn, drop, err := pgtest.NewSchema(ctx, opts.db)
		if err != nil {
			return err
		}
		defer drop()
		db = dsn
	}
	env := map[string]string{"STUDYBOT_DB": db, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0"}
	var f fake
	group := "g"
	switch platform {
	case "discord":
		d := discordtest.NewServer()
		d.SetLatency(latency)
		d.SetGlobalLimit(globalLimit)
		f = discordFake{d}
		env["DISCORD_BOT_TOKEN"], env["DISCORD_APP_ID"], env["DISCORD_API_BASE"] = "fanout-token", "1", d.APIBase()
		env["DISCORD_PUBLIC_KEY"], env["DISCORD_GATEWAY"] = discordtest.NewKey(1).PublicHex(), "false"
	default:
		s := slacktest.NewServer()
		s.SetLatency(latency)
		s.SetChannelLimit(1)
		f = slackFake{s}
		group = "T1"
		env["SLACK_BOT_TOKEN"], env["SLACK_SIGNING_SECRET"], env["SLACK_API_URL"] = "xoxb-fanout", "fanout-secret", s.APIURL()
	}
	defer f.Close()
	channels := make([]string, n)
	for i := range channels {
		channels[i] = fmt.Sprintf("C%05d", i)
	}
	if err := schedule(ctx, db, bot.ChannelRef{Platform: platform, GroupID: group}, channels); err != nil {
		return err
	}

	// The bots' clock reads the slot when serve starts and runs in real time from there.
	start := time.Now()
	clock := bot.ClockFunc(func() time.Time { return slot.Add(time.Since(start)) })
	var bots []*bot.Bot
	for range opts.replicas {
		m := server.NewMain()
		m.Logger = slog.New(slog.DiscardHandler)
		if err := m.ParseConfig(nil, func(k string) string { return env[k] }, os.Stderr); err != nil {
			return err
		}
		m.Clock = clock
		if err := m.Open(ctx); err != nil {
			return err
		}
		bots = append(bots, m.Bot)
		srvCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- m.Run(srvCtx) }()
		defer func() {
			stop()
			<-done
			m.Close()
		}()
	}

	// count says how many channels have their card, and how many cards came beyond one per channel.
	count := func() (posted, duplicates int) {
		for _, ch := range channels {
			k := f.messages(ch)
			if k > 0 {
				posted++
			}
			if k > 1 {
				duplicates += k - 1
			}
		}
		return posted, duplicates
	}
	var seconds float64
	for {
		posted, _ := count()
		if posted == n {
			seconds = time.Since(start).Seconds()
			break
		}
		if wait.Sleep(ctx, 10*time.Millisecond) != nil {
			return fmt.Errorf("%s: %d of %d channels posted before the timeout", platform, posted, n)
		}
	}
	// Let anything still in flight land before counting duplicates.
	time.Sleep(time.Second)
	posted, duplicates := count()
	store := "sqlite"
	if opts.db != "" {
		store = "postgres"
	}
	if platform == "slack" {
		fmt.Printf("fanout platform=slack db=%s replicas=%d channels=%d posted=%d duplicates=%d seconds=%.2f rate_limited=%d\n",
			store, opts.replicas, n, posted, duplicates, seconds, f.(slackFake).Limited())
	} else {
		floor := float64(n) / globalLimit
		fmt.Printf("fanout db=%s replicas=%d channels=%d posted=%d duplicates=%d seconds=%.2f floor_seconds=%.2f ratio=%.2f global_429=%d\n",
			store, opts.replicas, n, posted, duplicates, seconds, floor, seconds/floor, f.(discordFake).GlobalLimited())
	}
	if duplicates > 0 || posted != n {
		return fmt.Errorf("%s: %d posted, %d duplicates", platform, posted, duplicates)
	}
	var during bot.TickStats
	for _, b := range bots {
		st := b.TickStats()
		during.Ticks += st.Ticks
		during.Rows += st.Rows
	}
	rows, cpu, err := idleTicks(ctx, bots[0], opts.idle)
	if err != nil {
		return err
	}
	cpuText := "n/a"
	if cpu >= 0 {
		cpuText = fmt.Sprintf("%.1f", cpu)
	}
	fmt.Printf("scheduler channels=%d replicas=%d ticks=%d rows_read=%d idle_ticks=%d idle_rows_per_tick=%.2f idle_cpu_us_per_tick=%s\n",
		n, opts.replicas, during.Ticks, during.Rows, opts.idle, rows, cpuText)
	return nil
}

// idleTicks runs the scheduler of b k times in a goroutine locked to its OS thread, after every card is
// posted (nothing is due until tomorrow's slot), and returns the rows each tick read and the microseconds
// of CPU it used, on average; cpu is negative where a thread's CPU time cannot be read.
func idleTicks(ctx context.Context, b *bot.Bot, k int) (rows, cpu float64, err error) {
	if k < 1 {
		return 0, -1, nil
	}
	type result struct {
		rows, cpu float64
		err       error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		before := b.TickStats()
		cpu0, ok := threadCPU()
		for range k {
			if err := b.Tick(ctx); err != nil {
				done <- result{err: fmt.Errorf("idle tick: %w", err)}
				return
			}
		}
		cpu1, _ := threadCPU()
		r := result{rows: float64(b.TickStats().Rows-before.Rows) / float64(k), cpu: -1}
		if ok {
			r.cpu = float64((cpu1 - cpu0).Microseconds()) / float64(k)
		}
		done <- r
	}()
	r := <-done
	return r.rows, r.cpu, r.err
}

// schedule gives every channel a daily schedule at the slot that has stood since the day before.
func schedule(ctx context.Context, db string, group bot.ChannelRef, channels []string) error {
	store, err := server.OpenDatabase(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	for _, ch := range channels {
		ref := group
		ref.ChannelID = ch
		s := &bot.Schedule{Hour: slot.Hour(), Minute: slot.Minute(), Zone: "UTC", Days: bot.AllDays, Since: slot.Add(-24 * time.Hour)}
		s.NextDue = s.FirstDue()
		if err := store.SetSchedule(ctx, ref, s); err != nil {
			return fmt.Errorf("schedule %s: %w", ch, err)
		}
	}
	return nil
}
