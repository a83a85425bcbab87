package discord

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/bot"
)

// hostileName closes a code block, makes a masked link, and opens a new block for the rest of the row.
const hostileName = "Mal``` [Free nitro](https://evil.example/x) ```"

// TestNameStaysInsideTheCodeBlock: a leaderboard row whose name holds ``` and a masked link renders
// inside the one code block; the content has only the block's own fences.
func TestNameStaysInsideTheCodeBlock(t *testing.T) {
	r := bot.Reply{Table: &bot.Table{Title: "Leaderboard · All time", Columns: []string{"#", "Member", "Points", "Correct"},
		Rows: [][]string{{"1", hostileName, "10", "1/1"}, {"2", "Bob", "0", "0/1"}}, Footer: "Your own rank: /study leaderboard all"}}
	got := render(r).Content
	if n := strings.Count(got, "```"); n != 2 {
		t.Fatalf("%d fences, want the block's 2:\n%s", n, got)
	}
	_, inside, _ := strings.Cut(got, "```")
	inside, after, _ := strings.Cut(inside, "```")
	if !strings.Contains(inside, "[Free nitro](https://evil.example/x)") || !strings.Contains(inside, "Bob") {
		t.Fatalf("the rows are not inside the block:\n%s", got)
	}
	if strings.Contains(after, "](") {
		t.Fatalf("a masked link after the block:\n%s", got)
	}
}

// TestNameInTextMakesNoMaskedLink: a member's name in the core's plain text (the recap's most improved)
// cannot make a masked link.
func TestNameInTextMakesNoMaskedLink(t *testing.T) {
	rc := bot.Recap{Improved: &bot.Improvement{Name: "[Free nitro](https://evil.example/x)", Now: 90, Before: 10, AnswersBefore: 5, AnswersInWeek: 3}}
	got := render(rc.Reply()).Content
	if strings.Contains(got, "](https://evil") || !strings.Contains(got, `[Free nitro]\(https://evil.example/x)`) {
		t.Fatalf("recap text: %s", got)
	}
}
