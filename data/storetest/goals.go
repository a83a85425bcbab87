package storetest

import (
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// testGoals: a member's exam date is theirs in one group: set, replaced, read by another handle (another
// replica), cleared once; another member, another group and a group the store has never seen have none.
func testGoals(t *testing.T, open func() bot.Store) {
	s, other := open(), open()
	g := bot.GroupRef{Platform: "discord", GroupID: "g"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	if _, ok, err := s.MemberGoal(ctx, bot.GroupRef{Platform: "slack", GroupID: "never"}, "u"); ok || err != nil {
		t.Fatalf("goal in a group never seen: %v %v", ok, err)
	}
	if cleared, err := s.ClearGoal(ctx, bot.GroupRef{Platform: "slack", GroupID: "never"}, "u"); cleared || err != nil {
		t.Fatalf("clear in a group never seen: %v %v", cleared, err)
	}
	if err := s.SetGoal(ctx, g, "u1", date(2026, 12, 30), at); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGoal(ctx, g, "u1", date(2027, 1, 15), at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGoal(ctx, g, "u2", date(2026, 6, 1), at); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		g    bot.GroupRef
		user string
		want time.Time // zero: none
	}{
		{g, "u1", date(2027, 1, 15)},
		{g, "u2", date(2026, 6, 1)},
		{g, "u3", time.Time{}},
		{bot.GroupRef{Platform: "slack", GroupID: "g"}, "u1", time.Time{}},
	} {
		got, ok, err := other.MemberGoal(ctx, tc.g, tc.user)
		if err != nil || ok != !tc.want.IsZero() || !got.Equal(tc.want) || (ok && got.Location() != time.UTC) {
			t.Fatalf("goal of %s in %v: %v %v %v, want %v", tc.user, tc.g, got, ok, err, tc.want)
		}
	}
	for i, want := range []bool{true, false} {
		if cleared, err := other.ClearGoal(ctx, g, "u1"); cleared != want || err != nil {
			t.Fatalf("clear %d: %v %v, want %v", i, cleared, err, want)
		}
	}
	if _, ok, err := s.MemberGoal(ctx, g, "u1"); ok || err != nil {
		t.Fatalf("goal after clearing: %v %v", ok, err)
	}
	if _, ok, _ := s.MemberGoal(ctx, g, "u2"); !ok {
		t.Fatal("clearing u1's goal cleared u2's")
	}
}
