package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

var benchCard = bot.Reply{Card: &bot.Card{PostID: 42, QuestionID: "sec-017", Domain: "Security", Objective: "5.2",
	Text:    "A nurse shares her EHR login with a float nurse at shift change. Which HIPAA Security Rule requirement does this break?",
	Choices: []string{"Unique user identification", "Automatic logoff", "Encryption and decryption", "Emergency access procedure"}},
	Buttons: []bot.Button{{Label: "A", Action: bot.Action{Name: "answer", Args: []string{"42", "A"}}}, {Label: "B", Action: bot.Action{Name: "answer", Args: []string{"42", "B"}}},
		{Label: "C", Action: bot.Action{Name: "answer", Args: []string{"42", "C"}}}, {Label: "D", Action: bot.Action{Name: "answer", Args: []string{"42", "D"}}}}}

func TestRenderCard(t *testing.T) {
	d := render(benchCard)
	if len(d.Embeds) != 1 || len(d.Components) != 1 || d.Flags != 0 {
		t.Fatalf("card rendered as %+v", d)
	}
	closed := benchCard
	c := *benchCard.Card
	c.Closed = true
	closed.Card, closed.Buttons = &c, nil
	d = render(closed)
	if len(d.Components) != 1 {
		t.Fatalf("closed card lost its (disabled) buttons: %+v", d.Components)
	}
	long := bot.Reply{Private: true, Text: string(make([]rune, 3000))}
	if d := render(long); d.Content != "" || len(d.Embeds) != 1 || d.Flags == 0 {
		t.Fatalf("long private text: content %d chars, %d embeds, flags %v", len(d.Content), len(d.Embeds), d.Flags)
	}
}

func BenchmarkRenderCard(b *testing.B) {
	for b.Loop() {
		render(benchCard)
	}
}

// TestSourceLinks: the feedback and the reveal end with the question's source, its URLs as masked links.
func TestSourceLinks(t *testing.T) {
	const src = "NIST SP 800-88 Rev. 2, https://csrc.nist.gov/pubs/sp/800/88/r2/final"
	const want = "Source: NIST SP 800-88 Rev. 2, [csrc.nist.gov](https://csrc.nist.gov/pubs/sp/800/88/r2/final)"
	if got := render(bot.Reply{Private: true, Text: "Not quite.", Source: src}).Content; !strings.HasSuffix(got, want) {
		t.Errorf("feedback content %q does not end with %q", got, want)
	}
	rv := &bot.Reveal{Question: "Q?", Choices: []string{"a", "b"}, Correct: 0, Explanation: "E.", Source: src}
	if got := render(bot.Reply{Reveal: rv}).Embeds[0].Description; !strings.HasSuffix(got, want) {
		t.Errorf("reveal description %q does not end with %q", got, want)
	}
}

// TestDidYouMeanButtons: the FAQ's "Did you mean" entries become buttons whose labels fit Discord's 80
// characters.
func TestDidYouMeanButtons(t *testing.T) {
	long := "Should I take CompTIA A+ instead, which A+ exams are current, and do I need A+ before anything healthcare-specific?"
	r := bot.Reply{Private: true, Text: "I am not sure which of these you mean:\n1. " + long,
		Buttons: []bot.Button{{Label: long, Action: bot.Action{Name: "faq-entry", Args: []string{"aplus-instead"}}}}}
	d := render(r)
	if len(d.Components) != 1 {
		t.Fatalf("components %v", d.Components)
	}
	b := d.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
	if n := len([]rune(b.Label)); n > 80 || !strings.HasPrefix(long, strings.TrimSuffix(b.Label, "…")) || b.CustomID != "sb:faq-entry:aplus-instead" {
		t.Fatalf("button %+v (%d characters)", b, n)
	}
}

// publicBoard is /study leaderboard … public's reply as the core builds it.
var publicBoard = bot.Reply{Table: &bot.Table{Title: "Leaderboard · This week", Columns: []string{"#", "Member", "Points", "Correct"},
	Rows:   [][]string{{"1", "Amara Okafor", "40", "4/5"}, {"1", "@everyone", "40", "4/4"}, {"3", "Ben *Carter*", "30", "3/4"}},
	Footer: "Your own rank: /study leaderboard week"}}

// A public board is a channel message: the title in bold, the aligned table in a code block (so names are
// not read as markdown), the footer under it, and no mention pings whatever the names say.
func TestRenderPublicBoard(t *testing.T) {
	d := render(publicBoard)
	if d.Flags != 0 || len(d.Embeds) != 0 {
		t.Fatalf("public board rendered as %+v", d)
	}
	want := "**Leaderboard · This week**\n```\n#  Member        Points  Correct\n1  Amara Okafor      40  4/5\n1  @everyone         40  4/4\n3  Ben *Carter*      30  3/4\n```\nYour own rank: /study leaderboard week"
	if d.Content != want {
		t.Fatalf("content:\n%s\nwant:\n%s", d.Content, want)
	}
	if d.AllowedMentions == nil || len(d.AllowedMentions.Parse) != 0 {
		t.Fatalf("allowed mentions %+v: a name could ping", d.AllowedMentions)
	}
}

// TestEncodeResponseIsDiscordgosEncoding: the interaction response written to Discord is byte for byte
// discordgo's JSON, for every kind of reply, and the plain types keep every JSON field of discordgo's.
func TestEncodeResponseIsDiscordgosEncoding(t *testing.T) {
	feedback := bot.Reply{Private: true, Text: "Correct! C) Destroy\nDestroy leaves it <unusable> & gone.\n+10 points · streak 2", Source: "NIST SP 800-88 https://csrc.nist.gov/x",
		Buttons: []bot.Button{{Label: "I guessed", Action: bot.Action{Name: "guessed", Args: []string{"d", "12", "u1"}}}, {Label: "Report a problem", Style: bot.StyleDanger, Action: bot.Action{Name: "report", Args: []string{"d", "12", "u1"}}}}}
	closed := benchCard
	card := *benchCard.Card
	card.Closed = true
	closed.Card = &card
	many := bot.Reply{Text: "pick"}
	for i := range 7 {
		many.Buttons = append(many.Buttons, bot.Button{Label: fmt.Sprint(i), Style: bot.StylePrimary, Action: bot.Action{Name: "x", Args: []string{fmt.Sprint(i)}}})
	}
	table := bot.Reply{Private: true, Table: &bot.Table{Title: "Leaderboard", Columns: []string{"#", "Member"}, Rows: [][]string{{"1", "Ada"}}}}
	reveal := bot.Reply{Reveal: &bot.Reveal{Question: "Q?", Choices: []string{"a", "b"}, Correct: 1, Explanation: "Because.", Counts: []int{3, 4}}}
	responses := []*discordgo.InteractionResponse{{Type: discordgo.InteractionResponsePong},
		{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}},
		{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{ID: 3, Components: []discordgo.MessageComponent{discordgo.Button{Label: "no style", URL: "https://x", Emoji: &discordgo.ComponentEmoji{Name: "e"}}}}}}}}
	for _, r := range []bot.Reply{feedback, benchCard, closed, many, table, reveal, {}, {Text: "Posted."}} {
		responses = append(responses, message(r))
	}
	for i, resp := range responses {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(resp); err != nil {
			t.Fatal(err)
		}
		got, err := encodeResponse(resp)
		if err != nil || string(got)+"\n" != want.String() {
			t.Errorf("response %d: %v\n got %s\nwant %s", i, err, got, want.String())
		}
	}
	for _, pair := range [][2]any{{discordgo.InteractionResponse{}, plainResponse{}}, {discordgo.InteractionResponseData{}, plainResponseData{}},
		{discordgo.ActionsRow{}, plainRow{}}, {discordgo.Button{}, plainButton{}}} {
		if got, want := jsonFields(reflect.TypeOf(pair[1])), jsonFields(reflect.TypeOf(pair[0])); !slices.Equal(got, want) {
			t.Errorf("%T has JSON fields %v, %T has %v", pair[1], got, pair[0], want)
		}
	}
}

// jsonFields lists a struct's JSON field names in order, with "type" for the kinds discordgo adds it to.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "-" && name != "type" {
			out = append(out, name)
		}
	}
	return out
}
