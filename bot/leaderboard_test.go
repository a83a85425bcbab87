package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeScores is a store's score buckets and member names, for the leaderboard's tests. It embeds the ports
// and overrides what the leaderboard uses.
type fakeScores struct {
	Boards
	Members
	Channels

	mu      sync.Mutex
	scores  map[string]Score // by user, in every bucket
	names   map[string]string
	loads   int
	hold    chan struct{} // when set, BucketScores waits for it
	entered chan struct{} // when set, BucketScores closes it on entry
	fail    error
}

func newFakeScores(scores ...Score) *fakeScores {
	f := &fakeScores{scores: map[string]Score{}, names: map[string]string{}}
	for _, s := range scores {
		f.set(s)
	}
	return f
}

func (f *fakeScores) set(s Score) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scores[s.UserID] = s
	f.names[s.UserID] = "Name " + s.UserID
}

func (f *fakeScores) BucketScores(ctx context.Context, _ Bucket) ([]Score, error) {
	f.mu.Lock()
	hold := f.hold
	f.loads++
	if f.entered != nil {
		close(f.entered)
		f.entered = nil
	}
	f.mu.Unlock()
	if hold != nil {
		<-hold
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	var out []Score
	for _, s := range f.scores {
		out = append(out, s)
	}
	return out, nil
}

func (f *fakeScores) MemberScore(_ context.Context, _ Bucket, userID string) (Score, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.scores[userID]
	return s, ok, nil
}

func (f *fakeScores) MemberName(_ context.Context, _ GroupRef, userID string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.names[userID], nil
}

func (f *fakeScores) GroupZone(context.Context, GroupRef) (string, error) { return "UTC", nil }

func (f *fakeScores) loaded() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.loads
}

var boardStart = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

// boardBot is a Bot with just what leaderboards need, on a manual clock.
func boardBot(f *fakeScores) (*Bot, *ManualClock) {
	clock := NewManualClock(boardStart)
	b := &Bot{boards: f, members: f, channels: f, clock: clock}
	b.boardCache = newBoardCache(clock, f.BucketScores, f.MemberName, nil)
	return b, clock
}

// board renders a leaderboard as "rank:user=points/correct" lines, then "me rank:user=points/correct".
func board(t *testing.T, b *Bot, user string, limit int) string {
	t.Helper()
	lb, err := b.leaderboard(context.Background(), LeaderboardQuery{Group: GroupRef{Platform: "discord", GroupID: "g"},
		Period: PeriodWeek, At: b.clock.Now(), Limit: limit, UserID: user})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range lb.Top {
		if r.Name != "Name "+r.UserID {
			t.Fatalf("%s is named %q", r.UserID, r.Name)
		}
		out = append(out, fmt.Sprintf("%d:%s=%d/%d", r.Rank, r.UserID, r.Points, r.Correct))
	}
	if lb.Me != nil {
		out = append(out, fmt.Sprintf("me %d:%s=%d/%d", lb.Me.Rank, lb.Me.UserID, lb.Me.Points, lb.Me.Correct))
	}
	return strings.Join(out, " ")
}

func TestLeaderboardTiesShareRank(t *testing.T) {
	b, _ := boardBot(newFakeScores(Score{"u0", 10, 1, 1}, Score{"u1", 10, 1, 1}, Score{"u2", 0, 1, 0}, Score{"u3", 10, 1, 1},
		Score{"u4", 10, 2, 0}, Score{"u5", 20, 3, 2}))
	// Equal points and correct answers share a rank (listed by user id); equal points with fewer correct
	// answers rank below.
	if got, want := board(t, b, "u1", 10), "1:u5=20/2 2:u0=10/1 2:u1=10/1 2:u3=10/1 5:u4=10/0 6:u2=0/0 me 2:u1=10/1"; got != want {
		t.Fatalf("board\n got %s\nwant %s", got, want)
	}
	if got, want := board(t, b, "u2", 3), "1:u5=20/2 2:u0=10/1 2:u1=10/1 me 6:u2=0/0"; got != want {
		t.Fatalf("top 3\n got %s\nwant %s", got, want)
	}
	if got, want := board(t, b, "u9", 2), "1:u5=20/2 2:u0=10/1"; got != want {
		t.Fatalf("a member without answers\n got %s\nwant %s", got, want)
	}
}

// TestCallersRankIsExactRightAfterTheirAnswer: the snapshot is a moment old, but the caller's line (and
// their place in the top) comes from their current score.
func TestCallersRankIsExactRightAfterTheirAnswer(t *testing.T) {
	f := newFakeScores(Score{"a", 30, 3, 3}, Score{"b", 20, 2, 2}, Score{"c", 10, 1, 1}, Score{"d", 0, 1, 0})
	b, clock := boardBot(f)
	if got, want := board(t, b, "d", 10), "1:a=30/3 2:b=20/2 3:c=10/1 4:d=0/0 me 4:d=0/0"; got != want {
		t.Fatalf("before\n got %s\nwant %s", got, want)
	}
	// d answers twice more, correctly; others' answers (b's) wait for the next snapshot.
	f.set(Score{"d", 20, 3, 2})
	f.set(Score{"b", 40, 4, 4})
	clock.Add(500 * time.Millisecond)
	if got, want := board(t, b, "d", 10), "1:a=30/3 2:b=20/2 2:d=20/2 4:c=10/1 me 2:d=20/2"; got != want {
		t.Fatalf("right after d's answer\n got %s\nwant %s", got, want)
	}
	if got, want := board(t, b, "d", 2), "1:a=30/3 2:b=20/2 me 2:d=20/2"; got != want {
		t.Fatalf("top 2\n got %s\nwant %s", got, want)
	}
	if f.loaded() != 1 {
		t.Fatalf("%d builds within a second, want 1", f.loaded())
	}
	// After a reset elsewhere the caller's old line in the snapshot is above their current one: it does not
	// count against them.
	f.set(Score{"a", 0, 3, 0})
	if got, want := board(t, b, "a", 10), "1:b=20/2 2:c=10/1 3:a=0/0 3:d=0/0 me 3:a=0/0"; got != want {
		t.Fatalf("after a reset\n got %s\nwant %s", got, want)
	}
}

// TestSnapshotIsRefreshedAfterASecond: within a second the snapshot is served as is; after it, the request
// is still served at once and a refresh runs in the background; a snapshot nobody asked for during
// boardStaleLimit is rebuilt before it is served.
func TestSnapshotIsRefreshedAfterASecond(t *testing.T) {
	f := newFakeScores(Score{"a", 10, 1, 1}, Score{"b", 0, 1, 0})
	b, clock := boardBot(f)
	before := "1:a=10/1 2:b=0/0"
	if got := board(t, b, "", 10); got != before {
		t.Fatalf("first: %s", got)
	}
	f.set(Score{"b", 20, 2, 2})
	clock.Add(time.Second)
	if got := board(t, b, "", 10); got != before || f.loaded() != 1 {
		t.Fatalf("a second later: %s after %d builds", got, f.loaded())
	}
	// Older than a second: served from the old snapshot while the background refresh runs (held here).
	hold := make(chan struct{})
	f.mu.Lock()
	f.hold = hold
	f.mu.Unlock()
	clock.Add(time.Millisecond)
	if got := board(t, b, "", 10); got != before {
		t.Fatalf("while refreshing: %s", got)
	}
	if got := board(t, b, "", 10); got != before {
		t.Fatalf("still refreshing: %s", got)
	}
	close(hold)
	b.boardCache.refreshes.Wait()
	after := "1:b=20/2 2:a=10/1"
	if got := board(t, b, "", 10); got != after || f.loaded() != 2 {
		t.Fatalf("after the refresh: %s after %d builds", got, f.loaded())
	}
	// Nobody asks for longer than boardStaleLimit: the next request waits for a new snapshot.
	f.set(Score{"c", 30, 3, 3})
	clock.Add(boardStaleLimit + time.Second)
	if got := board(t, b, "", 10); got != "1:c=30/3 2:b=20/2 3:a=10/1" || f.loaded() != 3 {
		t.Fatalf("after a quiet spell: %s after %d builds", got, f.loaded())
	}
	b.boardCache.refreshes.Wait()
}

// TestFailedRefreshKeepsTheSnapshot: a refresh that fails leaves the last snapshot, and the next request
// after a second tries again.
func TestFailedRefreshKeepsTheSnapshot(t *testing.T) {
	f := newFakeScores(Score{"a", 10, 1, 1})
	b, clock := boardBot(f)
	var failures []string
	b.boardCache.failed = func(bk Bucket, err error) { failures = append(failures, bk.Period+": "+err.Error()) }
	board(t, b, "", 10)
	f.mu.Lock()
	f.fail = fmt.Errorf("disk on fire")
	f.mu.Unlock()
	clock.Add(2 * time.Second)
	if got := board(t, b, "", 10); got != "1:a=10/1" {
		t.Fatalf("%s", got)
	}
	b.boardCache.refreshes.Wait()
	if len(failures) != 1 || !strings.Contains(failures[0], "disk on fire") {
		t.Fatalf("failures %q", failures)
	}
	f.mu.Lock()
	f.fail = nil
	f.mu.Unlock()
	f.set(Score{"b", 20, 2, 2})
	if got := board(t, b, "", 10); got != "1:a=10/1" {
		t.Fatalf("served while retrying: %s", got)
	}
	b.boardCache.refreshes.Wait()
	if got := board(t, b, "", 10); got != "1:b=20/2 2:a=10/1" {
		t.Fatalf("after the retry: %s", got)
	}
}

// TestFirstRequestsOfABucketBuildOnce: requests that come while a bucket's first snapshot is being built
// wait for it instead of building their own.
func TestFirstRequestsOfABucketBuildOnce(t *testing.T) {
	f := newFakeScores(Score{"a", 10, 1, 1})
	hold, entered := make(chan struct{}), make(chan struct{})
	f.hold, f.entered = hold, entered
	b, _ := boardBot(f)
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lb, err := b.leaderboard(context.Background(), LeaderboardQuery{Group: GroupRef{Platform: "discord", GroupID: "g"}, Period: PeriodAll, Limit: 10})
			if err == nil && len(lb.Top) == 1 {
				results[i] = lb.Top[0].UserID
			}
		}()
	}
	<-entered // the first build has started; the others wait for it (or come after it)
	close(hold)
	wg.Wait()
	if f.loaded() != 1 || strings.Join(results, "") != "aaaaaaaa" {
		t.Fatalf("%d builds, results %q", f.loaded(), results)
	}
}

// TestResetDropsTheGroupsSnapshots: after this process resets a group's scores, its boards are built anew;
// a build that the reset overtook stores nothing.
func TestResetDropsTheGroupsSnapshots(t *testing.T) {
	f := newFakeScores(Score{"a", 10, 1, 1})
	b, _ := boardBot(f)
	board(t, b, "", 10)
	f.set(Score{"a", 0, 1, 0})
	b.boardCache.forget(GroupRef{Platform: "discord", GroupID: "g"})
	if got := board(t, b, "", 10); got != "1:a=0/0" || f.loaded() != 2 {
		t.Fatalf("after the reset: %s after %d builds", got, f.loaded())
	}
	// A reset while a build is reading: what it read is not kept.
	bk := Bucket{Group: GroupRef{Platform: "discord", GroupID: "g"}, Period: "other"}
	c := b.boardCache
	c.mu.Lock()
	e := &boardEntry{}
	c.entries[bk] = e
	done, gen := c.startBuild(e)
	c.mu.Unlock()
	c.forget(bk.Group)
	c.endBuild(e, done, gen, &boardSnapshot{at: boardStart}, nil)
	if e.snap != nil {
		t.Fatal("a build overtaken by a reset stored its snapshot")
	}
}

// TestIdleSnapshotsAreDropped: buckets nobody asked for during boardIdle leave the cache.
func TestIdleSnapshotsAreDropped(t *testing.T) {
	f := newFakeScores(Score{"a", 10, 1, 1})
	b, clock := boardBot(f)
	g := GroupRef{Platform: "discord", GroupID: "g"}
	for _, p := range []Period{PeriodWeek, PeriodMonth} {
		if _, err := b.leaderboard(context.Background(), LeaderboardQuery{Group: g, Period: p, At: clock.Now(), Limit: 10}); err != nil {
			t.Fatal(err)
		}
	}
	clock.Add(boardIdle / 2)
	board(t, b, "", 10) // the week's board is asked for again
	clock.Add(boardIdle/2 + time.Second)
	board(t, b, "", 10)
	b.boardCache.refreshes.Wait()
	b.boardCache.mu.Lock()
	defer b.boardCache.mu.Unlock()
	if n := len(b.boardCache.entries); n != 1 {
		t.Fatalf("%d snapshots kept, want the week's alone", n)
	}
}

// TestSortByRankMatchesByRank: the packed sort of large buckets gives byRank's order, whatever order the
// store returned them in.
func TestSortByRankMatchesByRank(t *testing.T) {
	for _, n := range []int{0, 5, 1023, 1024, 5000, 30000} {
		scores := make([]Score, n)
		for i := range scores {
			c := (i*7919 + n) % 37
			scores[i] = Score{UserID: fmt.Sprintf("u%d", (i*104729)%max(n, 1)), Points: 10 * (c - c%3), Answered: 40, Correct: c}
		}
		want := slices.Clone(scores)
		slices.SortFunc(want, byRank)
		got := slices.Clone(scores)
		sortByRank(got)
		if !slices.Equal(got, want) {
			t.Fatalf("%d scores: order differs", n)
		}
	}
}
