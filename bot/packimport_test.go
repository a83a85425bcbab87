package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/library"
)

// biologyCSV is a good file of two questions in two domains, as a spreadsheet saves it.
const biologyCSV = "question,A,B,C,D,answer,explanation,domain\n" +
	"Which organelle makes most ATP?,Ribosome,Mitochondrion,Golgi body,Lysosome,B,Respiration runs there.,Cells\n" +
	"Which base pairs with adenine in DNA?,Cytosine,Guanine,Thymine,Uracil,C,A pairs with T in DNA.,Genetics\n"

// importEnv is an env whose bot finds imported packs (as the server's does), so /study pack use can pick one.
func importEnv(t *testing.T) *env {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	b, err := bot.New(bot.Config{Store: e.db, Pack: e.pack, Library: library.New(e.db), Clock: e.clock, Chats: map[string]bot.Chat{"discord": e.chat}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	return e
}

func (e *env) importFile(u bot.User, name, data string) (bot.Reply, error) {
	return e.bot.HandleErr(context.Background(), bot.Command{Channel: e.ch, User: u, Name: "pack", Args: []string{"import", name},
		File: &bot.File{Name: name, Data: []byte(data)}})
}

// TestPackImportInChatStoresTheNextVersion: a moderator's CSV becomes a pack named after the file, the reply
// gives its counts and how to use it, a channel can then use it, and the same file again is version 2.
func TestPackImportInChatStoresTheNextVersion(t *testing.T) {
	e := importEnv(t)
	r, err := e.importFile(mod, "biology.csv", biologyCSV)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if !r.Private {
		t.Error("the import's reply is public")
	}
	mustContain(t, r.Text, "Imported pack biology v1: 2 questions and 0 flashcards in 2 domains")
	mustContain(t, r.Text, "/study pack use biology")
	mustContain(t, e.do(mod, "pack use biology").Text, "now draws from Biology (biology): 2 questions")
	r, err = e.importFile(mod, "biology.csv", biologyCSV)
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	mustContain(t, r.Text, "Imported pack biology v2")
}

// TestPackImportInChatRefusesABrokenFile: a file with a problem names its line and column and stores nothing.
func TestPackImportInChatRefusesABrokenFile(t *testing.T) {
	e := importEnv(t)
	r, err := e.importFile(mod, "chemistry.csv", "question,A,B,answer\nWhat is H2O?,water,salt,A\nWhat is NaCl?,water,salt,E\n")
	if bot.ErrorCode(err) != bot.EINVALID {
		t.Fatalf("broken import: %v, want EINVALID", err)
	}
	mustContain(t, r.Text, "line 3, column 4 (answer)")
	mustContain(t, r.Text, "nothing was imported")
	if _, _, ok, err := e.db.PackSource(context.Background(), "chemistry"); ok || err != nil {
		t.Fatalf("a pack was stored from a broken file (ok %v, err %v)", ok, err)
	}
}

// TestPackImportInChatIsForModerators: a member is refused and nothing is stored.
func TestPackImportInChatIsForModerators(t *testing.T) {
	e := importEnv(t)
	r, err := e.importFile(alice, "biology.csv", biologyCSV)
	if bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Fatalf("member's import: %v, want EFORBIDDEN", err)
	}
	mustContain(t, r.Text, "Only moderators can use /study pack import")
	if _, _, ok, _ := e.db.PackSource(context.Background(), "biology"); ok {
		t.Fatal("a member's import was stored")
	}
}

// TestPackImportInChatRefusesWhatItMayNotTake: a file over the size limit, and a file named after the default
// pack, are refused with a reason, and nothing is stored.
func TestPackImportInChatRefusesWhatItMayNotTake(t *testing.T) {
	e := importEnv(t)
	big := biologyCSV + strings.Repeat("Filler?,a,b,c,d,A,x,Cells\n", bot.MaxImportSize/26+1)
	r, err := e.importFile(mod, "big.csv", big)
	if bot.ErrorCode(err) != bot.EINVALID {
		t.Fatalf("big import: %v", err)
	}
	mustContain(t, r.Text, "takes files up to 2.0 MB")
	r, err = e.importFile(mod, e.pack.ID+".csv", biologyCSV)
	if bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Fatalf("import over the default pack: %v", err)
	}
	mustContain(t, r.Text, "rename the file")
	for _, name := range []string{"big", e.pack.ID} {
		if _, _, ok, _ := e.db.PackSource(context.Background(), name); ok {
			t.Errorf("pack %s was stored", name)
		}
	}
	r, err = e.importFile(mod, "", "")
	if bot.ErrorCode(err) != bot.EINVALID {
		t.Fatalf("import without a file: %v", err)
	}
	mustContain(t, r.Text, "needs a file")
}
