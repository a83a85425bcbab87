package slack_test

import (
	"context"
	"strings"
	"testing"

	"github.com/studybot/studybot/adapters/slack/slacktest"
)

const biologyCSV = "question,A,B,C,D,answer,explanation,domain\n" +
	"Which organelle makes most ATP?,Ribosome,Mitochondrion,Golgi body,Lysosome,B,Respiration runs there.,Cells\n" +
	"Which base pairs with adenine in DNA?,Cytosine,Guanine,Thymine,Uracil,C,A pairs with T in DNA.,Genetics\n"

// TestPackImportFetchesTheSharedFile: /study pack import with a shared file's link, as Slack escapes it in
// a command's text, finds the file with files.info and downloads its url_private with the bot token; the
// pack is stored under the file's name. Its bare id works the same.
func TestPackImportFetchesTheSharedFile(t *testing.T) {
	h := newHarness(t)
	_, link := h.fake.Share("C1", "biology.csv", []byte(biologyCSV))
	r := h.slash("UADMIN", "pack import <"+link+">")
	if !strings.Contains(text(r), "Imported pack biology v1: 2 questions and 0 flashcards in 2 domains") {
		t.Fatalf("reply: %v", r)
	}
	if _, _, ok, err := h.db.PackSource(context.Background(), "biology"); !ok || err != nil {
		t.Fatalf("pack not stored (ok %v, err %v)", ok, err)
	}
	gets := h.fake.Calls("url_private")
	if len(h.fake.Calls("files.info")) != 1 || len(gets) != 1 || gets[0].Auth != "Bearer "+botToken {
		t.Fatalf("files.info calls %d, downloads %+v", len(h.fake.Calls("files.info")), gets)
	}
	id, _ := h.fake.Share("C1", "biology.csv", []byte(biologyCSV))
	if r := h.slash("UADMIN", "pack import "+id); !strings.Contains(text(r), "Imported pack biology v2") {
		t.Fatalf("by id: %v", r)
	}
}

// TestPackImportSendsTheTokenOnlyToSlack: a file whose url_private is on another host is not downloaded,
// so the bot token goes nowhere but Slack.
func TestPackImportSendsTheTokenOnlyToSlack(t *testing.T) {
	h := newHarness(t)
	elsewhere := slacktest.NewServer()
	defer elsewhere.Close()
	h.fake.ServeFilesFrom(elsewhere.URL)
	id, _ := h.fake.Share("C1", "biology.csv", []byte(biologyCSV))
	if r := h.slash("UADMIN", "pack import "+id); !strings.Contains(text(r), "did not fetch it") {
		t.Fatalf("reply: %v", r)
	}
	if n := len(elsewhere.Calls("url_private")); n != 0 {
		t.Fatalf("%d requests with the token to another host", n)
	}
}

// TestPackImportNamesWhatIsWrong: a link that names no file and a file Slack does not know are each refused
// with what to do, and a member's import is refused as any moderator command is.
func TestPackImportNamesWhatIsWrong(t *testing.T) {
	h := newHarness(t)
	if r := h.slash("UADMIN", "pack import biology.csv"); !strings.Contains(text(r), "Share the file in Slack first") {
		t.Fatalf("no link: %v", r)
	}
	if r := h.slash("UADMIN", "pack import F0NOSUCHFILE"); !strings.Contains(text(r), "Slack has no file F0NOSUCHFILE") {
		t.Fatalf("unknown file: %v", r)
	}
	id, _ := h.fake.Share("C1", "biology.csv", []byte(biologyCSV))
	if r := h.slash("U7", "pack import "+id); !strings.Contains(text(r), "Only moderators can use /study pack import") {
		t.Fatalf("member: %v", r)
	}
	if _, _, ok, _ := h.db.PackSource(context.Background(), "biology"); ok {
		t.Fatal("a pack was stored")
	}
}
