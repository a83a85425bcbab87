package discord_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/adapters/discord"
	"github.com/studybot/studybot/adapters/discord/discordtest"
)

const biologyCSV = "question,A,B,C,D,answer,explanation,domain\n" +
	"Which organelle makes most ATP?,Ribosome,Mitochondrion,Golgi body,Lysosome,B,Respiration runs there.,Cells\n" +
	"Which base pairs with adenine in DNA?,Cytosine,Guanine,Thymine,Uracil,C,A pairs with T in DNA.,Genetics\n"

// TestPackImportDownloadsTheAttachedFile: /study pack import with a file attached (an ATTACHMENT option that
// data.resolved.attachments describes) downloads the file from the CDN, without the bot's token, and the
// pack is stored under the file's name.
func TestPackImportDownloadsTheAttachedFile(t *testing.T) {
	h := newHarness(t)
	mod := discordtest.Member{ID: "u-mod", Name: "Mo", Permissions: 1 << 5}
	att := h.fake.Attach("biology.csv", []byte(biologyCSV))
	code, resp := h.send(discordtest.CommandWithFile("g1", "c1", mod, "pack import", "file", att))
	if code != 200 || !strings.Contains(content(resp), "Imported pack biology v1: 2 questions and 0 flashcards in 2 domains") {
		t.Fatalf("HTTP %d: %v", code, resp)
	}
	if _, _, ok, err := h.db.PackSource(context.Background(), "biology"); !ok || err != nil {
		t.Fatalf("pack not stored (ok %v, err %v)", ok, err)
	}
	gets := h.fake.Calls("GET", "/attachments/")
	if len(gets) != 1 || gets[0].Auth != "" {
		t.Fatalf("attachment downloads: %+v, want one without Authorization", gets)
	}
}

// TestPackImportFetchesOnlyFromTheCDN: an attachment whose url is not Discord's CDN (nor the configured API's
// host) is not fetched, and the member is told why.
func TestPackImportFetchesOnlyFromTheCDN(t *testing.T) {
	h := newHarness(t)
	mod := discordtest.Member{ID: "u-mod", Name: "Mo", Permissions: 1 << 5}
	elsewhere := discordtest.NewServer()
	defer elsewhere.Close()
	att := elsewhere.Attach("biology.csv", []byte(biologyCSV))
	_, resp := h.send(discordtest.CommandWithFile("g1", "c1", mod, "pack import", "file", att))
	if !strings.Contains(content(resp), "not on Discord's CDN") {
		t.Fatalf("reply: %v", resp)
	}
	if n := len(elsewhere.Calls("GET", "/attachments/")); n != 0 {
		t.Fatalf("%d downloads from another host", n)
	}
	if _, _, ok, _ := h.db.PackSource(context.Background(), "biology"); ok {
		t.Fatal("a pack was stored from another host's file")
	}
}

// TestPackImportAttachmentIsForModerators: a member's attached file is refused as the core refuses any
// moderator command, and nothing is stored.
func TestPackImportAttachmentIsForModerators(t *testing.T) {
	h := newHarness(t)
	alice := discordtest.Member{ID: "u-alice", Name: "Alice"}
	att := h.fake.Attach("biology.csv", []byte(biologyCSV))
	_, resp := h.send(discordtest.CommandWithFile("g1", "c1", alice, "pack import", "file", att))
	if !strings.Contains(content(resp), "Only moderators can use /study pack import") {
		t.Fatalf("reply: %v", resp)
	}
	if _, _, ok, _ := h.db.PackSource(context.Background(), "biology"); ok {
		t.Fatal("a member's file was stored")
	}
}

// TestPackImportRegistersAnAttachmentOption: /study pack import asks Discord for a file (option type 11),
// which Discord's client shows as a file picker.
func TestPackImportRegistersAnAttachmentOption(t *testing.T) {
	h := newHarness(t)
	for _, g := range discord.Definition(h.bot.Commands()).Options {
		for _, sub := range g.Options {
			if g.Name == "pack" && sub.Name == "import" {
				if len(sub.Options) != 1 || sub.Options[0].Type != discordgo.ApplicationCommandOptionAttachment || !sub.Options[0].Required {
					t.Fatalf("pack import's options: %+v", sub.Options)
				}
				return
			}
		}
	}
	t.Fatal("no /study pack import registered")
}

// TestPackImportRefusesALargeAttachmentUnread: an attachment Discord says is over 2 MB is refused without
// downloading it.
func TestPackImportRefusesALargeAttachmentUnread(t *testing.T) {
	h := newHarness(t)
	mod := discordtest.Member{ID: "u-mod", Name: "Mo", Permissions: 1 << 5}
	att := h.fake.Attach("biology.csv", []byte(biologyCSV))
	att.Size = 3 << 20
	_, resp := h.send(discordtest.CommandWithFile("g1", "c1", mod, "pack import", "file", att))
	if !strings.Contains(content(resp), "over the 2 MB") {
		t.Fatalf("reply: %v", resp)
	}
	if n := len(h.fake.Calls("GET", "/attachments/")); n != 0 {
		t.Fatalf("%d downloads of a file over the limit", n)
	}
}
