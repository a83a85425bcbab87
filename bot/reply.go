package bot

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Reply says what to show a member or a channel, never how: each adapter renders it in its platform's terms.
type Reply struct {
	// Private replies are seen only by the member who asked (ephemeral).
	Private bool
	// Text is the message, plain text with line breaks.
	Text string
	// Card is a question to show with its choices.
	Card *Card
	// Reveal is the result of a closed question.
	Reveal *Reveal
	// Table is a ranked or aligned table, such as a leaderboard.
	Table *Table
	// Buttons are actions the member may take (the choices of a card, a confirm step).
	Buttons []Button
	// Source is where the fact behind an answer can be checked, shown after the text; adapters make its
	// URLs links (see Links).
	Source string
	// Chart is a chart to show with the message (the weekly recap's, /study history's); adapters draw it as
	// an image and attach or upload it. A private reply's chart is attached only where the platform lets an
	// ephemeral message carry an image (Discord); elsewhere its Text and Table stand alone, so a reply with
	// a chart says in them what the chart shows.
	Chart *Chart
	// Form asks the member to fill in fields (a Discord or Slack modal; the console asks each on its own
	// line). Where a platform cannot show it now, Text and Buttons stand in for it.
	Form *Form
	// FieldErrors say, by form field, what is wrong with a form just submitted: a platform that can keep the
	// form open with them beside its fields (Slack) does, and shows the rest of the reply otherwise.
	FieldErrors map[string]string
}

// Card is a question as shown to members.
type Card struct {
	PostID     int64 // the daily post, 0 for practice
	PracticeID int64
	QuestionID string
	Domain     string // the domain's name
	Objective  string
	Text       string
	Choices    []string
	Closed     bool
	// Practice marks a private card: a practice question or a review card (PracticeID is its id).
	Practice bool
	// Kind is KindReview or KindExam for those cards' headings; "" for the daily question and practice.
	Kind string
	// Progress is where the card stands, for its heading: "3 due", "question 12 of 75 · 41 min left".
	Progress string
}

// Reveal is what the channel sees when a question closes.
type Reveal struct {
	PostID      int64
	Question    string
	Choices     []string
	Correct     int
	Explanation string
	Source      string
	Counts      []int
	Total       int
}

// Share returns the percentage of answers that picked choice i, rounded.
func (r Reveal) Share(i int) int {
	if i >= len(r.Counts) {
		return 0
	}
	return share(r.Counts[i], r.Total)
}

// Bar draws choice i's share as ten blocks, for the reveal.
func (r Reveal) Bar(i int) string {
	n := (r.Share(i) + 5) / 10
	return strings.Repeat("█", n) + strings.Repeat("░", 10-n)
}

// Summary says how many answered: "Nobody answered this one.", "1 member answered:", "12 members answered:".
func (r Reveal) Summary() string {
	if r.Total == 0 {
		return "Nobody answered this one."
	}
	return count(r.Total, "member", "members") + " answered:"
}

// Votes are the reveal's lines per option, the same on every platform: letter, share, bar, count, and a
// check mark on the key ("B  40% ████░░░░░░ 4 ✓"). None when nobody answered.
func (r Reveal) Votes() []string {
	if r.Total == 0 {
		return nil
	}
	out := make([]string, len(r.Choices))
	for i := range r.Choices {
		out[i] = fmt.Sprintf("%s %3d%% %s %d", letter(i), r.Share(i), r.Bar(i), r.Counts[i])
		if i == r.Correct {
			out[i] += " ✓"
		}
	}
	return out
}

// Table is a titled table whose first column is usually a rank.
type Table struct {
	Title   string
	Columns []string
	Rows    [][]string
	Footer  string
}

// ButtonStyle hints at how a button should look.
type ButtonStyle int

// Button styles.
const (
	StyleDefault ButtonStyle = iota
	StylePrimary
	StyleDanger
)

// Button is an action a member can take with one click.
type Button struct {
	Label  string
	Style  ButtonStyle
	Action Action
}

// Action is what a button does when clicked; adapters carry it in the platform's custom id.
type Action struct {
	Name string
	Args []string
}

// actionPrefix marks ids that belong to studybot.
const actionPrefix = "sb"

// Encode renders the action as a compact id ("sb:answer:42:B"), at most 100 characters.
func (a Action) Encode() string {
	return strings.Join(append([]string{actionPrefix, a.Name}, a.Args...), ":")
}

// DecodeAction parses an id made by Action.Encode.
func DecodeAction(id string) (Action, error) {
	parts := strings.Split(id, ":")
	if len(id) > 100 || len(parts) < 2 || parts[0] != actionPrefix || parts[1] == "" {
		return Action{}, Errorf(EINVALID, "unknown button")
	}
	for _, p := range parts[2:] {
		if p == "" {
			return Action{}, Errorf(EINVALID, "unknown button")
		}
	}
	return Action{Name: parts[1], Args: parts[2:]}, nil
}

// Command turns a clicked action into the command the router handles.
func (a Action) Command(ch ChannelRef, u User) Command {
	return Command{Channel: ch, User: u, Name: a.Name, Args: a.Args, Click: true}
}

// Link is a piece of text, or a URL in it.
type Link struct {
	Text string
	URL  string // empty for plain text
}

// Links splits a source into plain text and URLs, so each platform can render the URLs as links its own
// way. A URL is http:// or https:// and what follows up to white space, <, > or ", less the punctuation
// that ends a sentence (.,;:)!?): the regular expression https?://[^\s<>"]+[^\s<>".,;:)!?], matched by hand,
// as every answer's feedback ends with its source and the expression took a few microseconds of each.
func Links(s string) []Link {
	var out []Link
	last := 0
	for from := 0; ; {
		start, end := nextURL(s, from)
		if start < 0 {
			break
		}
		if start > last {
			out = append(out, Link{Text: s[last:start]})
		}
		out = append(out, Link{Text: s[start:end], URL: s[start:end]})
		last, from = end, end
	}
	if last < len(s) {
		out = append(out, Link{Text: s[last:]})
	}
	return out
}

// nextURL finds the first URL in s at or after from (see Links), or -1.
func nextURL(s string, from int) (start, end int) {
	for i := from; i < len(s); i++ {
		j := strings.Index(s[i:], "http")
		if j < 0 {
			return -1, -1
		}
		i += j
		k := i + len("http")
		if k < len(s) && s[k] == 's' {
			k++
		}
		if !strings.HasPrefix(s[k:], "://") {
			continue
		}
		k += len("://")
		run := k
		for run < len(s) && !strings.ContainsRune("\t\n\f\r <>\"", rune(s[run])) {
			run++
		}
		// Back off the punctuation that ends a sentence; at least two characters (runes) must remain.
		e := run
		for e > k && strings.ContainsRune(".,;:)!?", rune(s[e-1])) {
			e--
		}
		if e > k && utf8.RuneCountInString(s[k:e]) >= 2 {
			return i, e
		}
	}
	return -1, -1
}

// LinkLabel is the short name a link is shown under: its host without "www.".
func LinkLabel(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	return strings.TrimPrefix(u.Host, "www.")
}

// PlainText renders a reply as plain text, for the console, logs and platforms' notification fallbacks.
func (r Reply) PlainText() string {
	var b strings.Builder
	if r.Text != "" {
		b.WriteString(r.Text)
	}
	if r.Source != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("Source: " + r.Source)
	}
	if c := r.Card; c != nil {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(c.PlainText())
	}
	if t := r.Table; t != nil {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(t.PlainText())
	}
	return b.String()
}

// Heading is the first line of a card: its kind and domain.
func (c Card) Heading() string {
	kind := "Question of the day"
	switch {
	case c.Kind == KindReview:
		kind = "Review"
	case c.Kind == KindExam:
		kind = "Mock exam"
	case c.Practice:
		kind = "Practice question"
	}
	h := fmt.Sprintf("%s · %s", kind, c.Domain)
	if c.Progress != "" {
		h += " · " + c.Progress
	}
	if c.Closed {
		h += " · closed"
	}
	return h
}

// PlainText renders the card with lettered choices.
func (c Card) PlainText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", c.Heading(), c.Text)
	for i, ch := range c.Choices {
		fmt.Fprintf(&b, "  %s) %s\n", letter(i), ch)
	}
	if c.Closed {
		b.WriteString("This question is closed.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// PlainText renders the table with aligned columns.
func (t Table) PlainText() string {
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = len([]rune(c))
	}
	for _, row := range t.Rows {
		for i, cell := range row {
			if i < len(widths) && len([]rune(cell)) > widths[i] {
				widths[i] = len([]rune(cell))
			}
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	line := func(cells []string) {
		parts := make([]string, len(cells))
		for i, c := range cells {
			pad := widths[i] - len([]rune(c))
			if isNumber(c) {
				parts[i] = strings.Repeat(" ", pad) + c
			} else {
				parts[i] = c + strings.Repeat(" ", pad)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, "  "), " ") + "\n")
	}
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c + strings.Repeat(" ", widths[i]-len([]rune(c)))
	}
	b.WriteString(strings.TrimRight(strings.Join(header, "  "), " ") + "\n")
	for _, row := range t.Rows {
		line(row)
	}
	if t.Footer != "" {
		b.WriteString(t.Footer + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range strings.TrimSuffix(s, "%") {
		if (r < '0' || r > '9') && r != '.' && r != '#' {
			return false
		}
	}
	return true
}
