package storetest

import (
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// testDraftsKeepWhatWasTyped: a new draft gets an id and reads back as typed, line breaks and all, on
// another handle; saving it again replaces its fields; only undecided drafts are listed, oldest first, and
// only the group's; who may write is anyone until set.
func testDraftsKeepWhatWasTyped(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	g := bot.GroupRef{Platform: "discord", GroupID: "G1"}
	other := bot.GroupRef{Platform: "discord", GroupID: "G2"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	typed := quiz.Draft{Stem: "Which rule?", Options: "A) Security\nB) Privacy", Key: "a", Explanation: "Because.\nSource: 45 CFR 164", Domain: "regulatory"}
	d, err := a.SaveDraft(ctx, g, bot.Draft{AuthorID: "U1", AuthorName: "Alice", Fields: typed, Status: bot.DraftWriting, CreatedAt: at, UpdatedAt: at})
	if err != nil || d.ID == 0 {
		t.Fatalf("new draft: %+v %v", d, err)
	}
	got, ok, err := b.Draft(ctx, g, d.ID)
	if err != nil || !ok || got.Fields != typed || got.AuthorID != "U1" || got.AuthorName != "Alice" || got.Status != bot.DraftWriting ||
		!got.CreatedAt.Equal(at) || !got.DecidedAt.IsZero() {
		t.Fatalf("read back: %+v %v %v", got, ok, err)
	}
	if again, err := b.SaveDraft(ctx, g, bot.Draft{AuthorID: "U1", AuthorName: "Alice", Fields: typed, Status: bot.DraftWriting,
		CreatedAt: at, UpdatedAt: at, Token: "form-1"}); err != nil || again.ID == d.ID {
		t.Fatalf("a new draft with a form token: %+v %v", again, err)
	} else if twice, err := a.SaveDraft(ctx, g, bot.Draft{AuthorID: "U1", AuthorName: "Alice", Fields: quiz.Draft{Stem: "Fixed"},
		Status: bot.DraftPending, CreatedAt: at, UpdatedAt: at, Token: "form-1"}); err != nil || twice.ID != again.ID {
		t.Fatalf("the same form sent twice made drafts %d and %d: %v", again.ID, twice.ID, err)
	} else if got, _, _ := b.Draft(ctx, g, again.ID); got.Fields.Stem != "Fixed" || got.Status != bot.DraftPending {
		t.Fatalf("the form sent again: %+v", got)
	}
	if _, ok, _ := b.Draft(ctx, other, d.ID); ok {
		t.Error("another group's draft was found")
	}
	got.Fields.Key, got.Status, got.UpdatedAt = "B", bot.DraftPending, at.Add(time.Minute)
	if _, err := b.SaveDraft(ctx, g, got); err != nil {
		t.Fatal(err)
	}
	if again, _, _ := a.Draft(ctx, g, d.ID); again.Fields.Key != "B" || again.Status != bot.DraftPending || !again.UpdatedAt.Equal(at.Add(time.Minute)) {
		t.Errorf("saved again: %+v", again)
	}
	if _, err := a.SaveDraft(ctx, other, got); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("saving another group's draft: %v", err)
	}
	second, _ := a.SaveDraft(ctx, g, bot.Draft{AuthorID: "U2", AuthorName: "Bob", Status: bot.DraftWriting, CreatedAt: at, UpdatedAt: at})
	third, _ := a.SaveDraft(ctx, g, bot.Draft{AuthorID: "U2", AuthorName: "Bob", Status: bot.DraftPending, CreatedAt: at, UpdatedAt: at})
	third.Status, third.DecidedBy, third.DecidedAt = bot.DraftRejected, "M", at
	if ok, err := a.DecideDraft(ctx, g, third); !ok || err != nil {
		t.Fatalf("reject: %v %v", ok, err)
	}
	list, err := b.OpenDrafts(ctx, g)
	if err != nil || len(list) != 3 || list[0].ID != d.ID || list[2].ID != second.ID {
		t.Errorf("open drafts: %+v %v", list, err)
	}
	if list, _ := b.OpenDrafts(ctx, other); len(list) != 0 {
		t.Errorf("another group's open drafts: %+v", list)
	}
	if who, err := b.QuestionWriters(ctx, g); who != bot.WritersAnyone || err != nil {
		t.Errorf("writers before any setting: %q %v", who, err)
	}
	if err := a.SetQuestionWriters(ctx, g, bot.WritersMods); err != nil {
		t.Fatal(err)
	}
	if who, _ := b.QuestionWriters(ctx, g); who != bot.WritersMods {
		t.Errorf("writers set to mods: %q", who)
	}
	if who, _ := b.QuestionWriters(ctx, other); who != bot.WritersAnyone {
		t.Errorf("another group's writers: %q", who)
	}
}

// testDraftDecidedOnceAndToldOnce: of two handles deciding one draft only the first changes it, and a
// decided draft no longer saves; its author's news is there until taken, on any handle, and is taken once;
// an undone decision is pending again and tells nothing.
func testDraftDecidedOnceAndToldOnce(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	g := bot.GroupRef{Platform: "slack", GroupID: "T1"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	d, err := a.SaveDraft(ctx, g, bot.Draft{AuthorID: "U1", AuthorName: "Alice", Fields: quiz.Draft{Stem: "Q?"}, Status: bot.DraftPending, CreatedAt: at, UpdatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if news, err := b.DraftNews(ctx, g, "U1"); news || err != nil {
		t.Fatalf("news before a decision: %v %v", news, err)
	}
	approve := d
	approve.Status, approve.DecidedBy, approve.QuestionID, approve.DecidedAt = bot.DraftApproved, "M1", "draft-1", at.Add(time.Hour)
	reject := d
	reject.Status, reject.Reason, reject.DecidedBy, reject.DecidedAt = bot.DraftRejected, "too easy", "M2", at.Add(time.Hour)
	if ok, err := a.DecideDraft(ctx, g, approve); !ok || err != nil {
		t.Fatalf("approve: %v %v", ok, err)
	}
	if ok, err := b.DecideDraft(ctx, g, reject); ok || err != nil {
		t.Fatalf("a second decision: %v %v", ok, err)
	}
	if _, err := b.SaveDraft(ctx, g, d); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("saving a decided draft: %v", err)
	}
	got, _, _ := b.Draft(ctx, g, d.ID)
	if got.Status != bot.DraftApproved || got.DecidedBy != "M1" || got.QuestionID != "draft-1" || !got.DecidedAt.Equal(at.Add(time.Hour)) || got.Reason != "" {
		t.Errorf("decided: %+v", got)
	}
	if news, _ := b.DraftNews(ctx, g, "U2"); news {
		t.Error("another member has news")
	}
	if news, _ := b.DraftNews(ctx, g, "U1"); !news {
		t.Fatal("the author has no news")
	}
	told, err := b.TakeDraftNews(ctx, g, "U1", at.Add(2*time.Hour))
	if err != nil || len(told) != 1 || told[0].ID != d.ID || told[0].Status != bot.DraftApproved || told[0].Fields.Stem != "Q?" {
		t.Fatalf("news taken: %+v %v", told, err)
	}
	if again, _ := a.TakeDraftNews(ctx, g, "U1", at.Add(3*time.Hour)); len(again) != 0 {
		t.Errorf("news taken twice: %+v", again)
	}
	if err := a.UndoDecision(ctx, g, d.ID); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := b.Draft(ctx, g, d.ID); got.Status != bot.DraftPending || !got.DecidedAt.IsZero() || got.QuestionID != "" {
		t.Errorf("undone: %+v", got)
	}
	if news, _ := b.DraftNews(ctx, g, "U1"); news {
		t.Error("an undone decision is news")
	}
}
