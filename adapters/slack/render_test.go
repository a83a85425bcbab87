package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
)

var benchCard = bot.Reply{Card: &bot.Card{PostID: 42, QuestionID: "sec-017", Domain: "Security", Objective: "5.2",
	Text:    "A nurse shares her EHR login with a float nurse at shift change. Which HIPAA <Security> Rule requirement does this break?",
	Choices: []string{"Unique user identification", "Automatic logoff", "Encryption & decryption", "Emergency access procedure"}},
	Buttons: []bot.Button{{Label: "A", Action: bot.Action{Name: "answer", Args: []string{"42", "A"}}}, {Label: "B", Action: bot.Action{Name: "answer", Args: []string{"42", "B"}}},
		{Label: "C", Action: bot.Action{Name: "answer", Args: []string{"42", "C"}}}, {Label: "D", Action: bot.Action{Name: "answer", Args: []string{"42", "D"}}}}}

func TestRenderCardEscapesAndDropsButtonsWhenClosed(t *testing.T) {
	marshal := func(v any) []byte {
		b, _ := json.Marshal(v) // Blocks marshal themselves with HTML escaping; undo it to read them
		return []byte(strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(string(b)))
	}
	b := marshal(toMsg(benchCard).Blocks)
	s := string(b)
	if !strings.Contains(s, `&lt;Security&gt;`) || !strings.Contains(s, "Encryption &amp; decryption") || !strings.Contains(s, `"actions"`) {
		t.Fatalf("card blocks: %s", s)
	}
	closed := benchCard
	c := *benchCard.Card
	c.Closed = true
	closed.Card = &c
	b = marshal(toMsg(closed).Blocks)
	if strings.Contains(string(b), `"actions"`) || !strings.Contains(string(b), "Closed") {
		t.Fatalf("closed card blocks: %s", b)
	}
}

func BenchmarkRenderCard(b *testing.B) {
	for b.Loop() {
		toMsg(benchCard)
	}
}

// TestSourceLinks: the feedback and the reveal end with the question's source, its URLs as Slack links.
func TestSourceLinks(t *testing.T) {
	const src = "45 CFR 164.404(b); HHS, https://www.hhs.gov/hipaa/for-professionals/breach-notification/index.html."
	const link = "<https://www.hhs.gov/hipaa/for-professionals/breach-notification/index.html|hhs.gov>"
	for name, r := range map[string]bot.Reply{
		"feedback": {Private: true, Text: "Correct!", Source: src},
		"reveal": {Reveal: &bot.Reveal{Question: "Q?", Choices: []string{"a", "b"}, Correct: 1, Explanation: "E.", Source: src,
			Counts: []int{1, 1}, Total: 2}},
	} {
		b, _ := json.Marshal(toMsg(r).Blocks)
		s := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
		if !strings.Contains(s, "Source: 45 CFR 164.404(b); HHS, "+link+".") {
			t.Errorf("%s blocks lack the linked source: %s", name, s)
		}
	}
}

// TestDidYouMeanButtons: the FAQ's "Did you mean" entries become buttons whose text fits Slack's 75
// characters.
func TestDidYouMeanButtons(t *testing.T) {
	long := "Should I take CompTIA A+ instead, which A+ exams are current, and do I need A+ before anything healthcare-specific?"
	r := bot.Reply{Private: true, Text: "I am not sure which of these you mean:\n1. " + long,
		Buttons: []bot.Button{{Label: long, Action: bot.Action{Name: "faq-entry", Args: []string{"aplus-instead"}}}}}
	var found bool
	for _, blk := range toMsg(r).Blocks.BlockSet {
		if a, ok := blk.(*slack.ActionBlock); ok {
			b := a.Elements.ElementSet[0].(*slack.ButtonBlockElement)
			found = b.ActionID == "sb:faq-entry:aplus-instead" && len([]rune(b.Text.Text)) <= 75
		}
	}
	if !found {
		t.Fatal("no fitting button for the entry")
	}
}

// A public board is an in-channel message: its title, the aligned table in a code block with names escaped,
// and the footer as context.
func TestRenderPublicBoard(t *testing.T) {
	r := bot.Reply{Table: &bot.Table{Title: "Leaderboard · This week", Columns: []string{"#", "Member", "Points", "Correct"},
		Rows:   [][]string{{"1", "Amara Okafor", "40", "4/5"}, {"2", "<!channel> & co", "30", "3/4"}},
		Footer: "Your own rank: /study leaderboard week"}}
	msg := toMsg(r)
	if msg.ResponseType != "in_channel" || len(msg.Blocks.BlockSet) != 3 {
		t.Fatalf("public board: %s with %d blocks", msg.ResponseType, len(msg.Blocks.BlockSet))
	}
	b, _ := json.Marshal(msg.Blocks)
	s := strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">", `\n`, "\n").Replace(string(b))
	for _, want := range []string{"*Leaderboard · This week*", "```#  Member", "1  Amara Okafor         40  4/5", "&lt;!channel&gt; &amp; co", `"type":"context"`, "Your own rank"} {
		if !strings.Contains(s, want) {
			t.Errorf("blocks lack %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "<!channel>") {
		t.Error("a name reached Slack unescaped")
	}
}

// TestWebhookBodyIsSlackGosEncoding: the reply posted to a response_url is byte for byte what
// slack.PostWebhookCustomHTTPContext would have sent, for every kind of reply.
func TestWebhookBodyIsSlackGosEncoding(t *testing.T) {
	feedback := bot.Reply{Private: true, Text: "Not quite: you chose B) Purge. Purge <defeats> lab recovery & more.\nThe answer is C) Destroy\n+0 points · streak 3",
		Source:  "NIST SP 800-88 https://csrc.nist.gov/pubs/sp/800/88/r1/final",
		Buttons: []bot.Button{{Label: "I guessed", Action: bot.Action{Name: "guessed", Args: []string{"d", "12", "U1"}}}, {Label: "Report a problem", Style: bot.StyleDanger, Action: bot.Action{Name: "report", Args: []string{"d", "12", "U1"}}}}}
	closed := benchCard
	card := *benchCard.Card
	card.Closed = true
	closed.Card = &card
	table := bot.Reply{Private: true, Table: &bot.Table{Title: "Leaderboard · All time", Columns: []string{"#", "Member"}, Rows: [][]string{{"1", "Ada"}}, Footer: "Your rank: #1 with 10 points."}}
	reveal := bot.Reply{Reveal: &bot.Reveal{Question: "Q?", Choices: []string{"a", "b"}, Correct: 1, Explanation: "Because.", Counts: []int{3, 4}, Source: "https://x.example/y"}}
	for name, r := range map[string]bot.Reply{"feedback": feedback, "card": benchCard, "closed card": closed, "table": table, "reveal": reveal,
		"empty": {}, "public text": {Text: "Posted."}} {
		for _, replace := range []bool{false, true} {
			msg := toMsg(r)
			want, err := json.Marshal(&slack.WebhookMessage{Text: msg.Text, Blocks: &msg.Blocks, ResponseType: msg.ResponseType, ReplaceOriginal: replace})
			if err != nil {
				t.Fatal(err)
			}
			got, err := webhookBody(msg, replace)
			if err != nil || string(got) != string(want) {
				t.Errorf("%s (replace %v): %v\n got %s\nwant %s", name, replace, err, got, want)
			}
		}
	}
}

// FuzzAppendString: strings are escaped exactly as encoding/json escapes them.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\back`, "<b>&amp;</b>", "tab\tnl\ncr\r\b\f\x00\x1f\x7f", "é ü 日本", "\u2028\u2029", "bad \xff\xfe utf8", "\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

// FuzzWebhookBody: a feedback-shaped reply with any text, source and button is encoded as slack-go
// encodes it.
func FuzzWebhookBody(f *testing.F) {
	f.Add("Correct! C) Destroy\n+10 points", "NIST SP 800-88 https://csrc.nist.gov/x", "Report a problem", true, false)
	f.Add("<&>", "", "", false, true)
	f.Fuzz(func(t *testing.T, text, source, label string, private, replace bool) {
		r := bot.Reply{Private: private, Text: text, Source: source}
		if label != "" {
			r.Buttons = []bot.Button{{Label: label, Style: bot.StyleDanger, Action: bot.Action{Name: "report", Args: []string{"d", "1", "u"}}}}
		}
		msg := toMsg(r)
		want, err := json.Marshal(&slack.WebhookMessage{Text: msg.Text, Blocks: &msg.Blocks, ResponseType: msg.ResponseType, ReplaceOriginal: replace})
		if err != nil {
			return
		}
		if got, err := webhookBody(msg, replace); err != nil || string(got) != string(want) {
			t.Fatalf("%v\n got %s\nwant %s", err, got, want)
		}
	})
}
