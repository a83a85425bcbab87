package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
)

// Block Kit's limits on a section's text and a button's text.
const (
	maxSection    = 3000
	maxButtonText = 75
)

// toMsg renders a reply as a Slack message: Block Kit blocks plus a plain-text fallback for notifications.
func toMsg(r bot.Reply) *slack.Msg {
	msg := &slack.Msg{ResponseType: slack.ResponseTypeInChannel, Text: fallback(r)}
	if r.Private {
		msg.ResponseType = slack.ResponseTypeEphemeral
	}
	var blocks []slack.Block
	if r.Reveal != nil {
		blocks = append(blocks, revealBlocks(r.Reveal)...)
	} else if r.Text != "" {
		blocks = append(blocks, section(esc(r.Text)))
	}
	if r.Source != "" {
		blocks = append(blocks, sourceBlock(r.Source))
	}
	if r.Table != nil {
		blocks = append(blocks, tableBlocks(r.Table)...)
	}
	if r.Card != nil {
		blocks = append(blocks, cardBlocks(r.Card)...)
	}
	if len(r.Buttons) > 0 && (r.Card == nil || !r.Card.Closed) {
		blockID := "sb-actions"
		if r.Card != nil && r.Card.PostID != 0 {
			blockID = fmt.Sprintf("sb-card-%d", r.Card.PostID)
		}
		var els []slack.BlockElement
		for _, b := range r.Buttons {
			label := truncate(b.Label, maxButtonText)
			btn := slack.NewButtonBlockElement(b.Action.Encode(), label, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
			switch b.Style {
			case bot.StylePrimary:
				btn = btn.WithStyle(slack.StylePrimary)
			case bot.StyleDanger:
				btn = btn.WithStyle(slack.StyleDanger)
			}
			els = append(els, btn)
		}
		blocks = append(blocks, slack.NewActionBlock(blockID, els...))
	}
	msg.Blocks = slack.Blocks{BlockSet: blocks}
	return msg
}

// webhookBody encodes a message for a response_url: the JSON of slack.WebhookMessage, byte for byte, but
// with the blocks' element lists as plain slices. slack-go marshals those lists through MarshalJSON
// methods, and encoding/json then checks and compacts each nested result again, level by level: that took
// three quarters of a reply's encoding, every click on Slack.
func webhookBody(msg *slack.Msg, replaceOriginal bool) ([]byte, error) {
	var blocks []any
	if msg.Blocks.BlockSet != nil {
		blocks = make([]any, len(msg.Blocks.BlockSet))
	}
	for i, b := range msg.Blocks.BlockSet {
		switch b := b.(type) {
		case *slack.ContextBlock:
			blocks[i] = plainContext{Type: b.Type, BlockID: b.BlockID, Elements: b.ContextElements.Elements}
		case *slack.ActionBlock:
			a := plainActions{Type: b.Type, BlockID: b.BlockID}
			if b.Elements != nil {
				a.Elements = b.Elements.ElementSet
			}
			blocks[i] = a
		default:
			blocks[i] = b
		}
	}
	return json.Marshal(struct {
		Text            string `json:"text,omitempty"`
		Blocks          *[]any `json:"blocks,omitempty"`
		ResponseType    string `json:"response_type,omitempty"`
		ReplaceOriginal bool   `json:"replace_original"`
		DeleteOriginal  bool   `json:"delete_original"`
	}{Text: msg.Text, Blocks: &blocks, ResponseType: msg.ResponseType, ReplaceOriginal: replaceOriginal})
}

// plainContext and plainActions are slack.ContextBlock and slack.ActionBlock with plain element lists.
type plainContext struct {
	Type     slack.MessageBlockType `json:"type"`
	BlockID  string                 `json:"block_id,omitempty"`
	Elements []slack.MixedElement   `json:"elements"`
}

type plainActions struct {
	Type     slack.MessageBlockType `json:"type"`
	BlockID  string                 `json:"block_id,omitempty"`
	Elements []slack.BlockElement   `json:"elements"`
}

func fallback(r bot.Reply) string {
	if r.Reveal != nil {
		return r.Reveal.PlainText()
	}
	return truncate(r.PlainText(), 3000)
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, truncate(text, maxSection), false, false), nil, nil)
}

func cardBlocks(c *bot.Card) []slack.Block {
	var choices strings.Builder
	for i, ch := range c.Choices {
		fmt.Fprintf(&choices, "*%s)* %s\n", string(rune('A'+i)), esc(ch))
	}
	blocks := []slack.Block{
		section(fmt.Sprintf("*%s*\n%s", esc(c.Heading()), esc(c.Text))),
		section(strings.TrimSuffix(choices.String(), "\n")),
	}
	note := "Objective " + c.Objective + " · " + c.QuestionID
	if c.Closed {
		note = "Closed · the answer is in the reveal below"
	}
	blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, esc(note), false, false)))
	return blocks
}

func revealBlocks(r *bot.Reveal) []slack.Block {
	var b strings.Builder
	fmt.Fprintf(&b, "*Reveal:* %s\n*Answer: %s) %s*\n%s", esc(r.Question), string(rune('A'+r.Correct)), esc(r.Choices[r.Correct]), esc(r.Explanation))
	votes := []string{r.Summary()}
	for _, v := range r.Votes() {
		votes = append(votes, "`"+v+"`")
	}
	blocks := []slack.Block{section(b.String()), section(strings.Join(votes, "\n"))}
	if r.Source != "" {
		blocks = append(blocks, sourceBlock(r.Source))
	}
	return blocks
}

// sourceBlock shows where a fact can be checked, its URLs as Slack links (<url|label>).
func sourceBlock(s string) slack.Block {
	var b strings.Builder
	b.WriteString("Source: ")
	for _, l := range bot.Links(s) {
		if l.URL == "" {
			b.WriteString(esc(l.Text))
			continue
		}
		fmt.Fprintf(&b, "<%s|%s>", l.URL, esc(bot.LinkLabel(l.URL)))
	}
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, truncate(b.String(), maxSection), false, false))
}

func tableBlocks(t *bot.Table) []slack.Block {
	body := bot.Table{Columns: t.Columns, Rows: t.Rows}.PlainText()
	blocks := []slack.Block{}
	if t.Title != "" {
		blocks = append(blocks, section("*"+esc(t.Title)+"*"))
	}
	blocks = append(blocks, section("```"+esc(body)+"```"))
	if t.Footer != "" {
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, esc(t.Footer), false, false)))
	}
	return blocks
}

// esc escapes the three characters Slack's mrkdwn treats as control characters.
func esc(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return mrkdwnEscaper.Replace(s)
}

// mrkdwnEscaper is built once: building a Replacer costs more than most replies' escaping.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func truncate(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
