package console_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/studybot/studybot/adapters/console"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
)

// A question written in the console, a field a line, is kept as a draft when its key is wrong, comes back
// with what was typed for the fix (empty lines keep it), is approved by the moderator and lands in the
// group's own pack with its author, who hears of it at their next command.
func TestAQuestionWrittenLineByLineIsApprovedIntoTheGroupPack(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := bot.NewManualClock(monday)
	b, err := bot.New(bot.Config{Store: db, Pack: testPackParsed(t), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	c := console.New(b, clock, &out, true)
	b.SetChat(bot.PlatformConsole, c)
	input := `/as alice
/study question add
Which HIPAA rule sets the safeguards for electronic health information?

A) Security Rule
B) Privacy Rule
C) Enforcement Rule

F
The Security Rule sets administrative, physical and technical safeguards.
Source: 45 CFR Part 164 Subpart C

regulatory
/click edit


A


/as you
/study question drafts
/study question approve 1
/as alice
/study today
`
	if err := c.Run(ctx, strings.NewReader(input)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Options, one a line (2 to 4) (several lines, then an empty line)",
		"Draft #1 is saved, but it cannot go to the moderators yet:\n  • The key is not the letter of an option: give A to C",
		"  now: A) Security Rule\n       B) Privacy Rule",
		"Thank you: draft #1 is with the moderators.",
		"Approved draft #1 by alice",
		"Your question #1 (“Which HIPAA rule sets",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the session lacks %q", want)
		}
	}
	_, src, ok, err := db.PackSource(ctx, bot.OwnPackName(bot.GroupRef{Platform: bot.PlatformConsole, GroupID: console.Group}))
	if err != nil || !ok {
		t.Fatalf("the group's pack: %v %v\n%s", ok, err, got)
	}
	p, err := quiz.Parse("own", src)
	if err != nil {
		t.Fatal(err)
	}
	if q, ok := p.Question("draft-1"); !ok || q.Author != "alice" || q.Answer != 0 || len(q.Choices) != 3 {
		t.Errorf("the question in the pack: %+v", q)
	}
	if t.Failed() {
		t.Logf("session:\n%s", got)
	}
}
