package discordtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Discord's limits on a chat input command, as its API enforces them on registration: a command Discord
// would refuse is refused here too, so a test catches it before Discord does.
const (
	maxOptions       = 25   // options (or subcommands, or groups) at one level; choices of one option
	maxNameLen       = 32   // a command's, an option's name
	maxDescLen       = 100  // a command's, an option's description; a choice's name and string value
	maxCombinedChars = 4000 // names, descriptions and choice names and values of the whole command
)

// Option types of Discord's API.
const (
	optSubCommand      = 1
	optSubCommandGroup = 2
)

// commandName is Discord's pattern for chat input command and option names (lower case where a letter has
// one).
var commandName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

type commandDef struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Type        int         `json:"type"`
	Options     []optionDef `json:"options"`
}

type optionDef struct {
	Type        int         `json:"type"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Required    bool        `json:"required"`
	Options     []optionDef `json:"options"`
	Choices     []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

// validateCommand returns what Discord would refuse in one registered command, or nil.
func validateCommand(raw json.RawMessage) error {
	var c commandDef
	if err := json.Unmarshal(raw, &c); err != nil {
		return fmt.Errorf("command: %w", err)
	}
	if c.Type != 0 && c.Type != 1 {
		return nil // user and message commands have other rules; studybot registers none
	}
	v := &cmdValidator{}
	v.name(c.Name, "name")
	v.desc(c.Description, "description")
	v.level(c.Options, "options", inCommand)
	if v.chars > maxCombinedChars {
		v.fail("command", "%d characters of names, descriptions and choices, over Discord's %d", v.chars, maxCombinedChars)
	}
	return v.err
}

type cmdValidator struct {
	chars int
	err   error
}

func (v *cmdValidator) fail(path, format string, args ...any) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

func (v *cmdValidator) name(s, path string) {
	v.chars += utf8.RuneCountInString(s)
	if !commandName.MatchString(s) || s != strings.ToLower(s) {
		v.fail(path, "%q is not a valid name (1-32 lower-case letters, digits, - or _)", s)
	}
}

func (v *cmdValidator) desc(s, path string) {
	n := utf8.RuneCountInString(s)
	v.chars += n
	if n < 1 || n > maxDescLen {
		v.fail(path, "description of %d characters; Discord allows 1-%d", n, maxDescLen)
	}
}

// Where a list of options stands: what holds it decides what it may hold.
const (
	inCommand = iota
	inGroup
	inSubcommand
)

// level checks the options held by a command, a subcommand group or a subcommand.
func (v *cmdValidator) level(opts []optionDef, path string, in int) {
	if len(opts) > maxOptions {
		v.fail(path, "%d options at one level; Discord allows %d", len(opts), maxOptions)
	}
	if in == inGroup && len(opts) == 0 {
		v.fail(path, "a subcommand group needs subcommands")
	}
	subs, seen, optional := 0, map[string]bool{}, false
	for i, o := range opts {
		p := fmt.Sprintf("%s[%d]", path, i)
		v.name(o.Name, p+".name")
		v.desc(o.Description, p+".description")
		if seen[o.Name] {
			v.fail(p+".name", "%q appears twice at one level", o.Name)
		}
		seen[o.Name] = true
		switch o.Type {
		case optSubCommandGroup:
			subs++
			if in != inCommand {
				v.fail(p, "a subcommand group may stand only at the command's top level")
			}
			v.level(o.Options, p+".options", inGroup)
		case optSubCommand:
			subs++
			if in == inSubcommand {
				v.fail(p, "a subcommand cannot hold subcommands")
			}
			v.level(o.Options, p+".options", inSubcommand)
		default:
			if in == inGroup {
				v.fail(p, "a subcommand group may hold only subcommands")
			}
			if o.Type < 3 || o.Type > 11 {
				v.fail(p+".type", "%d is no option type (3 string … 11 attachment)", o.Type)
			}
			if o.Required && optional {
				v.fail(p, "a required option must come before optional ones")
			}
			optional = optional || !o.Required
			if len(o.Options) > 0 {
				v.fail(p, "only subcommands and groups hold options")
			}
			if len(o.Choices) > maxOptions {
				v.fail(p+".choices", "%d choices; Discord allows %d", len(o.Choices), maxOptions)
			}
			for j, ch := range o.Choices {
				n, val := utf8.RuneCountInString(ch.Name), fmt.Sprint(ch.Value)
				v.chars += n + utf8.RuneCountInString(val)
				if n < 1 || n > maxDescLen || utf8.RuneCountInString(val) > maxDescLen {
					v.fail(fmt.Sprintf("%s.choices[%d]", p, j), "a choice's name and value are 1-%d characters", maxDescLen)
				}
			}
		}
	}
	if subs > 0 && subs != len(opts) {
		v.fail(path, "subcommands or groups cannot stand beside other options")
	}
}
