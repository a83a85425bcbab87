// Package console is the no-token local adapter: a chat in the terminal against the real core and a real
// SQLite file. It reads one command per line, so it also runs piped from a script.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/web/chart"
)

// Core is what the console needs of the bot.
type Core interface {
	HandleErr(ctx context.Context, cmd bot.Command) (bot.Reply, error)
	Tick(ctx context.Context) error
	Flush(ctx context.Context) error
	NextDue(ctx context.Context, after time.Time) (time.Time, bool)
	Commands() []bot.Spec
}

// Clock is the console's clock: it starts at a given time and moves only when told to (/advance).
type Clock interface {
	Now() time.Time
	Set(t time.Time)
}

// Console is one terminal session.
type Console struct {
	core    Core
	clock   Clock
	zone    *time.Location // every time the console shows is in the zone its clock started in
	out     io.Writer
	echo    bool
	channel bot.ChannelRef
	owner   bot.User
	// chartDir is where the charts of recaps posted here are written (next to the database).
	chartDir string

	mu   sync.Mutex // guards out and the fields below; Post may be called while a command runs
	user bot.User
	// seen is, per user id, the last card the member saw privately (practice, review, exam, or the daily
	// question again through /study today) and whether it still waits for their answer; posted is when the
	// channel's last daily card was posted, which every member sees. /answer goes to whichever came last.
	seen    map[string]seenCard
	posted  int
	today   map[string]int          // user id -> when /study today last showed them the daily card
	shown   int                     // counts cards shown, to order seen, today and posted
	buttons map[string][]bot.Button // user id -> buttons of their last private reply that had any
	cards   int
	// forms are the forms members are filling in, a field a line (form.go), by user id.
	forms map[string]*filling
}

// Group and Channel are where console commands happen.
const (
	Group   = "console"
	Channel = "study"
)

// New returns a console writing to out. With echo, each input line is printed before its output, for
// piped sessions that a person reads afterwards; without it (a person at a terminal) each line is prompted
// for with the current member's name.
func New(core Core, clock Clock, out io.Writer, echo bool) *Console {
	owner := bot.User{ID: "you", Name: "you", Admin: true}
	return &Console{
		core: core, clock: clock, zone: clock.Now().Location(), out: out, echo: echo,
		channel: bot.ChannelRef{Platform: bot.PlatformConsole, GroupID: Group, ChannelID: Channel},
		owner:   owner,
		user:    owner,
		seen:    map[string]seenCard{},
		today:   map[string]int{},
		buttons: map[string][]bot.Button{},
		forms:   map[string]*filling{},
	}
}

// SetChartDir sets where the console writes the PNG of a chart it shows (a weekly recap's): next to the
// database, so it is found beside the data it was drawn from. The default is the working directory.
func (c *Console) SetChartDir(dir string) { c.chartDir = dir }

// SetCore attaches the core after construction (the console is also the core's Chat).
func (c *Console) SetCore(core Core) { c.core = core }

// MaxLine is the longest input line the console takes; a longer one is refused and the session goes on.
const MaxLine = 1 << 20

// Run reads commands from in until EOF or /quit.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	c.printf("studybot console · %s · type /study help, /as NAME, /answer B, /click LABEL, /advance 24h, /quit\n", c.timeString())
	r := bufio.NewReaderSize(in, 64*1024)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !c.echo {
			c.printf("%s> ", c.currentUser().Name)
		}
		raw, tooLong, err := readLine(r, MaxLine)
		if err == io.EOF && raw == "" {
			return nil
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read input: %w", err)
		}
		if tooLong {
			c.printf("That line is over %d bytes; ignored.\n", MaxLine)
			continue
		}
		line := strings.TrimSpace(raw)
		if c.filling() { // a form's field takes any line, an empty one included (form.go)
			if c.echo {
				c.printf("%s> %s\n", c.currentUser().Name, line)
			}
			if quit := c.Line(ctx, line); quit {
				return nil
			}
		} else if line != "" && !strings.HasPrefix(line, "#") {
			if c.echo {
				c.printf("\n%s> %s\n", c.currentUser().Name, line)
			}
			if quit := c.Line(ctx, line); quit {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads one line without its newline. A line longer than limit is read to its end and thrown
// away (tooLong), so one huge line cannot end the session or fill memory.
func readLine(r *bufio.Reader, limit int) (line string, tooLong bool, err error) {
	var b []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(b)+len(chunk) > limit+1 {
				tooLong, b = true, nil
			} else {
				b = append(b, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return strings.TrimRight(string(b), "\r\n"), tooLong, err
	}
}

func (c *Console) currentUser() bot.User {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.user
}

func (c *Console) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, format, args...)
}

// Line runs one input line and reports whether the session should end.
func (c *Console) Line(ctx context.Context, line string) (quit bool) {
	if c.filling() && line != "/quit" {
		c.fillLine(ctx, line)
		return false
	}
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "/quit", "/exit":
		return true
	case "/help", "/?":
		c.printf("%s\n", c.help())
	case "/as":
		c.as(rest)
	case "/answer":
		c.answer(ctx, rest)
	case "/confirm", "/cancel":
		c.clickAction(ctx, strings.TrimPrefix(strings.ToLower(word), "/"))
	case "/click":
		c.click(ctx, rest)
	case "/advance":
		c.advance(ctx, rest)
	case "/time":
		c.printf("It is %s.\n", c.timeString())
	case "/study":
		name, args := bot.ParseLine(line)
		c.run(ctx, bot.Command{Name: name, Args: args})
	default:
		c.printf("Unknown line %q. Commands start with /study; console commands: /as, /answer, /click, /advance, /confirm, /cancel, /time, /quit.\n", word)
	}
	return false
}

// help lists the console's own commands and the subcommands of the core's table.
func (c *Console) help() string {
	var subs []string
	for _, s := range c.core.Commands() {
		subs = append(subs, s.Name)
	}
	return fmt.Sprintf(consoleHelp, strings.Join(subs, ", "))
}

const consoleHelp = `Console commands:
  /study ...        a studybot command (%s); /study help explains each
  /as NAME          act as another member (new members are not moderators; /as you returns to you)
  /answer B         answer your open private card (practice, review, exam), or else the channel's open question
  /click LABEL      press a button of your last private reply that had buttons ("/click next", "/click i
                    guessed", "/click report"; any case, a unique start of the label is enough)
  /confirm /cancel  press the confirm or cancel button of the last private reply
  /advance 24h      move the console's clock (schedules fire on the way)
  /time             show the console's clock
  /quit             leave`

func (c *Console) as(name string) {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t") {
		c.printf("usage: /as NAME (one word)\n")
		return
	}
	c.mu.Lock()
	if strings.EqualFold(name, c.owner.Name) {
		c.user = c.owner
	} else {
		c.user = bot.User{ID: strings.ToLower(name), Name: name}
	}
	u := c.user
	c.mu.Unlock()
	role := "member"
	if u.Admin {
		role = "moderator"
	}
	c.printf("You are now %s (%s).\n", u.Name, role)
}

// seenCard is a card a member saw privately.
type seenCard struct {
	buttons []bot.Button // its answer buttons
	what    string       // what it is, for saying where an answer went: "your practice question"
	at      int          // when it was shown, on the console's count of cards shown
	open    bool         // it still waits for this member's answer
}

// answer answers the card the member saw last: the channel's daily card (posted, or shown again by /study
// today), or their private practice, review or exam card. Once that card is answered, a stray /answer
// answers nothing rather than an older card; where another card is open too, the reply says which got it.
// A bad letter changes nothing.
func (c *Console) answer(ctx context.Context, letter string) {
	u := c.currentUser()
	if letter == "" {
		c.printf("usage: /answer B\n")
		return
	}
	c.mu.Lock()
	card, ok := c.seen[u.ID]
	dailyAt := max(c.posted, c.today[u.ID])
	daily := dailyAt > 0 && (!ok || dailyAt > card.at)
	c.mu.Unlock()
	switch {
	case daily:
		if ok && card.open {
			c.printf("(your answer goes to today's question, the card you saw last; %s is still open)\n", card.what)
		}
		c.run(ctx, bot.Command{Name: bot.ActionAnswer, Args: []string{"open", letter}, Click: true}) // the card's button
		return
	case !ok || !card.open:
		c.printf("No question is waiting for your answer: /study today shows the channel's open question, /study exam status your mock exam.\n")
		return
	}
	if dailyAt > 0 {
		c.printf("(your answer goes to %s, the card you saw last)\n", card.what)
	}
	// The card's buttons differ only in their last argument, the letter; the core checks the letter.
	act := card.buttons[0].Action
	act.Args = append(append([]string(nil), act.Args[:len(act.Args)-1]...), strings.ToUpper(letter))
	if err := c.run(ctx, act.Command(c.channel, u)); bot.ErrorCode(err) != bot.EINVALID {
		c.mu.Lock()
		if cur := c.seen[u.ID]; cur.at == card.at { // no new card came with the answer's reply
			cur.open = false
			c.seen[u.ID] = cur
		}
		c.mu.Unlock()
	}
}

// click presses the button of the member's last private reply whose label is the given one, or starts with
// it if only one does (any case).
func (c *Console) click(ctx context.Context, label string) {
	u := c.currentUser()
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" {
		c.printf("usage: /click LABEL, e.g. /click next\n")
		return
	}
	c.mu.Lock()
	buttons := c.buttons[u.ID]
	c.mu.Unlock()
	// A number presses the button shown with it (long labels, such as the FAQ's "Did you mean" entries,
	// are shown numbered).
	if n, err := strconv.Atoi(label); err == nil && n >= 1 && n <= len(buttons) {
		c.press(ctx, u, buttons[n-1])
		return
	}
	var found []bot.Button
	for _, b := range buttons {
		l := strings.ToLower(b.Label)
		if l == label {
			found = []bot.Button{b}
			break
		}
		if strings.HasPrefix(l, label) {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 0:
		var labels []string
		for _, b := range buttons {
			labels = append(labels, b.Label)
		}
		if len(labels) == 0 {
			c.printf("There is no button to press.\n")
		} else {
			c.printf("There is no %q button; the buttons are: %s.\n", label, strings.Join(labels, ", "))
		}
	case 1:
		c.press(ctx, u, found[0])
	default:
		c.printf("%q could be more than one button; type more of its label.\n", label)
	}
}

// clickAction presses the button with the given action (confirm, cancel).
func (c *Console) clickAction(ctx context.Context, action string) {
	u := c.currentUser()
	c.mu.Lock()
	buttons := c.buttons[u.ID]
	c.mu.Unlock()
	for _, b := range buttons {
		if b.Action.Name == action {
			c.press(ctx, u, b)
			return
		}
	}
	c.printf("There is no %s button to press.\n", action)
}

// press runs a button's action; the button is used up, unless its reply brought buttons of its own.
func (c *Console) press(ctx context.Context, u bot.User, b bot.Button) {
	c.mu.Lock()
	var rest []bot.Button
	for _, x := range c.buttons[u.ID] {
		if x.Action.Encode() != b.Action.Encode() {
			rest = append(rest, x)
		}
	}
	c.buttons[u.ID] = rest
	c.mu.Unlock()
	c.run(ctx, b.Action.Command(c.channel, u))
}

// advance moves the clock forward, stopping at every moment the scheduler has work, so that each post
// and reveal on the way happens at its own time.
func (c *Console) advance(ctx context.Context, arg string) {
	d, err := time.ParseDuration(arg)
	if err != nil || d <= 0 {
		c.printf("usage: /advance DURATION, e.g. /advance 24h or /advance 90m\n")
		return
	}
	target := c.clock.Now().Add(d)
	for i := 0; i < 10000; i++ {
		next, ok := c.core.NextDue(ctx, c.clock.Now())
		if !ok || next.After(target) {
			break
		}
		c.clock.Set(next)
		c.tick(ctx)
	}
	c.clock.Set(target)
	c.tick(ctx)
	c.printf("It is now %s.\n", c.timeString())
}

// tick runs the scheduler and delivers what it queued, before the console goes on.
func (c *Console) tick(ctx context.Context) {
	if err := c.core.Tick(ctx); err != nil {
		c.printf("scheduler: %v\n", err)
	}
	if err := c.core.Flush(ctx); err != nil {
		c.printf("delivery: %v\n", err)
	}
}

// timeString shows the console's clock in the console's zone.
func (c *Console) timeString() string {
	return c.clock.Now().In(c.zone).Format("Mon 2 Jan 2006 15:04 MST")
}

// run handles a command as the current member, shows the reply, and returns the command's error.
func (c *Console) run(ctx context.Context, cmd bot.Command) error {
	u := c.currentUser()
	cmd.Channel, cmd.User = c.channel, u
	if path, ok := bot.FileRef(c.core.Commands(), cmd); ok && path != "" {
		f, err := readFile(path)
		if err != nil {
			c.printf("%v\n", err)
			return bot.Errorf(bot.EINVALID, "%v", err)
		}
		cmd.File = f
	}
	r, err := c.core.HandleErr(ctx, cmd)
	if r.Form != nil {
		r.Buttons = nil // they stand in for the form where it cannot be shown; here it is asked at once
	}
	c.mu.Lock()
	if r.Private && r.Card != nil && !r.Card.Closed && len(r.Buttons) > 0 {
		c.shown++
		if r.Card.Practice || r.Card.Kind != "" {
			c.seen[u.ID] = seenCard{buttons: r.Buttons, what: cardName(r.Card), at: c.shown, open: true}
		} else {
			c.today[u.ID] = c.shown // the daily question again (/study today), for this member
		}
	}
	if r.Private && len(r.Buttons) > 0 {
		c.buttons[u.ID] = r.Buttons
	}
	c.mu.Unlock()
	c.render(r, u)
	if r.Form != nil {
		c.startForm(u, r.Form)
	}
	return err
}

// cardName says which private card a member's answer went to.
func cardName(card *bot.Card) string {
	switch card.Kind {
	case bot.KindReview:
		return "your review card"
	case bot.KindExam:
		return "your mock exam question"
	}
	return "your practice question"
}

func (c *Console) render(r bot.Reply, u bot.User) {
	text := Render(r)
	if r.Private {
		who := u.Name + " sees"
		if u.ID == c.owner.ID {
			who = "you see"
		}
		c.printf("(only %s this)\n%s\n", who, indent(text, "  "))
		return
	}
	c.printf("%s\n", text)
}

// maxHintLabel is the longest button label the console shows as is; longer ones are pressed by number.
const maxHintLabel = 24

// Render turns a reply into the console's plain text, with a hint for the buttons it carries.
func Render(r bot.Reply) string {
	s := r.PlainText()
	if r.Card != nil && !r.Card.Closed && len(r.Buttons) > 0 {
		s += fmt.Sprintf("\n[answer with /answer %s-%s]", r.Buttons[0].Label, r.Buttons[len(r.Buttons)-1].Label)
	}
	if r.Card == nil && len(r.Buttons) > 0 {
		var hints []string
		for i, b := range r.Buttons {
			switch {
			case b.Action.Name == bot.ActionConfirm || b.Action.Name == bot.ActionCancel:
				hints = append(hints, fmt.Sprintf("[/%s: %s]", b.Action.Name, b.Label))
			case len([]rune(b.Label)) > maxHintLabel:
				hints = append(hints, fmt.Sprintf("[/click %d]", i+1))
			default:
				hints = append(hints, fmt.Sprintf("[/click %s]", b.Label))
			}
		}
		s += "\n" + strings.Join(hints, " ")
	}
	return s
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// Post implements bot.Chat: a public message appears in the channel. A chart is drawn to a PNG file, whose
// path the message shows.
func (c *Console) Post(_ context.Context, ch bot.ChannelRef, msg bot.Reply, _ bot.Send) (string, error) {
	c.mu.Lock()
	c.cards++
	id := fmt.Sprintf("msg-%d", c.cards)
	if msg.Card != nil && !msg.Card.Closed && len(msg.Buttons) > 0 {
		c.shown++
		c.posted = c.shown // a new daily card: every member sees it
	}
	c.mu.Unlock()
	text := Render(msg)
	if msg.Chart != nil {
		text += "\n" + c.writeChart(*msg.Chart)
	}
	c.printf("[#%s %s] %s\n", ch.ChannelID, c.clock.Now().In(c.zone).Format("Mon 15:04"), indent(text, "  ")[2:])
	return id, nil
}

// writeChart draws a chart into chartDir and says where it is, or why it is not.
func (c *Console) writeChart(ch bot.Chart) string {
	name := filepath.Base(ch.Name)
	if name == "." || name == "/" || name == "" {
		name = "chart.png"
	}
	path := filepath.Join(c.chartDir, name)
	img, err := chart.PNG(ch)
	if err == nil {
		err = os.WriteFile(path, img, 0o644)
	}
	if err != nil {
		return fmt.Sprintf("[chart %q not written: %v]", ch.Title, err)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return fmt.Sprintf("[chart: %s — %s]", ch.Title, path)
}

// Edit implements bot.Chat: the console says which message changed.
func (c *Console) Edit(_ context.Context, ch bot.ChannelRef, messageID string, msg bot.Reply) error {
	status := "updated"
	if msg.Card != nil && msg.Card.Closed {
		status = "closed: its buttons no longer take answers"
	}
	c.printf("[#%s] (the question card %s was %s)\n", ch.ChannelID, messageID, status)
	return nil
}

// PlatformAdmin implements bot.Chat: in the console only "you", who starts it, moderates (bot.User.Admin).
func (c *Console) PlatformAdmin(context.Context, bot.GroupRef, string) (bool, error) {
	return false, nil
}

// Describe implements bot.Chat.
func (c *Console) Describe() bot.PlatformInfo {
	return bot.PlatformInfo{Name: "console", Admins: "you, who started the console"}
}

var _ bot.Chat = (*Console)(nil)

// DirectMessage implements bot.DirectMessenger: a member's private message (their reminder) is a line
// addressed to them.
func (c *Console) DirectMessage(_ context.Context, _ bot.GroupRef, userID string, msg bot.Reply, _ bot.Send) (string, error) {
	c.mu.Lock()
	c.cards++
	id := fmt.Sprintf("msg-%d", c.cards)
	c.mu.Unlock()
	c.printf("[DM to %s %s] %s\n", userID, c.clock.Now().In(c.zone).Format("Mon 15:04"), indent(Render(msg), "  ")[2:])
	return id, nil
}

var _ bot.DirectMessenger = (*Console)(nil)

// readFile reads the file a command names (/study pack import PATH): at most one byte over
// bot.MaxImportSize, so that the core can refuse a larger file without the console reading all of it.
func readFile(path string) (*bot.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, bot.MaxImportSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return &bot.File{Name: filepath.Base(path), Data: data}, nil
}
