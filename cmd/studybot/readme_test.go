package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
)

// TestREADMECommandTable holds README's command table (the "| `/study ...` |" rows under "## Commands")
// to the bot's command table: every subcommand a member can type has a row, each row names a subcommand
// that exists, and its "who" column says moderator exactly when the subcommand is for moderators.
func TestREADMECommandTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Commands\n")
	if !ok {
		t.Fatal("README.md has no \"## Commands\" section")
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	// A row's first cell holds one or more commands ("`/study pack list` · `/study pack info [NAME]`"), its
	// second who may use them.
	command := regexp.MustCompile("`/study ([a-z-]+(?: [a-z|-]+)?)[^`]*`")
	type row struct{ name, who string }
	var rows []row
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `/study ") {
			continue
		}
		cells := strings.Split(line, " | ")
		if len(cells) < 2 {
			continue
		}
		for _, m := range command.FindAllStringSubmatch(cells[0], -1) {
			rows = append(rows, row{m[1], strings.TrimSpace(cells[1])})
		}
	}
	if len(rows) == 0 {
		t.Fatal("README.md's Commands section has no `/study ...` rows")
	}

	pack, err := packs.Default()
	if err != nil {
		t.Fatal(err)
	}
	// Commands reads only the table, so the store is a port with no methods behind it.
	b, err := bot.New(bot.Config{Store: struct{ bot.Store }{}, Pack: pack})
	if err != nil {
		t.Fatal(err)
	}
	// A row names the subcommand its first words make, the longest that is one ("question add" of a
	// group; "items" of "/study items keep|retire ID").
	var typed []string
	for _, s := range b.Commands() {
		typed = append(typed, s.Name)
	}
	documented := map[string]string{} // subcommand -> who
	for _, r := range rows {
		name := r.name
		if !slices.Contains(typed, name) {
			name, _, _ = strings.Cut(name, " ")
		}
		documented[name] = r.who
	}
	for _, s := range b.Commands() {
		who, ok := documented[s.Name]
		if !ok {
			t.Errorf("README.md's command table has no row for /study %s", s.Name)
			continue
		}
		want := "anyone"
		if s.Mod {
			want = "moderator"
		}
		if who != want {
			t.Errorf("README.md says /study %s is for %q, the command table says %q", s.Name, who, want)
		}
	}
	for name := range documented {
		if !slices.Contains(typed, name) {
			t.Errorf("README.md's command table names /study %s, which the bot does not have", name)
		}
	}
}
