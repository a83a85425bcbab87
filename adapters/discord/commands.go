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

// Definition returns the /study command with a subcommand per row of the core's command table, each
// argument as a typed option: choices for closed sets (periods, domains), a user or mentionable picker for
// members and roles, a boolean for flags, a string otherwise. Discord wants required options first.
func Definition(specs []bot.Spec) *discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{Name: "study", Description: "Daily exam questions, leaderboards and career FAQs", Type: discordgo.ChatApplicationCommand}
	groups := map[string]*discordgo.ApplicationCommandOption{}
	for _, s := range specs {
		group, name := s.Path()
		sub := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: bot.Truncate(s.Summary, 100)}
		var required, optional []*discordgo.ApplicationCommandOption
		for _, a := range s.Args {
			o := &discordgo.ApplicationCommandOption{Type: optionType(a.Kind), Name: a.Name, Description: bot.Truncate(a.Help, 100), Required: a.Required}
			for _, c := range a.Choices {
				o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c.Label, Value: c.Value})
			}
			if a.Required {
				required = append(required, o)
			} else {
				optional = append(optional, o)
			}
		}
		sub.Options = append(required, optional...)
		if group == "" {
			cmd.Options = append(cmd.Options, sub)
			continue
		}
		g, ok := groups[group]
		if !ok {
			g = &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: group, Description: bot.Truncate(bot.GroupSummary(group), 100)}
			groups[group] = g
			cmd.Options = append(cmd.Options, g)
		}
		g.Options = append(g.Options, sub)
	}
	return cmd
}

func optionType(k bot.ArgKind) discordgo.ApplicationCommandOptionType {
	switch k {
	case bot.ArgUser:
		return discordgo.ApplicationCommandOptionUser
	case bot.ArgMention:
		return discordgo.ApplicationCommandOptionMentionable
	case bot.ArgFlag:
		return discordgo.ApplicationCommandOptionBoolean
	case bot.ArgFile:
		return discordgo.ApplicationCommandOptionAttachment
	}
	return discordgo.ApplicationCommandOptionString
}

// Register installs /study with one bulk overwrite, globally or in each configured guild. A definition
// identical to the one Discord already has is not sent again.
func (a *Adapter) Register(ctx context.Context) error {
	want := []*discordgo.ApplicationCommand{Definition(a.core.Commands())}
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

// toCommand maps a slash command interaction to the core's subcommand and named options: every option
// as text, a mentioned role as "role:ID" so the core can tell it from a user.
func toCommand(data discordgo.ApplicationCommandInteractionData) (name string, opts map[string]string, err error) {
	if data.Name != "study" || len(data.Options) != 1 {
		return "", nil, fmt.Errorf("unknown command %q", data.Name)
	}
	sub, prefix := data.Options[0], ""
	if sub.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		if len(sub.Options) != 1 {
			return "", nil, fmt.Errorf("subcommand group %q without one subcommand", sub.Name)
		}
		prefix, sub = sub.Name+" ", sub.Options[0]
	}
	if sub.Type != discordgo.ApplicationCommandOptionSubCommand {
		return "", nil, fmt.Errorf("unknown command %q", data.Name)
	}
	opts = map[string]string{}
	for _, o := range sub.Options {
		v := fmt.Sprint(o.Value)
		if s, ok := o.Value.(string); ok {
			v = strings.TrimSpace(s)
		}
		if o.Type == discordgo.ApplicationCommandOptionMentionable && data.Resolved != nil && data.Resolved.Roles[v] != nil {
			v = "role:" + v
		}
		opts[o.Name] = v
	}
	return prefix + sub.Name, opts, nil
}
