package discord

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

// TestSubcommandGroupsRegisterAndDecode: rows named "pack use" and "pack list" register as one "pack"
// group holding two subcommands beside the plain ones, and an interaction for the group's subcommand comes
// back as the row's two-word name with its options.
func TestSubcommandGroupsRegisterAndDecode(t *testing.T) {
	specs := []bot.Spec{
		{Name: "help", Summary: "help"},
		{Name: "pack list", Summary: "list packs"},
		{Name: "pack use", Summary: "use a pack", Args: []bot.Arg{{Name: "name", Kind: bot.ArgWord, Required: true}}},
	}
	def := Definition(specs)
	if len(def.Options) != 2 {
		t.Fatalf("top level holds %d options, want help and the pack group", len(def.Options))
	}
	g := def.Options[1]
	if g.Type != discordgo.ApplicationCommandOptionSubCommandGroup || g.Name != "pack" || len(g.Options) != 2 {
		t.Fatalf("pack group = %+v", g)
	}
	if g.Options[0].Name != "list" || g.Options[1].Name != "use" || g.Options[1].Options[0].Name != "name" {
		t.Fatalf("group's subcommands = %q, %q", g.Options[0].Name, g.Options[1].Name)
	}
	name, opts, err := toCommand(discordgo.ApplicationCommandInteractionData{Name: "study", Options: []*discordgo.ApplicationCommandInteractionDataOption{{
		Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: "pack",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "use",
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Type: discordgo.ApplicationCommandOptionString, Name: "name", Value: " biology "}},
		}},
	}}})
	if err != nil || name != "pack use" || opts["name"] != "biology" {
		t.Fatalf("decoded %q %v, %v; want pack use with name biology", name, opts, err)
	}
}
