package discordtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// sub is a subcommand's JSON with the given options.
func sub(name string, opts ...string) string {
	return fmt.Sprintf(`{"type":1,"name":%q,"description":"does %s","options":[%s]}`, name, name, strings.Join(opts, ","))
}

func str(name string, required bool) string {
	return fmt.Sprintf(`{"type":3,"name":%q,"description":"the %s","required":%v}`, name, name, required)
}

func command(opts ...string) string {
	return fmt.Sprintf(`{"name":"study","description":"Study","type":1,"options":[%s]}`, strings.Join(opts, ","))
}

func TestValidateCommandRefusesWhatDiscordRefuses(t *testing.T) {
	many := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, sub(fmt.Sprintf("s%d", i)))
		}
		return out
	}
	long := strings.Repeat("d", 100)
	var big []string
	for i := range 25 { // 25 subcommands of 2 options each, every description 100 long: over 4,000 characters
		big = append(big, fmt.Sprintf(`{"type":1,"name":"s%d","description":%q,"options":[{"type":3,"name":"a","description":%q},{"type":3,"name":"b","description":%q}]}`, i, long, long, long))
	}
	tests := []struct {
		name, def, want string // want "" means Discord accepts it
	}{
		{"subcommands and a group", command(sub("help"), `{"type":2,"name":"pack","description":"Packs","options":[`+sub("use", str("name", true))+`]}`), ""},
		{"25 subcommands", command(many(25)...), ""},
		{"26 subcommands", command(many(26)...), "26 options at one level"},
		{"a group holding a string option", command(`{"type":2,"name":"pack","description":"Packs","options":[` + str("name", false) + `]}`), "may hold only subcommands"},
		{"an empty group", command(`{"type":2,"name":"pack","description":"Packs","options":[]}`), "needs subcommands"},
		{"a group in a subcommand", command(`{"type":1,"name":"a","description":"A","options":[{"type":2,"name":"g","description":"G","options":[` + sub("x") + `]}]}`), "only at the command's top level"},
		{"a subcommand beside an option", command(sub("help"), str("topic", false)), "cannot stand beside"},
		{"over 4,000 characters", command(big...), "over Discord's 4000"},
		{"a description over 100", command(fmt.Sprintf(`{"type":1,"name":"a","description":%q}`, long+"x")), "description of 101 characters"},
		{"an upper-case name", command(sub("Help")), "not a valid name"},
		{"a name over 32", command(sub(strings.Repeat("n", 33))), "not a valid name"},
		{"required after optional", command(sub("a", str("x", false), str("y", true))), "required option must come before"},
		{"a name twice", command(sub("a"), sub("a")), "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !json.Valid([]byte(tt.def)) {
				t.Fatalf("the test's JSON is not valid: %s", tt.def)
			}
			err := validateCommand(json.RawMessage(tt.def))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err %v, want one saying %q", err, tt.want)
			}
		})
	}
}
