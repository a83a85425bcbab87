package slack

import (
	"encoding/json"
	"fmt"
	"strconv"
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
			label := bot.Truncate(b.Label, maxButtonText)
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

// webhookBody encodes a message for a response_url: the JSON of slack.WebhookMessage, byte for byte (a
// test and a fuzz target compare them). The blocks toMsg makes are written by hand: through slack-go's
// types, encoding/json spent most of a reply's encoding on reflection and on checking and compacting the
// output of their nested MarshalJSON methods again, level by level, every click on Slack. A block of
// another shape goes through encoding/json, with the element lists as plain slices.
func webhookBody(msg *slack.Msg, replaceOriginal bool) ([]byte, error) {
	b := make([]byte, 0, 1024)
	b = append(b, '{')
	if msg.Text != "" {
		b = append(b, `"text":`...)
		b = appendString(b, msg.Text)
		b = append(b, ',')
	}
	b = append(b, `"blocks":`...)
	if msg.Blocks.BlockSet == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, block := range msg.Blocks.BlockSet {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendBlock(b, block); !ok {
				enc, err := json.Marshal(plainBlock(block))
				if err != nil {
					return nil, err
				}
				b = append(b, enc...)
			}
		}
		b = append(b, ']')
	}
	if msg.ResponseType != "" {
		b = append(b, `,"response_type":`...)
		b = appendString(b, msg.ResponseType)
	}
	b = append(b, `,"replace_original":`...)
	b = strconv.AppendBool(b, replaceOriginal)
	b = append(b, `,"delete_original":false}`...)
	return b, nil
}

// appendBlock writes the blocks toMsg makes as encoding/json writes them: a section with a text, a context
// of texts, actions of plain buttons. It reports false, having written nothing, for any other shape.
func appendBlock(b []byte, block slack.Block) ([]byte, bool) {
	switch blk := block.(type) {
	case *slack.SectionBlock:
		if blk.Text == nil || blk.Fields != nil || blk.Accessory != nil || blk.Expand {
			return b, false
		}
		b = append(b, `{"type":`...)
		b = appendString(b, string(blk.Type))
		b = append(b, `,"text":`...)
		b = appendText(b, blk.Text)
		b = appendBlockID(b, blk.BlockID)
		return append(b, '}'), true
	case *slack.ContextBlock:
		for _, e := range blk.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); !ok || t == nil {
				return b, false
			}
		}
		b = append(b, `{"type":`...)
		b = appendString(b, string(blk.Type))
		b = appendBlockID(b, blk.BlockID)
		b = append(b, `,"elements":`...)
		if blk.ContextElements.Elements == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, e := range blk.ContextElements.Elements {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendText(b, e.(*slack.TextBlockObject))
			}
			b = append(b, ']')
		}
		return append(b, '}'), true
	case *slack.ActionBlock:
		if blk.Elements == nil {
			return b, false
		}
		for _, e := range blk.Elements.ElementSet {
			if btn, ok := e.(*slack.ButtonBlockElement); !ok || btn == nil || btn.URL != "" || btn.Confirm != nil || btn.AccessibilityLabel != "" ||
				btn.AgentPrompt != "" || btn.AgentPromptDisplay != "" || btn.VisibleToUserIDs != nil {
				return b, false
			}
		}
		b = append(b, `{"type":`...)
		b = appendString(b, string(blk.Type))
		b = appendBlockID(b, blk.BlockID)
		b = append(b, `,"elements":`...)
		if blk.Elements.ElementSet == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, e := range blk.Elements.ElementSet {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendButton(b, e.(*slack.ButtonBlockElement))
			}
			b = append(b, ']')
		}
		return append(b, '}'), true
	}
	return b, false
}

func appendBlockID(b []byte, id string) []byte {
	if id == "" {
		return b
	}
	b = append(b, `,"block_id":`...)
	return appendString(b, id)
}

// appendText writes a slack.TextBlockObject (nil is null).
func appendText(b []byte, t *slack.TextBlockObject) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"type":`...)
	b = appendString(b, t.Type)
	b = append(b, `,"text":`...)
	b = appendString(b, t.Text)
	if t.Emoji != nil {
		b = append(b, `,"emoji":`...)
		b = strconv.AppendBool(b, *t.Emoji)
	}
	if t.Verbatim {
		b = append(b, `,"verbatim":true`...)
	}
	return append(b, '}')
}

// appendButton writes a slack.ButtonBlockElement with none of the fields appendBlock turns away.
func appendButton(b []byte, btn *slack.ButtonBlockElement) []byte {
	b = append(b, '{')
	if btn.Type != "" {
		b = append(b, `"type":`...)
		b = appendString(b, string(btn.Type))
		b = append(b, ',')
	}
	b = append(b, `"text":`...)
	b = appendText(b, btn.Text)
	if btn.ActionID != "" {
		b = append(b, `,"action_id":`...)
		b = appendString(b, btn.ActionID)
	}
	if btn.Value != "" {
		b = append(b, `,"value":`...)
		b = appendString(b, btn.Value)
	}
	if btn.Style != "" {
		b = append(b, `,"style":`...)
		b = appendString(b, string(btn.Style))
	}
	return append(b, '}')
}

// appendString writes s as a JSON string escaped as encoding/json escapes it: ", \ and control
// characters, <, > and & (HTML-safe), U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainBlock is a block for encoding/json, with slack-go's element lists as plain slices.
func plainBlock(block slack.Block) any {
	switch blk := block.(type) {
	case *slack.ContextBlock:
		return plainContext{Type: blk.Type, BlockID: blk.BlockID, Elements: blk.ContextElements.Elements}
	case *slack.ActionBlock:
		a := plainActions{Type: blk.Type, BlockID: blk.BlockID}
		if blk.Elements != nil {
			a.Elements = blk.Elements.ElementSet
		}
		return a
	}
	return block
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

// fallback is a message's text for notifications, which Slack reads as mrkdwn too: escaped, so a member's
// name cannot make a link or a mention there.
func fallback(r bot.Reply) string {
	if r.Reveal != nil {
		return esc(r.Reveal.PlainText())
	}
	return esc(bot.Truncate(r.PlainText(), 3000))
}

// codeBlock makes text safe inside a ``` block, where members' names go (the leaderboard's rows): a
// backtick is written as ˋ (U+02CB, a grave accent as wide), so no run of them closes the block early.
func codeBlock(s string) string {
	return strings.ReplaceAll(s, "`", "ˋ")
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, bot.Truncate(text, maxSection), false, false), nil, nil)
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
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, bot.Truncate(b.String(), maxSection), false, false))
}

func tableBlocks(t *bot.Table) []slack.Block {
	body := bot.Table{Columns: t.Columns, Rows: t.Rows}.PlainText()
	blocks := []slack.Block{}
	if t.Title != "" {
		blocks = append(blocks, section("*"+esc(t.Title)+"*"))
	}
	blocks = append(blocks, section("```"+esc(codeBlock(body))+"```"))
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
