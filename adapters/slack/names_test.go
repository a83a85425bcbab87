package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
)

// TestNameStaysInsideTheCodeBlock: a leaderboard row whose name holds ``` and a link renders inside the
// one code block, the link escaped, in the blocks and in the notification text.
func TestNameStaysInsideTheCodeBlock(t *testing.T) {
	name := "Mal``` <https://evil.example/x|Free nitro> <!channel> ```"
	r := bot.Reply{Table: &bot.Table{Title: "Leaderboard · All time", Columns: []string{"#", "Member", "Points", "Correct"},
		Rows: [][]string{{"1", name, "10", "1/1"}, {"2", "Bob", "0", "0/1"}}}}
	msg := toMsg(r)
	var table string
	for _, b := range msg.Blocks.BlockSet {
		if s, ok := b.(*slack.SectionBlock); ok && strings.Contains(s.Text.Text, "Bob") {
			table = s.Text.Text
		}
	}
	if n := strings.Count(table, "```"); n != 2 || !strings.HasPrefix(table, "```") || !strings.HasSuffix(table, "```") {
		t.Fatalf("%d fences, want the block's 2 around it all:\n%s", n, table)
	}
	b, _ := json.Marshal(msg)
	if strings.Contains(string(b), "\\u003chttps://evil") || strings.Contains(msg.Text, "<https://evil") || strings.Contains(msg.Text, "<!channel>") {
		t.Fatalf("a link or mention reached Slack unescaped: text %q, blocks %s", msg.Text, table)
	}
}
