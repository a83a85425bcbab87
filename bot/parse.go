package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/studybot/studybot/quiz"
)

// ParseLine splits "/study leaderboard week" or "leaderboard week" into a Command's name and argument
// words. Double quotes group words ("IT Operations" is one argument); a line without a subcommand is help.
func ParseLine(line string) (name string, args []string) {
	fields := splitWords(line)
	if len(fields) > 0 && strings.EqualFold(fields[0], "/study") {
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return "help", nil
	}
	return strings.ToLower(fields[0]), fields[1:]
}

// splitWords splits on white space, keeping a double-quoted run (straight or curly quotes) as one word.
func splitWords(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, has := false, false
	for _, r := range s {
		switch {
		case r == '"' || r == '“' || r == '”':
			quoted, has = !quoted, true
		case unicode.IsSpace(r) && !quoted:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

// Input is a command's arguments after the table row has parsed and checked them: each value by its
// argument's name, normalised (a domain as its id, a choice in lower case, a flag as "true"). A command has
// a few arguments, so they are a short list (one allocation per command, where a map took two).
type Input struct {
	vals []inputVal
	// pack is the channel's pack, read before parsing for a row with a domain argument (nil otherwise).
	pack *quiz.Pack
}

type inputVal struct{ name, value string }

// Get returns an argument's value, or "" when it was not given.
func (in Input) Get(name string) string {
	v, _ := in.lookup(name)
	return v
}

// Has reports whether an argument was given.
func (in Input) Has(name string) bool {
	_, ok := in.lookup(name)
	return ok
}

func (in Input) lookup(name string) (string, bool) {
	for _, v := range in.vals {
		if v.name == name {
			return v.value, true
		}
	}
	return "", false
}

// set gives an argument its value.
func (in *Input) set(name, value string) {
	for i, v := range in.vals {
		if v.name == name {
			in.vals[i].value = value
			return
		}
	}
	in.vals = append(in.vals, inputVal{name, value})
}

// unset takes an argument's value back.
func (in *Input) unset(name string) {
	in.vals = slices.DeleteFunc(in.vals, func(v inputVal) bool { return v.name == name })
}

// parse reads a command's arguments against its table row: named Options (a platform's typed options) or
// words, each word going to the first argument that takes it. Exact words (choices, flags, keywords) are
// tried before shaped ones (times, days, durations, domains), and those before free ones (zones, users,
// words, text), so "/study leaderboard it operations all" and "/study leaderboard all it operations" mean
// the same.
func (b *Bot) parse(s Spec, cmd Command, p *quiz.Pack) (Input, error) {
	in := Input{vals: make([]inputVal, 0, len(s.Args)), pack: p}
	if cmd.Options != nil {
		for name, raw := range cmd.Options {
			a, ok := s.arg(name)
			if !ok {
				return in, Errorf(EINVALID, "/study %s has no option %q. Usage: %s", s.Name, name, s.Usage(true))
			}
			if raw == "" {
				continue
			}
			v, err := b.check(in.pack, a, raw)
			if err != nil {
				return in, err
			}
			in.set(name, v)
		}
		return in, b.required(s, in)
	}
	words := cmd.Args
	for i := 0; i < len(words); {
		n, err := b.take(s, &in, words[i:])
		if err != nil {
			return in, err
		}
		if n == 0 {
			return in, b.notUnderstood(s, &in, words[i])
		}
		i += n
	}
	return in, b.required(s, in)
}

// notUnderstood is the error for a word no argument took. When a free argument took an earlier word
// while a choice before it in the table is still unfilled ("/study mods promote u-bob"), the earlier word
// is the likelier mistake, and is named instead.
func (b *Bot) notUnderstood(s Spec, in *Input, word string) error {
	choiceOpen := false
	for _, a := range s.Args {
		if a.Kind == ArgChoice && !in.Has(a.Name) {
			choiceOpen = true
			continue
		}
		if choiceOpen && kindTier(a.Kind) == 3 && in.Has(a.Name) {
			word = in.Get(a.Name)
			in.unset(a.Name)
			break
		}
	}
	return Errorf(EINVALID, "I don't understand %q here%s. Usage: %s", word, b.expected(s, *in), s.Usage(true))
}

func (b *Bot) required(s Spec, in Input) error {
	for _, a := range s.Args {
		if a.Required && !in.Has(a.Name) {
			return Errorf(EINVALID, "/study %s needs %s. Usage: %s", s.Name, a.label(), s.Usage(true))
		}
	}
	return nil
}

// take gives the words at the start of rest to the first unfilled argument that accepts them and returns
// how many it took (0: none did).
func (b *Bot) take(s Spec, in *Input, rest []string) (int, error) {
	word := rest[0]
	// "window 48h", "window=48h"
	for _, a := range s.Args {
		if !a.Keyword || in.Has(a.Name) {
			continue
		}
		if k, v, ok := strings.Cut(word, "="); ok && strings.EqualFold(k, a.Name) {
			val, err := b.check(in.pack, a, v)
			in.set(a.Name, val)
			return 1, err
		}
		if strings.EqualFold(word, a.Name) {
			if len(rest) < 2 {
				return 0, Errorf(EINVALID, "%s needs a value, like %s", a.Name, a.Placeholder)
			}
			val, err := b.check(in.pack, a, rest[1])
			in.set(a.Name, val)
			return 2, err
		}
	}
	for tier := 1; tier <= 3; tier++ {
		for _, a := range s.Args {
			if in.Has(a.Name) || kindTier(a.Kind) != tier {
				continue
			}
			n, v, err := b.accept(in.pack, a, rest)
			if err != nil {
				return 0, err
			}
			if n > 0 {
				in.set(a.Name, v)
				return n, nil
			}
		}
	}
	return 0, nil
}

// expected lists what the arguments still unfilled would take, for the error about a word none took.
func (b *Bot) expected(s Spec, in Input) string {
	var hints []string
	for _, a := range s.Args {
		if in.Has(a.Name) {
			continue
		}
		switch a.Kind {
		case ArgChoice:
			hints = append(hints, a.label())
		case ArgFlag:
			hints = append(hints, a.Name)
		case ArgDomain:
			hints = append(hints, "a domain ("+strings.Join(in.pack.DomainIDs(), ", ")+")")
		case ArgTime:
			hints = append(hints, "a time like 09:00")
		case ArgZone:
			hints = append(hints, "a time zone like America/New_York")
		case ArgDays:
			hints = append(hints, "days like mon-fri or sat,sun")
		case ArgDuration:
			hints = append(hints, a.label())
		}
	}
	switch len(hints) {
	case 0:
		return ""
	case 1:
		return ": expected " + hints[0]
	}
	return ": expected " + strings.Join(hints[:len(hints)-1], ", ") + " or " + hints[len(hints)-1]
}

// kindTier orders argument kinds from the most particular words they take to the most general.
func kindTier(k ArgKind) int {
	switch k {
	case ArgChoice, ArgFlag:
		return 1
	case ArgTime, ArgDays, ArgDuration, ArgDomain:
		return 2
	}
	return 3
}

// accept reports how many words at the start of rest the argument takes, and their value. An error means
// the argument would take the word but it is not valid (an unknown time zone).
func (b *Bot) accept(p *quiz.Pack, a Arg, rest []string) (int, string, error) {
	w := rest[0]
	switch a.Kind {
	case ArgChoice:
		for _, c := range a.Choices {
			if strings.EqualFold(w, c.Value) {
				return 1, c.Value, nil
			}
		}
		return 0, "", nil
	case ArgFlag:
		if strings.EqualFold(w, a.Name) {
			return 1, "true", nil
		}
		return 0, "", nil
	case ArgTime:
		// A word that starts with a digit and is no length of time is meant as the time: say what is wrong
		// with "9am" rather than calling it an unknown zone.
		if w == "" || w[0] < '0' || w[0] > '9' {
			return 0, "", nil
		}
		if _, err := ParseWindow(w); err == nil && !strings.Contains(w, ":") {
			return 0, "", nil
		}
		h, m, err := ParseClock(w)
		if err != nil {
			return 0, "", err
		}
		return 1, fmt.Sprintf("%02d:%02d", h, m), nil
	case ArgDays:
		if d, err := ParseDays(w); err == nil && !strings.EqualFold(w, "all") {
			return 1, d.String(), nil
		}
		return 0, "", nil
	case ArgDuration:
		if d, err := ParseWindow(w); err == nil {
			return 1, d.String(), nil
		}
		return 0, "", nil
	case ArgDomain:
		// The longest run of words that names a domain: "it operations", "IT Operations", "it-ops".
		for n := min(len(rest), 4); n >= 1; n-- {
			if d, ok := p.FindDomain(strings.Join(rest[:n], " ")); ok {
				return n, d.ID, nil
			}
		}
		return 0, "", nil
	case ArgText, ArgFile:
		return len(rest), strings.Join(rest, " "), nil
	case ArgZone:
		// Zones are letters, slashes, underscores and dashes ("America/Port-au-Prince", "EST", "Etc/GMT+5").
		if strings.IndexFunc(w, unicode.IsLetter) < 0 || strings.ContainsAny(w, ":=") || (!strings.Contains(w, "/") && strings.IndexFunc(w, unicode.IsDigit) >= 0) {
			return 0, "", nil
		}
	}
	v, err := b.check(p, a, w)
	return 1, v, err
}

// check validates and normalises one value of an argument, from a platform option or a word.
func (b *Bot) check(p *quiz.Pack, a Arg, v string) (string, error) {
	v = strings.TrimSpace(v)
	switch a.Kind {
	case ArgChoice:
		for _, c := range a.Choices {
			if strings.EqualFold(v, c.Value) {
				return c.Value, nil
			}
		}
		vals := make([]string, len(a.Choices))
		for i, c := range a.Choices {
			vals[i] = c.Value
		}
		return "", Errorf(EINVALID, "%s must be one of %s, not %q.", a.Name, strings.Join(vals, ", "), v)
	case ArgFlag:
		on, err := strconv.ParseBool(v)
		if err != nil {
			return "", Errorf(EINVALID, "%s is true or false, not %q.", a.Name, v)
		}
		if !on {
			return "", nil
		}
		return "true", nil
	case ArgDomain:
		d, ok := p.FindDomain(v)
		if !ok {
			return "", unknownDomain(p, v)
		}
		return d.ID, nil
	case ArgTime:
		h, m, err := ParseClock(v)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%02d:%02d", h, m), nil
	case ArgZone:
		return ParseZone(v)
	case ArgDays:
		d, err := ParseDays(v)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	case ArgDuration:
		d, err := ParseWindow(v)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	case ArgUser:
		return strings.TrimPrefix(v, "user:"), nil
	}
	return v, nil
}

// Window bounds: a question stays open at least an hour and at most a week.
const (
	MinWindow = time.Hour
	MaxWindow = 7 * 24 * time.Hour
)

// ParseWindow reads how long a question stays open: "48h", "90m", "2d", from MinWindow to MaxWindow. Days
// are digits only, checked against the bound before they are multiplied: "213505d" in nanoseconds
// overflows int64 and came out as 24h25m.
func ParseWindow(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if !allDigits(days) {
			return 0, notAWindow(s)
		}
		if len(strings.TrimLeft(days, "0")) > 2 { // 100 days or more: far out, and Atoi could overflow
			return 0, outOfWindow(s)
		}
		n, _ := strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, notAWindow(s)
		}
	}
	if d < MinWindow || d > MaxWindow {
		return 0, outOfWindow(s)
	}
	return d, nil
}

func notAWindow(s string) error {
	return Errorf(EINVALID, "%q is not a length of time: use hours like 48h, or days like 2d", s)
}

func outOfWindow(s string) error {
	return Errorf(EINVALID, "a question stays open from 1h to 7d (168h) at most, not %s", s)
}
