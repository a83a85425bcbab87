package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// kinds lists the kinds of a post's deliveries in order.
func kinds(t *testing.T, s bot.Store, postID int64) string {
	t.Helper()
	ds, err := s.Deliveries(ctx, postID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.Kind)
	}
	return fmt.Sprint(out)
}

// testOnePostPerSlot: a slot is posted once; a second try changes nothing, however many try at once.
func testOnePostPerSlot(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := post(t, s, ch, "2026-03-02", now)
	_, closed, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: "2026-03-02", Pack: "p", QuestionID: "other", Domain: "d",
		PostedAt: now.Add(time.Minute), ClosesAt: now.Add(time.Hour)}, FarFuture)
	if bot.ErrorCode(err) != bot.ECONFLICT || closed != nil {
		t.Fatalf("second post for the slot: %v %v", closed, err)
	}
	open1, err := s.OpenPost(ctx, ch)
	if err != nil || open1.ID != p.ID || !open1.ClosedAt.IsZero() || open1.QuestionID != p.QuestionID {
		t.Fatalf("open post after the refused one: %+v %v", open1, err)
	}
	if k := kinds(t, s, p.ID); k != "[card]" {
		t.Fatalf("the refused post queued messages: %s", k)
	}
	// Eight at once for the next slot: one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, conflicts := 0, 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: "2026-03-03", Pack: "p", QuestionID: fmt.Sprint("q", i), Domain: "d",
				PostedAt: now.Add(24 * time.Hour), ClosesAt: now.Add(25 * time.Hour)}, FarFuture)
			mu.Lock()
			defer mu.Unlock()
			switch bot.ErrorCode(err) {
			case "":
				won++
			case bot.ECONFLICT:
				conflicts++
			default:
				t.Errorf("create post: %v", err)
			}
		}(i)
	}
	wg.Wait()
	if won != 1 || conflicts != 7 {
		t.Fatalf("%d posts and %d conflicts for one slot, want 1 and 7", won, conflicts)
	}
	if k := kinds(t, s, p.ID); k != "[card reveal close]" {
		t.Fatalf("the closed post's messages: %s, want one reveal and one close", k)
	}
}

// testOnePostPerSlotAcrossReplicas: three replicas post the same slots of twenty channels at once, and
// /study post in one channel on all of them: each slot is posted once, each channel has one open question,
// and each closed question is revealed once.
func testOnePostPerSlotAcrossReplicas(t *testing.T, open func() bot.Store) {
	handles := []bot.Store{open(), open(), open()}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := map[string]int{}
	for r, h := range handles {
		for c := 0; c < 20; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: fmt.Sprint("c", c)}
				_, _, err := h.CreatePost(ctx, bot.Post{Channel: ch, Slot: "2026-03-02", Pack: "p", QuestionID: fmt.Sprint("q", r), Domain: "d",
					PostedAt: now, ClosesAt: now.Add(time.Hour)}, FarFuture)
				if err != nil && bot.ErrorCode(err) != bot.ECONFLICT {
					t.Errorf("replica %d channel %d: %v", r, c, err)
				}
				if err == nil {
					mu.Lock()
					won[ch.ChannelID]++
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	for c := 0; c < 20; c++ {
		if n := won[fmt.Sprint("c", c)]; n != 1 {
			t.Errorf("channel c%d: %d posts for one slot", c, n)
		}
	}
	// Manual posts (each its own slot) in one channel from every replica at once.
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c0"}
	ids := make(chan int64, 3*4)
	for r, h := range handles {
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, _, err := h.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprintf("manual-%d-%d", r, i), Pack: "p", QuestionID: "m", Domain: "d",
					PostedAt: now.Add(time.Minute), ClosesAt: now.Add(time.Hour)}, FarFuture)
				if err != nil {
					t.Errorf("manual post: %v", err)
					return
				}
				ids <- p.ID
			}()
		}
	}
	wg.Wait()
	close(ids)
	openPost, err := handles[0].OpenPost(ctx, ch)
	if err != nil {
		t.Fatal(err)
	}
	all := []int64{}
	for id := range ids {
		all = append(all, id)
	}
	if len(all) != 12 {
		t.Fatalf("%d of 12 manual posts made", len(all))
	}
	first, _ := handles[0].OpenPost(ctx, bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c1"})
	for _, id := range all {
		p, err := handles[1].Post(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := "[card reveal close]"
		if id == openPost.ID {
			want = "[card]"
			if !p.ClosedAt.IsZero() {
				t.Errorf("the open post %d is closed", id)
			}
		} else if p.ClosedAt.IsZero() {
			t.Errorf("post %d is open besides %d", id, openPost.ID)
		}
		if k := kinds(t, handles[2], id); k != want {
			t.Errorf("post %d: messages %s, want %s", id, k, want)
		}
	}
	if first.ID == 0 || !first.ClosedAt.IsZero() {
		t.Errorf("channel c1 lost its open post: %+v", first)
	}
}

// testCreatePostClosesAndQueues: a new post closes the open one in the same change, and the channel owes
// the old one's reveal and card edit before the new card.
func testCreatePostClosesAndQueues(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T", ChannelID: "C"}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, err := s.OpenPost(ctx, ch); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("open post of a new channel: %v", err)
	}
	p1 := post(t, s, ch, "a", now)
	if p1.ID == 0 {
		t.Fatal("no id")
	}
	p2, closed, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: "b", Pack: "p", QuestionID: "q2", Domain: "d2", Cycle: 1,
		PostedAt: now.Add(time.Hour), ClosesAt: now.Add(25 * time.Hour)}, FarFuture)
	if err != nil || closed == nil || closed.ID != p1.ID || !closed.ClosedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("second post: %+v %v", closed, err)
	}
	got, err := s.Post(ctx, p2.ID)
	if err != nil || got.Slot != "b" || got.QuestionID != "q2" || got.Domain != "d2" || got.Cycle != 1 || got.Channel != ch ||
		!got.PostedAt.Equal(now.Add(time.Hour)) || !got.ClosesAt.Equal(now.Add(25*time.Hour)) || !got.ClosedAt.IsZero() || got.Pack != "p" {
		t.Fatalf("post read back: %+v %v", got, err)
	}
	if o, err := s.OpenPost(ctx, ch); err != nil || o.ID != p2.ID {
		t.Fatalf("open post: %+v %v", o, err)
	}
	if old, _ := s.Post(ctx, p1.ID); !old.ClosedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("old post not closed: %+v", old)
	}
	if k := kinds(t, s, p1.ID); k != "[card reveal close]" {
		t.Fatalf("old post's messages: %s", k)
	}
	if k := kinds(t, s, p2.ID); k != "[card]" {
		t.Fatalf("new post's messages: %s", k)
	}
	if _, err := s.Post(ctx, p2.ID+1000); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("missing post: %v", err)
	}
	// The outbox hands the channel's messages out in that order.
	owner := "o"
	var order []string
	for i := 0; i < 5; i++ {
		ds, err := s.ClaimDeliveries(ctx, owner, now.Add(2*time.Hour), time.Minute, 10, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 0 {
			break
		}
		if len(ds) != 1 {
			t.Fatalf("claimed %d messages of one channel at once", len(ds))
		}
		order = append(order, fmt.Sprintf("%s/%d", ds[0].Kind, ds[0].PostID))
		if err := s.FinishDelivery(ctx, bot.DeliveryResult{ID: ds[0].ID, Owner: owner, Delivered: true, MessageID: "m" + fmt.Sprint(i), At: now}); err != nil {
			t.Fatal(err)
		}
	}
	want := fmt.Sprintf("[card/%d reveal/%d close/%d card/%d]", p1.ID, p1.ID, p1.ID, p2.ID)
	if fmt.Sprint(order) != want {
		t.Fatalf("delivery order %v, want %s", order, want)
	}
}

// testClosePostOnce: a post closes once, also when replicas close it at once, and its reveal is queued once.
func testClosePostOnce(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := post(t, a, ch, "s", now)
	if ex, err := a.ExpiredPosts(ctx, now.Add(59*time.Minute)); err != nil || len(ex) != 0 {
		t.Fatalf("expired before its window ended: %v %v", ex, err)
	}
	ex, err := b.ExpiredPosts(ctx, now.Add(time.Hour))
	if err != nil || len(ex) != 1 || ex[0].ID != p.ID {
		t.Fatalf("expired posts: %v %v", ex, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	closedBy := 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(h bot.Store) {
			defer wg.Done()
			ok, err := h.ClosePost(ctx, p.ID, now.Add(time.Hour), FarFuture)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				closedBy++
				mu.Unlock()
			}
		}([]bot.Store{a, b}[i%2])
	}
	wg.Wait()
	if closedBy != 1 {
		t.Fatalf("closed by %d calls, want 1", closedBy)
	}
	if k := kinds(t, a, p.ID); k != "[card reveal close]" {
		t.Fatalf("messages: %s", k)
	}
	if ex, _ := a.ExpiredPosts(ctx, now.Add(2*time.Hour)); len(ex) != 0 {
		t.Fatalf("a closed post is still listed as expiring: %v", ex)
	}
	if _, err := a.OpenPost(ctx, ch); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("open post after the close: %v", err)
	}
	if ok, err := a.ClosePost(ctx, p.ID+1000, now, FarFuture); ok || err != nil {
		t.Fatalf("closing a missing post: %v %v", ok, err)
	}
}

// testHistoryAndCycles: the history counts every post's domain and remembers the current cycle's questions.
func testHistoryAndCycles(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	h, cycle, err := s.History(ctx, ch)
	if err != nil || cycle != 0 || len(h.Seen) != 0 {
		t.Fatalf("history of a new channel: %+v %d %v", h, cycle, err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, p := range []struct {
		q, d  string
		cycle int
	}{{"a", "x", 0}, {"b", "y", 0}, {"c", "x", 1}, {"a", "x", 1}} {
		if _, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(i), Pack: "p", QuestionID: p.q, Domain: p.d, Cycle: p.cycle,
			PostedAt: now, ClosesAt: now.Add(time.Hour)}, FarFuture); err != nil {
			t.Fatal(err)
		}
	}
	h, cycle, err = s.History(ctx, ch)
	if err != nil || cycle != 1 || fmt.Sprint(h.DomainCounts) != "map[x:3 y:1]" || fmt.Sprint(h.Seen) != "map[a:true c:true]" {
		t.Fatalf("history: %+v cycle %d %v", h, cycle, err)
	}
}

// testChannelSettings: schedules, zones and domains are kept per channel; a schedule's zone is the group's.
func testChannelSettings(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	c, err := s.Channel(ctx, ch)
	if err != nil || c.Ref != ch || c.Schedule != nil || c.Domains != nil {
		t.Fatalf("a channel never seen: %+v %v", c, err)
	}
	if z, err := s.GroupZone(ctx, ch.Group()); err != nil || z != "UTC" {
		t.Fatalf("zone of a new group: %q %v", z, err)
	}
	since := time.Date(2026, 3, 2, 15, 4, 5, 678_000_000, time.UTC)
	sched := &bot.Schedule{Hour: 9, Minute: 30, Zone: "Europe/Berlin", Days: bot.Days(0b0111110), Window: 72 * time.Hour, Since: since}
	if err := s.SetSchedule(ctx, ch, sched); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDomains(ctx, ch, []string{"security", "business"}); err != nil {
		t.Fatal(err)
	}
	c, err = s.Channel(ctx, ch)
	if err != nil || c.Schedule == nil || *c.Schedule != *sched || fmt.Sprint(c.Domains) != "[security business]" {
		t.Fatalf("channel read back: %+v %+v %v", c, c.Schedule, err)
	}
	if z, _ := s.GroupZone(ctx, ch.Group()); z != "Europe/Berlin" {
		t.Fatalf("group zone %q", z)
	}
	other := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "d"}
	if err := s.SetSchedule(ctx, other, &bot.Schedule{Hour: 7, Zone: "UTC", Days: bot.AllDays}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDomains(ctx, bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "e"}, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.ScheduledChannels(ctx)
	if err != nil || len(list) != 2 || list[0].Ref != ch || list[1].Ref != other || list[1].Schedule.Window != bot.DefaultWindow {
		t.Fatalf("scheduled channels: %+v %v", list, err)
	}
	if err := s.SetSchedule(ctx, ch, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDomains(ctx, ch, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Channel(ctx, ch); c.Schedule != nil || c.Domains != nil {
		t.Fatalf("cleared channel: %+v", c)
	}
	if list, _ := s.ScheduledChannels(ctx); len(list) != 1 || list[0].Ref != other {
		t.Fatalf("scheduled channels after unschedule: %+v", list)
	}
}

// testModerators: added moderators are listed once and removed once.
func testModerators(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "discord", GroupID: "g"}
	if ms, err := s.Mods(ctx, g); err != nil || len(ms) != 0 {
		t.Fatalf("mods of a new group: %v %v", ms, err)
	}
	for _, m := range []bot.Mod{{Kind: "user", ID: "u1"}, {Kind: "role", ID: "r1"}, {Kind: "user", ID: "u1"}} {
		if err := s.AddMod(ctx, g, m); err != nil {
			t.Fatal(err)
		}
	}
	if ms, _ := s.Mods(ctx, g); fmt.Sprint(ms) != "[{role r1} {user u1}]" {
		t.Fatalf("mods: %v", ms)
	}
	if ms, _ := s.Mods(ctx, bot.GroupRef{Platform: "slack", GroupID: "g"}); len(ms) != 0 {
		t.Fatalf("another platform's group shares mods: %v", ms)
	}
	if ok, err := s.RemoveMod(ctx, g, bot.Mod{Kind: "user", ID: "u1"}); !ok || err != nil {
		t.Fatalf("remove: %v %v", ok, err)
	}
	if ok, err := s.RemoveMod(ctx, g, bot.Mod{Kind: "user", ID: "u1"}); ok || err != nil {
		t.Fatalf("remove again: %v %v", ok, err)
	}
	if ok, err := s.RemoveMod(ctx, bot.GroupRef{Platform: "discord", GroupID: "none"}, bot.Mod{Kind: "role", ID: "r1"}); ok || err != nil {
		t.Fatalf("remove from an unknown group: %v %v", ok, err)
	}
}

// testConfirmations: a confirmation is taken once, by one of two replicas, only by the member who asked for
// it, and not after it expired.
func testConfirmations(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	g := bot.GroupRef{Platform: "discord", GroupID: "g"}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := bot.Confirmation{ID: "c1", Group: g, UserID: "u", Action: "reset-week", ExpiresAt: now.Add(5 * time.Minute)}
	if err := a.CreateConfirmation(ctx, c); err != nil {
		t.Fatal(err)
	}
	// An id is one confirmation: another with the same id is a conflict, and the first stays as it was.
	if err := b.CreateConfirmation(ctx, bot.Confirmation{ID: "c1", Group: g, UserID: "v", Action: "reset-all", ExpiresAt: c.ExpiresAt}); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("a second confirmation with the same id: %v, want a conflict", err)
	}
	got, err := b.TakeConfirmation(ctx, "c1", g, "u", now)
	if err != nil || got != c {
		t.Fatalf("take: %+v %v", got, err)
	}
	if _, err := a.TakeConfirmation(ctx, "c1", g, "u", now); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("take again: %v", err)
	}
	if err := a.CreateConfirmation(ctx, bot.Confirmation{ID: "c2", Group: g, UserID: "u", Action: "reset-all", ExpiresAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.TakeConfirmation(ctx, "c2", g, "u", now); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("take expired: %v", err)
	}
	// Two clicks at once on two replicas: one takes it.
	if err := a.CreateConfirmation(ctx, bot.Confirmation{ID: "c3", Group: g, UserID: "u", Action: "reset-all", ExpiresAt: now.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(h bot.Store) {
			defer wg.Done()
			_, err := h.TakeConfirmation(ctx, "c3", g, "u", now)
			if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
				t.Error(err)
			}
			if err == nil {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}([]bot.Store{a, b}[i%2])
	}
	wg.Wait()
	if taken != 1 {
		t.Fatalf("taken %d times", taken)
	}
	// Another member's take, or one from another group, leaves it for its owner.
	if err := a.CreateConfirmation(ctx, c); err != nil {
		t.Fatalf("create again: %v", err)
	}
	if _, err := b.TakeConfirmation(ctx, "c1", g, "someone-else", now); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Fatalf("another member's take: %v, want EFORBIDDEN", err)
	}
	if _, err := a.TakeConfirmation(ctx, "c1", bot.GroupRef{Platform: "discord", GroupID: "g-other"}, "u", now); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Fatalf("a take from another group: %v, want EFORBIDDEN", err)
	}
	if got, err := b.TakeConfirmation(ctx, "c1", g, "u", now); err != nil || got != c {
		t.Fatalf("the owner's take after a stranger's: %+v %v", got, err)
	}
}

// testClaimDueChannels: a claim returns the scheduled channels whose next due time has come (a schedule
// whose time is not worked out yet, the zero time, among them), oldest due first and at most as many as
// asked, with their next due time moved to the claim's end; another replica's claim passes them over until
// then. Advancing moves a claimed channel to its next slot; an advance from a schedule since changed, or
// from a claim that is no longer the channel's, changes nothing.
func testClaimDueChannels(t *testing.T, open func() bot.Store) {
	s, replica := open(), open()
	ref := func(id string) bot.ChannelRef {
		return bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: id}
	}
	since := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at9 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at21 := time.Date(2026, 3, 2, 21, 0, 0, 0, time.UTC)
	sched := func(hour int, next time.Time) *bot.Schedule {
		return &bot.Schedule{Hour: hour, Zone: "UTC", Days: bot.AllDays, Window: bot.DefaultWindow, Since: since, NextDue: next}
	}
	for _, id := range []string{"morning", "morning2", "evening", "old"} {
		sc := map[string]*bot.Schedule{"morning": sched(9, at9), "morning2": sched(9, at9.Add(time.Second)),
			"evening": sched(21, at21), "old": sched(9, time.Time{})}[id]
		if err := s.SetSchedule(ctx, ref(id), sc); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetDomains(ctx, ref("unscheduled"), []string{"security"}); err != nil {
		t.Fatal(err)
	}
	claim := func(st bot.Store, now, until time.Time, max int) []bot.Channel {
		t.Helper()
		list, err := st.ClaimDueChannels(ctx, now, until, max)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	names := func(list []bot.Channel) string {
		var out []string
		for _, c := range list {
			out = append(out, c.Ref.ChannelID)
		}
		slices.Sort(out)
		return fmt.Sprint(out)
	}
	// 08:59: only the schedule whose time is not worked out yet is due.
	lease := at9.Add(time.Hour)
	old := claim(s, at9.Add(-time.Minute), lease, 10)
	if names(old) != "[old]" || !old[0].Schedule.NextDue.Equal(lease) || old[0].Schedule.Since != since {
		t.Fatalf("claimed at 08:59: %+v, want old with its next due time at the claim's end", old)
	}
	if got := names(claim(replica, at9.Add(-time.Minute), lease, 10)); got != "[]" {
		t.Fatalf("claimed again at 08:59 by another replica: %s, want none", got)
	}
	// 09:00: two are due; a claim of one takes the oldest, the other replica's claim the next.
	first := claim(s, at9.Add(time.Second), lease, 1)
	second := claim(replica, at9.Add(time.Second), lease, 10)
	if names(first) != "[morning]" || names(second) != "[morning2]" {
		t.Fatalf("claims at 09:00:01: %s then %s, want [morning] then [morning2]", names(first), names(second))
	}
	if c := first[0]; *c.Schedule != (bot.Schedule{Hour: 9, Zone: "UTC", Days: bot.AllDays, Window: bot.DefaultWindow, Since: since, NextDue: lease}) {
		t.Fatalf("claimed schedule read back: %+v", c.Schedule)
	}
	tomorrow := at9.AddDate(0, 0, 1)
	if err := s.AdvanceSchedules(ctx, []bot.ScheduleAdvance{
		{Channel: ref("morning"), Read: *first[0].Schedule, Next: tomorrow},
		{Channel: ref("old"), Read: *old[0].Schedule, Next: tomorrow},
		// Not this claim's: morning2's claim ends at lease, not at 09:30, so this changes nothing.
		{Channel: ref("morning2"), Read: *sched(9, at9.Add(30*time.Minute)), Next: tomorrow},
	}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]time.Time{"morning": tomorrow, "old": tomorrow, "morning2": lease, "evening": at21} {
		if c, err := replica.Channel(ctx, ref(id)); err != nil || c.Schedule == nil || !c.Schedule.NextDue.Equal(want) {
			t.Fatalf("%s after the advance: %+v %v, want next due %v", id, c.Schedule, err, want)
		}
	}
	// The claim lapses: morning2 is due again, with evening at 21:00.
	if got := names(claim(s, at21, at21.Add(time.Minute), 10)); got != "[evening morning2]" {
		t.Fatalf("claimed at 21:00: %s, want [evening morning2]", got)
	}
	// A moderator changes the evening schedule after a tick claimed it: the tick's advance keeps off it.
	changed := sched(22, at21.Add(time.Hour))
	changed.Since = at21.Add(time.Second)
	if err := replica.SetSchedule(ctx, ref("evening"), changed); err != nil {
		t.Fatal(err)
	}
	claimedEvening := *sched(21, at21.Add(time.Minute))
	if err := s.AdvanceSchedules(ctx, []bot.ScheduleAdvance{{Channel: ref("evening"), Read: claimedEvening, Next: at21.AddDate(0, 0, 1)}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Channel(ctx, ref("evening")); c.Schedule == nil || *c.Schedule != *changed {
		t.Fatalf("the changed schedule: %+v, want %+v", c.Schedule, changed)
	}
	// Unscheduled channels are never due.
	for _, id := range []string{"morning", "morning2", "old"} {
		if err := s.SetSchedule(ctx, ref(id), nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := names(claim(s, at9.AddDate(1, 0, 0), at9.AddDate(1, 0, 1), 10)); got != "[evening]" {
		t.Fatalf("claimed a year on: %s, want [evening]", got)
	}
}
