package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

// Domain is a pack domain offered as a choice in the command's options.
type Domain struct {
	ID, Name string
}

// Definition returns the /study command with its subcommands and typed options.
func Definition(domains []Domain) *discordgo.ApplicationCommand {
	var domainChoices []*discordgo.ApplicationCommandOptionChoice
	for _, d := range domains {
		domainChoices = append(domainChoices, &discordgo.ApplicationCommandOptionChoice{Name: d.Name, Value: d.ID})
	}
	str := func(name, desc string, required bool, choices ...*discordgo.ApplicationCommandOptionChoice) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required, Choices: choices}
	}
	choice := func(v string) *discordgo.ApplicationCommandOptionChoice {
		return &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v}
	}
	options := map[string][]*discordgo.ApplicationCommandOption{
		"practice":    {str("domain", "Only this domain", false, domainChoices...)},
		"leaderboard": {str("period", "week (default), month or all", false, choice("week"), choice("month"), choice("all")), str("domain", "Only this domain", false, domainChoices...)},
		"stats":       {{Type: discordgo.ApplicationCommandOptionUser, Name: "user", Description: "Whose stats (default: yours)"}},
		"faq":         {str("question", "Your question, in your own words", false)},
		"schedule":    {str("time", "HH:MM, 24-hour, e.g. 09:00", true), str("zone", "IANA zone, e.g. America/New_York (default UTC)", false), str("days", "e.g. mon-fri, sat,sun, daily (default)", false)},
		"domains":     {str("domains", "all, or a list like security,it-ops", false)},
		"reset":       {str("scope", "What to reset", true, choice("week"), choice("all"))},
		"mods": {
			str("action", "add, remove or list", true, choice("add"), choice("remove"), choice("list")),
			{Type: discordgo.ApplicationCommandOptionMentionable, Name: "who", Description: "A member or a role"},
		},
	}
	cmd := &discordgo.ApplicationCommand{Name: "study", Description: "Daily exam questions, leaderboards and career FAQs", Type: discordgo.ChatApplicationCommand}
	for _, c := range bot.Commands() {
		desc := c.Summary
		if len(desc) > 100 {
			desc = desc[:97] + "..."
		}
		cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand,
			Name: c.Name, Description: desc, Options: options[c.Name]})
	}
	return cmd
}

// Register installs /study with one bulk overwrite, globally or in each configured guild. A definition
// identical to the one Discord already has is not sent again.
func (a *Adapter) Register(ctx context.Context) error {
	want := []*discordgo.ApplicationCommand{Definition(a.cfg.Domains)}
	scopes := a.cfg.GuildIDs
	if len(scopes) == 0 {
		scopes = []string{""}
	}
	for _, guild := range scopes {
		have, err := a.s.ApplicationCommands(a.cfg.AppID, guild, discordgo.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("list commands (guild %q): %w", guild, err)
		}
		if sameCommands(have, want) {
			a.log.InfoContext(ctx, "discord commands up to date", "guild", guild)
			continue
		}
		if _, err := a.s.ApplicationCommandBulkOverwrite(a.cfg.AppID, guild, want, discordgo.WithContext(ctx)); err != nil {
			return fmt.Errorf("register commands (guild %q): %w", guild, err)
		}
		a.log.InfoContext(ctx, "discord commands registered", "guild", guild)
	}
	return nil
}

// sameCommands compares what we define with what Discord returned, ignoring the ids and versions Discord adds.
func sameCommands(have, want []*discordgo.ApplicationCommand) bool {
	norm := func(cmds []*discordgo.ApplicationCommand) any {
		var out []any
		for _, c := range cmds {
			b, _ := json.Marshal(struct {
				Name        string                                `json:"name"`
				Description string                                `json:"description"`
				Options     []*discordgo.ApplicationCommandOption `json:"options"`
			}{c.Name, c.Description, c.Options})
			var v any
			json.Unmarshal(b, &v)
			out = append(out, v)
		}
		return out
	}
	return reflect.DeepEqual(norm(have), norm(want))
}

// toCommand maps a slash command interaction to the core's Command: options become arguments in the order
// the core's parsers expect.
func toCommand(data discordgo.ApplicationCommandInteractionData) (name string, args []string, err error) {
	if data.Name != "study" || len(data.Options) != 1 || data.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return "", nil, fmt.Errorf("unknown command %q", data.Name)
	}
	sub := data.Options[0]
	opts := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range sub.Options {
		opts[o.Name] = o
	}
	get := func(name string) string {
		if o := opts[name]; o != nil {
			if s, ok := o.Value.(string); ok {
				return strings.TrimSpace(s)
			}
			return fmt.Sprint(o.Value)
		}
		return ""
	}
	add := func(names ...string) {
		for _, n := range names {
			if v := get(n); v != "" {
				args = append(args, strings.Fields(v)...)
			}
		}
	}
	switch sub.Name {
	case "practice":
		add("domain")
	case "leaderboard":
		add("period", "domain")
	case "stats":
		add("user")
	case "faq":
		add("question")
	case "schedule":
		add("time", "zone", "days")
	case "domains":
		add("domains")
	case "reset":
		add("scope")
	case "mods":
		args = append(args, get("action"))
		if who := get("who"); who != "" {
			if data.Resolved != nil && data.Resolved.Roles[who] != nil {
				who = "role:" + who
			}
			args = append(args, who)
		}
	}
	return sub.Name, args, nil
}
