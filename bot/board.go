package bot

import (
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"time"
)

// Bucket names the score rows one leaderboard ranks: a group's running totals in a period (a key from
// PeriodKey: "all", "w2026-03-02", "m2026-03") and a domain ("" for every domain together).
type Bucket struct {
	Group  GroupRef
	Period string
	Domain string
}

// Score is a member's running totals in a bucket.
type Score struct {
	UserID   string
	Points   int
	Answered int
	Correct  int
}

// better reports whether a ranks strictly above b: more points, or as many and more correct answers.
// Members equal on both share a rank (see Rank).
func better(a, b Score) bool {
	return a.Points > b.Points || (a.Points == b.Points && a.Correct > b.Correct)
}

// byRank orders scores best first, and members who share a rank by user id, so the order is stable.
func byRank(a, b Score) int {
	if c := cmp.Compare(b.Points, a.Points); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Correct, a.Correct); c != 0 {
		return c
	}
	return cmp.Compare(a.UserID, b.UserID)
}

// holds reports whether scores, in byRank's order, hold a line of userID. Each run of equal scores is
// in user id order, so it looks in each run by binary search: a few thousand distinct scores at most on
// a real board, where a scan compared the id of every member above the caller (7 ms at 1,000,000
// members). A board of mostly distinct scores is scanned instead once the runs are not paying.
func holds(scores []Score, userID string) bool {
	for i, runs := 0, 0; i < len(scores); runs++ {
		if runs > 64 && runs*32 > i { // runs of fewer than 32 on average so far: scan the rest
			return slices.ContainsFunc(scores[i:], func(s Score) bool { return s.UserID == userID })
		}
		first := scores[i]
		end := i + sort.Search(len(scores)-i, func(k int) bool { return better(first, scores[i+k]) })
		k := i + sort.Search(end-i, func(k int) bool { return scores[i+k].UserID >= userID })
		if k < end && scores[k].UserID == userID {
			return true
		}
		i = end
	}
	return false
}

// sortByRank puts scores in byRank's order. Large buckets are sorted as packed integers (the rank's two
// numbers above the position in user id order), twice as fast at 100,000 members as comparing structs.
func sortByRank(scores []Score) {
	const posBits = 24
	maxP, maxC := 0, 0
	for _, s := range scores {
		if s.Points < 0 || s.Correct < 0 {
			maxP = -1
			break
		}
		maxP, maxC = max(maxP, s.Points), max(maxC, s.Correct)
	}
	cBits := bits.Len(uint(maxC))
	if len(scores) < 1024 || len(scores) >= 1<<posBits || maxP < 0 || bits.Len(uint(maxP))+cBits+posBits > 64 {
		slices.SortFunc(scores, byRank)
		return
	}
	if !slices.IsSortedFunc(scores, func(a, b Score) int { return cmp.Compare(a.UserID, b.UserID) }) {
		slices.SortFunc(scores, func(a, b Score) int { return cmp.Compare(a.UserID, b.UserID) })
	}
	keys := make([]uint64, len(scores))
	for i, s := range scores {
		keys[i] = (uint64(maxP-s.Points)<<cBits|uint64(maxC-s.Correct))<<posBits | uint64(i)
	}
	slices.Sort(keys)
	sorted := make([]Score, len(scores))
	for i, k := range keys {
		sorted[i] = scores[k&(1<<posBits-1)]
	}
	copy(scores, sorted)
}

// Leaderboards are served from a snapshot per bucket: every member's score in it, sorted by rank. A
// leaderboard then reads one member's score (the caller's, exact) and a few names instead of sorting every
// member's row, which took ~3 ms at 10,000 members and grows with the group. The other members' scores may
// be a little old:
//   - a snapshot older than boardMaxAge is refreshed in the background; the request that noticed is served
//     the one it has, so no request but a bucket's first waits for a build;
//   - one older than boardStaleLimit (nobody asked for a while) is not served: the request builds anew;
//   - one not asked for during boardIdle is dropped.
//
// The caller's own line is exact: their current score, read by key, placed among the others' by binary
// search. Each process keeps its own snapshots; several processes on one database each serve theirs.
const (
	boardMaxAge     = time.Second
	boardStaleLimit = 10 * time.Second
	boardIdle       = 10 * time.Minute
	// boardNames is how many of a snapshot's leaders have their names looked up with it.
	boardNames = 16
	// boardBuildTimeout bounds a background refresh.
	boardBuildTimeout = 30 * time.Second
)

// boardCache keeps the snapshots of the buckets asked for.
type boardCache struct {
	clock Clock
	// load reads a bucket's scores; name looks up a member's display name ("" if unknown).
	load func(ctx context.Context, bk Bucket) ([]Score, error)
	name func(ctx context.Context, g GroupRef, userID string) (string, error)
	// failed hears about a background refresh that failed (the old snapshot is kept).
	failed func(bk Bucket, err error)

	mu        sync.Mutex
	entries   map[Bucket]*boardEntry
	lastSweep time.Time
	refreshes sync.WaitGroup // background refreshes running, for tests
}

type boardEntry struct {
	snap     *boardSnapshot // nil until the first build finishes
	building chan struct{}  // closed when the build under way ends; nil when none runs
	gen      int            // forget moves it on, so that a build it overtook stores nothing
	asked    time.Time
}

// boardSnapshot is a bucket's scores at one moment, best first, with the names of the leaders.
type boardSnapshot struct {
	at     time.Time
	scores []Score
	names  map[string]string
}

func newBoardCache(clock Clock, load func(context.Context, Bucket) ([]Score, error),
	name func(context.Context, GroupRef, string) (string, error), failed func(Bucket, error)) *boardCache {
	return &boardCache{clock: clock, load: load, name: name, failed: failed, entries: map[Bucket]*boardEntry{}}
}

// snapshot returns a bucket's snapshot. One young enough to serve is served at once, and refreshed in the
// background when older than boardMaxAge; otherwise the request builds one, or waits for the build under
// way.
func (c *boardCache) snapshot(ctx context.Context, bk Bucket) (*boardSnapshot, error) {
	c.mu.Lock()
	now := c.clock.Now()
	c.sweep(now)
	e := c.entries[bk]
	if e == nil {
		e = &boardEntry{}
		c.entries[bk] = e
	}
	e.asked = now
	for {
		if e.snap != nil {
			if age := now.Sub(e.snap.at); age >= 0 && age <= boardStaleLimit {
				snap := e.snap
				if age > boardMaxAge && e.building == nil {
					done, gen := c.startBuild(e)
					c.refreshes.Add(1)
					go c.refresh(bk, e, done, gen)
				}
				c.mu.Unlock()
				return snap, nil
			}
		}
		if e.building == nil {
			break
		}
		// A build is under way (another request's, or a refresh): wait for it rather than build twice.
		done := e.building
		c.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		// If it failed, or a reset overtook it, the loop builds anew.
		c.mu.Lock()
		now = c.clock.Now()
	}
	done, gen := c.startBuild(e)
	c.mu.Unlock()
	snap, err := c.build(ctx, bk)
	c.endBuild(e, done, gen, snap, err)
	return snap, err
}

// startBuild marks a build of e under way; what it makes is kept only while e's generation is gen. c.mu is
// held.
func (c *boardCache) startBuild(e *boardEntry) (done chan struct{}, gen int) {
	done = make(chan struct{})
	e.building = done
	return done, e.gen
}

// endBuild stores what a build made, unless forget overtook it, and wakes those waiting for it.
func (c *boardCache) endBuild(e *boardEntry, done chan struct{}, gen int, snap *boardSnapshot, err error) {
	c.mu.Lock()
	e.building = nil
	if err == nil && e.gen == gen {
		e.snap = snap
	}
	c.mu.Unlock()
	close(done)
}

// refresh rebuilds a snapshot in the background. A failure keeps the old one, and the next request that
// finds it older than boardMaxAge tries again.
func (c *boardCache) refresh(bk Bucket, e *boardEntry, done chan struct{}, gen int) {
	defer c.refreshes.Done()
	ctx, cancel := context.WithTimeout(context.Background(), boardBuildTimeout)
	defer cancel()
	snap, err := c.build(ctx, bk)
	c.endBuild(e, done, gen, snap, err)
	if err != nil && c.failed != nil {
		c.failed(bk, err)
	}
}

// build reads and sorts a bucket's scores and looks up the leaders' names.
func (c *boardCache) build(ctx context.Context, bk Bucket) (*boardSnapshot, error) {
	at := c.clock.Now()
	scores, err := c.load(ctx, bk)
	if err != nil {
		return nil, fmt.Errorf("scores of %s %s %q: %w", bk.Group.GroupID, bk.Period, bk.Domain, err)
	}
	sortByRank(scores)
	names := make(map[string]string, min(len(scores), boardNames))
	for _, s := range scores[:min(len(scores), boardNames)] {
		n, err := c.name(ctx, bk.Group, s.UserID)
		if err != nil {
			return nil, fmt.Errorf("name of %s: %w", s.UserID, err)
		}
		names[s.UserID] = n
	}
	return &boardSnapshot{at: at, scores: scores, names: names}, nil
}

// sweep drops the snapshots nobody asked for during boardIdle, at most once per boardIdle. c.mu is held.
func (c *boardCache) sweep(now time.Time) {
	if d := now.Sub(c.lastSweep); d >= 0 && d < boardIdle {
		return
	}
	c.lastSweep = now
	for bk, e := range c.entries {
		if d := now.Sub(e.asked); (d > boardIdle || d < 0) && e.building == nil {
			delete(c.entries, bk)
		}
	}
}

// forget drops a group's snapshots after this process changed its scores (a reset); a build under way
// stores nothing.
func (c *boardCache) forget(g GroupRef) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for bk, e := range c.entries {
		if bk.Group == g {
			e.snap = nil
			e.gen++
		}
	}
}

// leaderboard ranks a group's members in the bucket q asks for: the top q.Limit from the snapshot, and,
// when q.UserID is set, that member's line from their current score. The caller's current score replaces
// the snapshot's in the top too, so what they just earned shows on both.
func (b *Bot) leaderboard(ctx context.Context, q LeaderboardQuery) (Leaderboard, error) {
	var lb Leaderboard
	period := q.Period
	if period == "" {
		period = PeriodAll
	}
	key := "all"
	if period != PeriodAll {
		zone, err := b.channels.GroupZone(ctx, q.Group)
		if err != nil {
			return lb, fmt.Errorf("group zone: %w", err)
		}
		key = PeriodKey(period, q.At, ZoneOrUTC(zone))
	}
	bk := Bucket{Group: q.Group, Period: key, Domain: q.Domain}
	snap, err := b.boardCache.snapshot(ctx, bk)
	if err != nil {
		return lb, err
	}
	var me *Score
	if q.UserID != "" {
		s, ok, err := b.boards.MemberScore(ctx, bk, q.UserID)
		if err != nil {
			return lb, fmt.Errorf("score of %s: %w", q.UserID, err)
		}
		if ok {
			me = &s
		}
	}
	name := func(userID string) (string, error) {
		n, ok := snap.names[userID]
		if !ok {
			var err error
			if n, err = b.members.MemberName(ctx, q.Group, userID); err != nil {
				return "", fmt.Errorf("name of %s: %w", userID, err)
			}
		}
		return n, nil // "" when none is recorded: each reader says so its own way
	}
	// The top: the snapshot's leaders without the caller's old line, and the caller's current one where it
	// falls. Within a prefix of the ranking every better score is present, so ranks count from it.
	top := make([]Score, 0, q.Limit+1)
	for _, s := range snap.scores {
		if len(top) == q.Limit {
			break
		}
		if q.UserID != "" && s.UserID == q.UserID {
			continue
		}
		top = append(top, s)
	}
	if me != nil {
		i, _ := slices.BinarySearchFunc(top, *me, byRank)
		top = slices.Insert(top, i, *me)
	}
	top = top[:min(len(top), q.Limit)]
	for i, s := range top {
		r := Rank{Rank: i + 1, UserID: s.UserID, Points: s.Points, Answered: s.Answered, Correct: s.Correct}
		if i > 0 && !better(top[i-1], s) {
			r.Rank = lb.Top[i-1].Rank
		}
		if r.Name, err = name(s.UserID); err != nil {
			return lb, err
		}
		lb.Top = append(lb.Top, r)
	}
	if me != nil {
		// Everyone else with a better score in the snapshot ranks above; the caller's own old line, if it
		// is among them (their points were reset since), does not.
		above, _ := slices.BinarySearchFunc(snap.scores, *me, func(s, me Score) int {
			if better(s, me) {
				return -1
			}
			return 1
		})
		if holds(snap.scores[:above], me.UserID) {
			above--
		}
		r := Rank{Rank: above + 1, UserID: me.UserID, Points: me.Points, Answered: me.Answered, Correct: me.Correct}
		if r.Name, err = name(me.UserID); err != nil {
			return lb, err
		}
		lb.Me = &r
	}
	return lb, nil
}
