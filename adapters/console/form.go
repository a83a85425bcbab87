package console

import (
	"context"
	"strings"

	"github.com/studybot/studybot/bot"
)

// A form (bot.Reply.Form) is asked a field at a time: a short field takes one line, a long one (the options,
// one a line) the lines up to an empty one. An empty answer keeps what the field holds (what was typed
// before, when a form comes back to be fixed). /cancel leaves the form; the last field sends it.

// filling is a form a member is filling in.
type filling struct {
	form   *bot.Form
	field  int
	values map[string]string
	lines  []string // a long field's lines so far
}

// filling reports whether the current member is filling in a form.
func (c *Console) filling() bool {
	u := c.currentUser()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.forms[u.ID] != nil
}

// startForm begins asking a form's fields.
func (c *Console) startForm(u bot.User, f *bot.Form) {
	if len(f.Fields) == 0 {
		return
	}
	fl := &filling{form: f, values: map[string]string{}}
	for _, x := range f.Fields {
		fl.values[x.Name] = x.Value
	}
	c.mu.Lock()
	c.forms[u.ID] = fl
	c.mu.Unlock()
	c.printf("%s: a field a line; an empty line keeps what is shown; /cancel leaves the form.\n", f.Title)
	c.askField(fl)
}

func (c *Console) askField(fl *filling) {
	x := fl.form.Fields[fl.field]
	prompt := x.Label
	if x.Long {
		prompt += " (several lines, then an empty line)"
	}
	prompt += ":"
	if x.Placeholder != "" {
		prompt += "\n  hint: " + x.Placeholder
	}
	if v := fl.values[x.Name]; v != "" {
		prompt += "\n  now: " + strings.ReplaceAll(v, "\n", "\n       ")
	}
	c.printf("%s\n", prompt)
}

// fillLine takes one input line into the form being filled in, and sends it after its last field.
func (c *Console) fillLine(ctx context.Context, line string) {
	u := c.currentUser()
	c.mu.Lock()
	fl := c.forms[u.ID]
	c.mu.Unlock()
	if strings.EqualFold(line, "/cancel") {
		c.mu.Lock()
		delete(c.forms, u.ID)
		c.mu.Unlock()
		c.printf("Form left; nothing was sent.\n")
		return
	}
	x := fl.form.Fields[fl.field]
	switch {
	case x.Long && line != "":
		fl.lines = append(fl.lines, line)
		return
	case x.Long:
		if len(fl.lines) > 0 {
			fl.values[x.Name] = strings.Join(fl.lines, "\n")
		}
		fl.lines = nil
	case line != "":
		fl.values[x.Name] = line
	}
	fl.field++
	if fl.field < len(fl.form.Fields) {
		c.askField(fl)
		return
	}
	c.mu.Lock()
	delete(c.forms, u.ID)
	c.mu.Unlock()
	cmd := fl.form.Submit.Command(c.channel, u)
	cmd.Fields = fl.values
	if err := c.run(ctx, cmd); err != nil && bot.ErrorCode(err) == bot.EINTERNAL {
		c.printf("(the form was not sent: %v)\n", bot.ErrorMessage(err))
	}
}
