package discordtest

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
)

// Building the interactions Discord sends: commands, clicks and pings, from a member.

// Member describes who sends an interaction.
type Member struct {
	ID, Name    string
	Roles       []string
	Permissions int64 // Discord permission bits, e.g. 1<<5 Manage Server
}

// allPermissions is the app_permissions of a bot that may do everything in the channel: every permission
// of the first 31 bits, and Create Public Threads, Create Private Threads and Send Messages in Threads.
var allPermissions = strconv.FormatInt(1<<31-1|1<<35|1<<36|1<<38, 10)

// nextID returns a random snowflake-like id.
func nextID() string {
	var b [8]byte
	rand.Read(b[:])
	return strconv.FormatUint(binary.BigEndian.Uint64(b[:])>>1, 10)
}

func base(typ int, guild, channel string, m Member) map[string]any {
	roles := m.Roles
	if roles == nil {
		roles = []string{}
	}
	return map[string]any{
		"id": nextID(), "application_id": "app", "type": typ, "token": "itoken-" + nextID(), "version": 1,
		"guild_id": guild, "channel_id": channel, "locale": "en-US", "guild_locale": "en-US",
		"app_permissions": allPermissions,
		"member": map[string]any{
			"user":        map[string]any{"id": m.ID, "username": strings.ToLower(m.Name), "global_name": m.Name, "discriminator": "0"},
			"roles":       roles,
			"permissions": strconv.FormatInt(m.Permissions, 10),
			"nick":        nil,
			"joined_at":   "2026-01-01T00:00:00.000000+00:00",
		},
	}
}

// Option is a typed option of a subcommand.
type Option struct {
	Name  string
	Type  int // 3 string, 6 user, 9 mentionable
	Value string
}

// Command builds an APPLICATION_COMMAND interaction for /study SUB with options; a SUB of two words is a
// subcommand of a group ("me zone"). resolvedRoles lists ids
// that Discord resolved as roles (for mentionable options).
func Command(guild, channel string, m Member, sub string, opts []Option, resolvedRoles ...string) []byte {
	i := base(2, guild, channel, m)
	var o []map[string]any
	for _, op := range opts {
		o = append(o, map[string]any{"name": op.Name, "type": op.Type, "value": op.Value})
	}
	option := map[string]any{"name": sub, "type": 1, "options": o}
	if group, name, ok := strings.Cut(sub, " "); ok { // a subcommand group's ("me zone")
		option = map[string]any{"name": group, "type": 2, "options": []map[string]any{{"name": name, "type": 1, "options": o}}}
	}
	data := map[string]any{"id": "cmd-study", "name": "study", "type": 1, "options": []map[string]any{option}}
	if len(resolvedRoles) > 0 {
		roles := map[string]any{}
		for _, r := range resolvedRoles {
			roles[r] = map[string]any{"id": r, "name": "role " + r, "permissions": "0"}
		}
		data["resolved"] = map[string]any{"roles": roles}
	}
	i["data"] = data
	b, _ := json.Marshal(i)
	return b
}

// Click builds a MESSAGE_COMPONENT interaction for a button with the given custom id.
func Click(guild, channel string, m Member, customID, messageID string) []byte {
	i := base(3, guild, channel, m)
	i["data"] = map[string]any{"custom_id": customID, "component_type": 2}
	i["message"] = map[string]any{"id": messageID, "channel_id": channel, "content": "", "type": 0}
	b, _ := json.Marshal(i)
	return b
}

// GroupCommand builds an APPLICATION_COMMAND interaction for /study GROUP SUB with options (a subcommand
// of a subcommand group, such as /study question add).
func GroupCommand(guild, channel string, m Member, group, sub string, opts []Option) []byte {
	i := base(2, guild, channel, m)
	o := []map[string]any{}
	for _, op := range opts {
		o = append(o, map[string]any{"name": op.Name, "type": op.Type, "value": op.Value})
	}
	i["data"] = map[string]any{"id": "cmd-study", "name": "study", "type": 1,
		"options": []map[string]any{{"name": group, "type": 2, "options": []map[string]any{{"name": sub, "type": 1, "options": o}}}}}
	b, _ := json.Marshal(i)
	return b
}

// ModalSubmit builds a MODAL_SUBMIT interaction for the modal with the given custom id, each text input
// (custom id: value) in an action row of its own, as Discord sends them.
func ModalSubmit(guild, channel string, m Member, customID string, inputs [][2]string) []byte {
	i := base(5, guild, channel, m)
	var rows []map[string]any
	for _, in := range inputs {
		rows = append(rows, map[string]any{"type": 1, "components": []map[string]any{{"type": 4, "custom_id": in[0], "value": in[1]}}})
	}
	i["data"] = map[string]any{"custom_id": customID, "components": rows}
	b, _ := json.Marshal(i)
	return b
}

// Ping builds a PING interaction.
func Ping() []byte {
	b, _ := json.Marshal(map[string]any{"id": nextID(), "application_id": "app", "type": 1, "token": "ping-token", "version": 1})
	return b
}

// WithAppPermissions returns the interaction with app_permissions, the bot's own permissions in the
// channel as Discord computes them, set to perms.
func WithAppPermissions(raw []byte, perms int64) []byte {
	var m map[string]any
	json.Unmarshal(raw, &m)
	m["app_permissions"] = strconv.FormatInt(perms, 10)
	b, _ := json.Marshal(m)
	return b
}
