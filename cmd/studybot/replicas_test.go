package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/postgres"
	"github.com/studybot/studybot/data/postgres/pgtest"
)

// replicaChannels is how many channels the three-replica test schedules for one minute: 300 by default,
// the 2,000 with STUDYBOT_E2E_CHANNELS=2000, which .ci/run sets (about 50 s, most of it Discord's
// global limit of 50 creates a second).
func replicaChannels(t *testing.T) int {
	n := 300
	if v := os.Getenv("STUDYBOT_E2E_CHANNELS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 10 {
			t.Fatalf("STUDYBOT_E2E_CHANNELS=%q: want a number of channels, at least 10", v)
		}
	}
	return n
}

// TestThreeReplicasOnePostgres runs three replicas of the real `serve` (this test binary, as separate
// processes) on one PostgreSQL database against the Discord fake, which enforces the global limit of 50
// requests a second and takes 20 ms per create. Every channel is scheduled for the current minute; one
// replica is killed with SIGKILL in the middle of the fan-out, and every channel still gets its question
// exactly once (what the dead replica had claimed is taken over when its lease lapses, and Discord's nonce
// makes a repeat of a create it had sent harmless). Then a replacement starts and a burst of clicks is
// spread over the three: exactly one answer per member, every click answered, and the leaderboard equal
// to a recount from the answers table. The interactions endpoint carries the clicks, the gateway is off:
// the rule for several replicas.
func TestThreeReplicasOnePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	n := replicaChannels(t)
	ctx := context.Background()
	fake := discordtest.NewServer()
	defer fake.Close()
	fake.SetLatency(20 * time.Millisecond)
	fake.SetGlobalLimit(50)
	key := discordtest.NewKey(33)

	store, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	query := func(sql string, dest ...any) {
		t.Helper()
		if err := conn.QueryRow(ctx, sql).Scan(dest...); err != nil {
			t.Fatal(err)
		}
	}
	// Every channel's schedule is for this minute and has stood since yesterday: owed at once.
	minute := time.Now().UTC().Truncate(time.Minute)
	channels := make([]string, n)
	for i := range channels {
		channels[i] = fmt.Sprintf("r%04d", i)
	}
	scheduleOwed(t, dsn, minute, channels...)
	env := map[string]string{"STUDYBOT_DB": dsn, "DISCORD_BOT_TOKEN": "replica-token", "DISCORD_APP_ID": "42",
		"DISCORD_PUBLIC_KEY": key.PublicHex(), "DISCORD_GATEWAY": "false", "DISCORD_API_BASE": fake.APIBase()}
	cards := func() (posted, doubled int) {
		for _, ch := range channels {
			switch m := len(fake.Messages(ch)); {
			case m == 1:
				posted++
			case m > 1:
				posted++
				doubled++
			}
		}
		return posted, doubled
	}

	start := time.Now()
	replicas := []*child{startChild(t, env, "serve"), startChild(t, env, "serve"), startChild(t, env, "serve")}
	waitForWithin(t, 2*time.Minute, func() bool { p, _ := cards(); return p >= n/4 })
	// The victim is a replica with messages in flight: the one holding the most claims.
	var owner string
	query(`SELECT claimed_by FROM outbox WHERE status = 'sending' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, &owner)
	victim := -1
	for i, r := range replicas {
		if strings.Contains(r.stderr.String(), `"replica":"`+owner+`"`) {
			victim = i
		}
	}
	if victim < 0 {
		t.Fatalf("no replica logged itself as %q", owner)
	}
	replicas[victim].cmd.Process.Kill()
	replicas[victim].cmd.Wait()
	atKill, _ := cards()
	var inFlight int
	query(`SELECT count(*) FROM outbox WHERE status = 'sending'`, &inFlight)
	if atKill == n {
		t.Fatal("the fan-out finished before the kill; this test did not kill a replica in the middle of it")
	}
	// The two left finish the fan-out, taking over the dead one's claims once they lapse (the default lease, 30 s).
	waitForWithin(t, 5*time.Minute, func() bool {
		var pending int
		query(`SELECT count(*) FROM outbox WHERE status IN ('due', 'sending')`, &pending)
		p, _ := cards()
		return pending == 0 && p == n
	})
	fanout := time.Since(start)
	posted, doubled := cards()
	if posted != n || doubled != 0 {
		t.Fatalf("%d of %d channels have a card, %d of them more than one", posted, n, doubled)
	}
	var failed, retaken int
	query(`SELECT count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE attempts > 1 AND maybe_sent) FROM outbox`, &failed, &retaken)
	if failed != 0 || retaken == 0 {
		t.Fatalf("%d messages failed, %d were taken over from the killed replica (want 0 and some)", failed, retaken)
	}
	t.Logf("%d channels: %d cards before SIGKILL (%d messages in flight), all %d exactly once after %v; %d taken over from the dead replica, %d creates refused by the global limit",
		n, atKill, inFlight, n, fanout.Round(time.Millisecond), retaken, fake.GlobalLimited())

	// A replacement joins; clicks on one channel's card are spread over the three.
	replicas[victim] = startChild(t, env, "serve")
	button := fake.CardButtons(channels[0], 0)
	if len(button) < 2 {
		t.Fatalf("no buttons on %s's card", channels[0])
	}
	const members = 300
	type click struct {
		member string
		body   string
		code   int
	}
	clicks := make(chan int)
	results := make(chan click, 2*members)
	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	for w := 0; w < 24; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range clicks {
				member := fmt.Sprint(50000 + i/2)
				r := replicas[i%3]
				body := discordtest.Click("g", channels[0], discordtest.Member{ID: member, Name: "M" + member}, button[i%2], "card")
				resp, err := client.Do(key.Request("http://"+r.addr+"/discord/interactions", body, time.Now()))
				c := click{member: member}
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					c.code, c.body = resp.StatusCode, string(b)
				}
				results <- c
			}
		}()
	}
	for i := 0; i < 2*members; i++ {
		clicks <- i
	}
	close(clicks)
	wg.Wait()
	close(results)
	graded, repeats, deferred := map[string]int{}, map[string]int{}, 0
	for c := range results {
		switch {
		case c.code != 200:
			t.Fatalf("member %s: HTTP %d %s", c.member, c.code, c.body)
		case strings.Contains(c.body, "Correct!") || strings.Contains(c.body, "Not quite"):
			graded[c.member]++
		case strings.Contains(c.body, "already answered"):
			repeats[c.member]++
		case strings.Contains(c.body, `"type":5`):
			deferred++ // answered in a follow-up; counted below
		default:
			t.Fatalf("member %s: unexpected reply %s", c.member, c.body)
		}
	}
	if deferred > 0 {
		follow := fake.WaitCalls("POST", "/api/v9/webhooks/", deferred, 30*time.Second)
		if len(follow) < deferred {
			t.Fatalf("%d clicks were deferred, %d follow-ups arrived", deferred, len(follow))
		}
	}
	for m, k := range graded {
		if k != 1 {
			t.Fatalf("member %s was graded %d times", m, k)
		}
	}
	if len(graded)+deferred < members || len(graded)+len(repeats)+deferred < members {
		t.Fatalf("%d members graded, %d repeats, %d deferred; want %d members", len(graded), len(repeats), deferred, members)
	}
	var answers, distinct int
	query(`SELECT count(*), count(DISTINCT user_id) FROM answers WHERE user_id LIKE '5____'`, &answers, &distinct)
	if answers != members || distinct != members {
		t.Fatalf("%d answers from %d members in the database, want exactly %d", answers, distinct, members)
	}
	// The leaderboard's scores, as the bot reads them, equal a recount of the answers table.
	scores, err := store.BucketScores(ctx, bot.Bucket{Group: bot.GroupRef{Platform: bot.PlatformDiscord, GroupID: "g"}, Period: "all"})
	if err != nil {
		t.Fatal(err)
	}
	board := map[string]string{}
	for _, r := range scores {
		board[r.UserID] = fmt.Sprintf("%d/%d/%d", r.Points, r.Answered, r.Correct)
	}
	recount := map[string]string{}
	rows, err := conn.Query(ctx, `SELECT a.user_id, sum(a.points), count(*), count(*) FILTER (WHERE a.correct) FROM answers a
		JOIN groups g ON g.id = a.group_id WHERE g.platform = 'discord' AND g.ext_id = 'g' GROUP BY a.user_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u string
		var p, k, c int
		if err := rows.Scan(&u, &p, &k, &c); err != nil {
			t.Fatal(err)
		}
		recount[u] = fmt.Sprintf("%d/%d/%d", p, k, c)
	}
	rows.Close()
	if len(recount) != members || fmt.Sprint(board) != fmt.Sprint(recount) {
		t.Fatalf("the leaderboard (%d members) differs from a recount of the answers (%d members)", len(board), len(recount))
	}
	t.Logf("%d clicks from %d members over 3 replicas: %d graded at once, %d deferred, %d told they already answered", 2*members, members,
		len(graded), deferred, len(repeats))
}

// waitForWithin polls a condition other processes will make true, for up to d.
func waitForWithin(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", d)
		}
		time.Sleep(100 * time.Millisecond) // waiting for other processes; not a timing assertion
	}
}
