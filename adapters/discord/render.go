package discord

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

// Discord's limits.
const (
	maxContent     = 2000
	maxDescription = 4096
	maxButtonsRow  = 5
	maxButtonLabel = 80
)

const (
	colourOpen   = 0x2f80ed
	colourClosed = 0x828282
	colourReveal = 0x27ae60
)

// message wraps a reply as an interaction response: a new message, ephemeral when private.
func message(r bot.Reply) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: render(r)}
}

// encodeResponse encodes an interaction response: discordgo's JSON, byte for byte, but with the buttons
// and their rows as plain structs. discordgo marshals each through a MarshalJSON method (to add its
// "type"), and encoding/json then checks and compacts each nested result again: that took half of
// encoding a reply with buttons, every click on Discord.
func encodeResponse(resp *discordgo.InteractionResponse) ([]byte, error) {
	out := plainResponse{Type: resp.Type}
	if d := resp.Data; d != nil {
		out.Data = &plainResponseData{TTS: d.TTS, Content: d.Content, Components: plainComponents(d.Components), Embeds: d.Embeds,
			AllowedMentions: d.AllowedMentions, Attachments: d.Attachments, Poll: d.Poll, Flags: d.Flags, Choices: d.Choices,
			CustomID: d.CustomID, Title: d.Title}
	}
	return json.Marshal(out)
}

func plainComponents(cs []discordgo.MessageComponent) []any {
	if cs == nil {
		return nil
	}
	out := make([]any, len(cs))
	for i, c := range cs {
		switch c := c.(type) {
		case discordgo.ActionsRow:
			out[i] = plainRow{Components: plainComponents(c.Components), ID: c.ID, Type: c.Type()}
		case discordgo.Button:
			if c.Style == 0 {
				c.Style = discordgo.PrimaryButton // as Button.MarshalJSON does
			}
			out[i] = plainButton{Label: c.Label, Style: c.Style, Disabled: c.Disabled, Emoji: c.Emoji, URL: c.URL, CustomID: c.CustomID,
				SKUID: c.SKUID, ID: c.ID, Type: c.Type()}
		default:
			out[i] = c
		}
	}
	return out
}

// plainResponse, plainResponseData, plainRow and plainButton are discordgo's InteractionResponse,
// InteractionResponseData, ActionsRow and Button as their JSON has them (a test holds them to it).
type plainResponse struct {
	Type discordgo.InteractionResponseType `json:"type,omitempty"`
	Data *plainResponseData                `json:"data,omitempty"`
}

type plainResponseData struct {
	TTS             bool                                        `json:"tts"`
	Content         string                                      `json:"content"`
	Components      []any                                       `json:"components"`
	Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
	AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions,omitempty"`
	Attachments     *[]*discordgo.MessageAttachment             `json:"attachments,omitempty"`
	Poll            *discordgo.Poll                             `json:"poll,omitempty"`
	Flags           discordgo.MessageFlags                      `json:"flags,omitempty"`
	Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices,omitempty"`
	CustomID        string                                      `json:"custom_id,omitempty"`
	Title           string                                      `json:"title,omitempty"`
}

type plainRow struct {
	Components []any                   `json:"components"`
	ID         int                     `json:"id,omitempty"`
	Type       discordgo.ComponentType `json:"type"`
}

type plainButton struct {
	Label    string                    `json:"label"`
	Style    discordgo.ButtonStyle     `json:"style"`
	Disabled bool                      `json:"disabled"`
	Emoji    *discordgo.ComponentEmoji `json:"emoji,omitempty"`
	URL      string                    `json:"url,omitempty"`
	CustomID string                    `json:"custom_id,omitempty"`
	SKUID    string                    `json:"sku_id,omitempty"`
	ID       int                       `json:"id,omitempty"`
	Type     discordgo.ComponentType   `json:"type"`
}

// render turns the core's reply into Discord content, embeds and components.
func render(r bot.Reply) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{AllowedMentions: &discordgo.MessageAllowedMentions{}}
	if r.Private {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	text := inert(r.Text)
	if r.Source != "" {
		text = strings.TrimSpace(text + "\nSource: " + links(r.Source))
	}
	if r.Table != nil {
		if text != "" {
			text += "\n"
		}
		text += tableText(r.Table)
	}
	switch {
	case r.Reveal != nil:
		d.Embeds = append(d.Embeds, revealEmbed(r.Reveal))
	case utf8.RuneCountInString(text) > maxContent:
		d.Embeds = append(d.Embeds, &discordgo.MessageEmbed{Description: bot.Truncate(text, maxDescription)})
	default:
		d.Content = text
	}
	if r.Card != nil {
		d.Embeds = append(d.Embeds, cardEmbed(r.Card))
		d.Components = cardButtons(r.Card, r.Buttons)
	} else if len(r.Buttons) > 0 {
		d.Components = buttonRows(r.Buttons, false)
	}
	if d.Embeds == nil {
		d.Embeds = []*discordgo.MessageEmbed{}
	}
	if d.Components == nil {
		d.Components = []discordgo.MessageComponent{}
	}
	return d
}

func cardEmbed(c *bot.Card) *discordgo.MessageEmbed {
	var b strings.Builder
	b.WriteString(c.Text + "\n")
	for i, ch := range c.Choices {
		fmt.Fprintf(&b, "\n**%s)** %s", letters[i], ch)
	}
	e := &discordgo.MessageEmbed{Title: c.Heading(), Description: bot.Truncate(b.String(), maxDescription), Color: colourOpen}
	if c.Objective != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "Objective " + c.Objective + " · " + c.QuestionID}
	}
	if c.Closed {
		e.Color = colourClosed
		e.Footer = &discordgo.MessageEmbedFooter{Text: "Closed · see the reveal below"}
	}
	return e
}

var letters = []string{"A", "B", "C", "D", "E", "F", "G", "H"}

// cardButtons renders a card's answer buttons; a closed card keeps them, disabled, so the message still
// shows what was asked.
func cardButtons(c *bot.Card, buttons []bot.Button) []discordgo.MessageComponent {
	if c.Closed || len(buttons) == 0 {
		var disabled []bot.Button
		for i := range c.Choices {
			disabled = append(disabled, bot.Button{Label: letters[i], Action: bot.Action{Name: bot.ActionAnswer, Args: []string{fmt.Sprint(c.PostID), letters[i]}}})
		}
		return buttonRows(disabled, true)
	}
	return buttonRows(buttons, false)
}

func buttonRows(buttons []bot.Button, disabled bool) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	for _, b := range buttons {
		style := discordgo.SecondaryButton
		switch b.Style {
		case bot.StylePrimary:
			style = discordgo.PrimaryButton
		case bot.StyleDanger:
			style = discordgo.DangerButton
		}
		row.Components = append(row.Components, discordgo.Button{Label: bot.Truncate(b.Label, maxButtonLabel), Style: style, CustomID: b.Action.Encode(), Disabled: disabled})
		if len(row.Components) == maxButtonsRow {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
	}
	if len(row.Components) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func revealEmbed(r *bot.Reveal) *discordgo.MessageEmbed {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n**Answer: %s) %s**\n%s\n\n%s", r.Question, letters[r.Correct], r.Choices[r.Correct], r.Explanation, r.Summary())
	for _, v := range r.Votes() {
		fmt.Fprintf(&b, "\n`%s`", v)
	}
	if r.Source != "" {
		b.WriteString("\n\nSource: " + links(r.Source))
	}
	return &discordgo.MessageEmbed{Title: "Reveal", Description: bot.Truncate(b.String(), maxDescription), Color: colourReveal}
}

func tableText(t *bot.Table) string {
	body := bot.Table{Columns: t.Columns, Rows: t.Rows}.PlainText()
	out := "```\n" + codeBlock(body) + "\n```"
	if t.Title != "" {
		out = "**" + inert(t.Title) + "**\n" + out
	}
	if t.Footer != "" {
		out += "\n" + inert(t.Footer)
	}
	return out
}

// codeBlock makes text safe inside a ``` block, where members' names go (the leaderboard's rows): a
// backtick is written as ˋ (U+02CB, a grave accent as wide), so no run of them closes the block and lets
// the rest of a name render as markdown, a masked link in the bot's own post among it.
func codeBlock(s string) string {
	return strings.ReplaceAll(s, "`", "ˋ")
}

// inert makes the core's plain text safe as Discord content, which renders markdown: "](" is escaped, so a
// member's name ("[Free nitro](https://…)") in a recap or a reply cannot make a masked link, which shows
// text of its choosing in place of where it leads.
func inert(s string) string {
	if !strings.Contains(s, "](") {
		return s
	}
	return strings.ReplaceAll(s, "](", `]\(`)
}

// links writes a source's URLs as Discord masked links ("[hhs.gov](https://…)"), which are clickable in
// messages and embeds and do not unfurl into previews.
func links(s string) string {
	var b strings.Builder
	for _, l := range bot.Links(s) {
		if l.URL == "" {
			b.WriteString(l.Text)
			continue
		}
		fmt.Fprintf(&b, "[%s](%s)", bot.LinkLabel(l.URL), l.URL)
	}
	return b.String()
}
