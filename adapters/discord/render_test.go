package discord

import (
	"testing"

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
