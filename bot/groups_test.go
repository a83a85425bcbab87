package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestGroupedCommandsAreTypedEitherWay: a row in a subcommand group is typed as its two words ("/study pack
// list"); a row that also stands under a group for Discord's 25-subcommand limit ("goal" under "me") is
// the same command typed either way; a group typed alone lists its subcommands instead of failing.
func TestGroupedCommandsAreTypedEitherWay(t *testing.T) {
	e := newEnv(t, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if r := e.do(alice, "/study pack list"); r.Table == nil || r.Table.Title != "Packs" {
		t.Errorf("/study pack list: %+v", r)
	}
	if r := e.do(alice, "/study me goal 2026-12-30"); !strings.Contains(r.Text, "23 days to your exam on 2026-12-30") {
		t.Errorf("/study me goal: %q", r.Text)
	}
	if r := e.do(alice, "/study goal"); !strings.Contains(r.Text, "2026-12-30") {
		t.Errorf("/study goal after /study me goal: %q", r.Text)
	}
	r := e.do(alice, "/study me")
	for _, want := range []string{"/study me needs one of these:", "/study me zone", "/study goal", "/study remind"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("/study me alone lacks %q: %q", want, r.Text)
		}
	}
}
