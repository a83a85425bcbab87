package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/library"
	"github.com/studybot/studybot/data/storetest/stores"
	"github.com/studybot/studybot/quiz"
)

// drafting is a core on one store (SQLite, or PostgreSQL when STUDYBOT_TEST_POSTGRES is set) for the
// tests of questions written in chat; restart builds another core on the same database.
type drafting struct {
	t     *testing.T
	open  func() bot.Store
	store bot.Store
	bot   *bot.Bot
	clock *bot.ManualClock
	pack  *quiz.Pack
	ch    bot.ChannelRef
}

func onEachDraftStore(t *testing.T, fn func(t *testing.T, d *drafting)) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		d := &drafting{t: t, open: open, clock: bot.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), pack: mustPack(t),
			ch: bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}}
		d.restart()
		fn(t, d)
	})
}

// restart is a new process on the same database.
func (d *drafting) restart() {
	d.store = d.open()
	b, err := bot.New(bot.Config{Store: d.store, Pack: d.pack, Clock: d.clock, Chats: map[string]bot.Chat{"discord": &fakeChat{}},
		Library: library.New(d.store.(library.Stored))})
	if err != nil {
		d.t.Fatal(err)
	}
	d.bot = b
}

func (d *drafting) do(u bot.User, line string) (bot.Reply, error) {
	name, args := bot.ParseLine(line)
	return d.bot.HandleErr(context.Background(), bot.Command{Channel: d.ch, User: u, Name: name, Args: args})
}

// press clicks a reply's button by its label.
func (d *drafting) press(u bot.User, r bot.Reply, label string) (bot.Reply, error) {
	d.t.Helper()
	for _, b := range r.Buttons {
		if b.Label == label {
			return d.bot.HandleErr(context.Background(), b.Action.Command(d.ch, u))
		}
	}
	d.t.Fatalf("no %q button in %+v", label, r.Buttons)
	return bot.Reply{}, nil
}

// submit sends a form as u with the given values.
func (d *drafting) submit(u bot.User, f *bot.Form, values map[string]string) (bot.Reply, error) {
	d.t.Helper()
	if f == nil {
		d.t.Fatal("no form to submit")
	}
	cmd := f.Submit.Command(d.ch, u)
	cmd.Fields = values
	return d.bot.HandleErr(context.Background(), cmd)
}

// aGoodQuestion is a question without problems or cues, as typed into the form.
var aGoodQuestion = map[string]string{
	quiz.FieldStem:        "Which HIPAA rule sets the safeguards for electronic protected health information?",
	quiz.FieldOptions:     "A) Security Rule\nB) Privacy Rule\nC) Enforcement Rule",
	quiz.FieldKey:         "A",
	quiz.FieldExplanation: "The Security Rule sets administrative, physical and technical safeguards for ePHI.\nWhy not B: it covers uses and disclosures of all PHI.\nWhy not C: it covers investigations and penalties.\nSource: 45 CFR Part 164 Subpart C",
	quiz.FieldDomain:      "regulatory",
}

func formValues(f *bot.Form) map[string]string {
	out := map[string]string{}
	for _, x := range f.Fields {
		out[x.Name] = x.Value
	}
	return out
}

func TestAQuestionWrittenInChatIsApprovedIntoTheGroupPackWithItsAuthor(t *testing.T) {
	onEachDraftStore(t, func(t *testing.T, d *drafting) {
		r, err := d.do(alice, "/study question add")
		if err != nil || r.Form == nil || len(r.Form.Fields) != 5 || r.Form.Fields[0].Value != "" {
			t.Fatalf("question add: %+v %v", r, err)
		}
		r, err = d.submit(alice, r.Form, aGoodQuestion)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, r.Text, "draft #1 is with the moderators")
		r, _ = d.do(mod, "/study question drafts")
		if r.Table == nil || len(r.Table.Rows) != 1 || r.Table.Rows[0][1] != "Alice" || r.Table.Rows[0][2] != "waiting" {
			t.Fatalf("drafts: %+v", r)
		}
		r, _ = d.do(mod, "/study question show 1")
		mustContain(t, r.Text, "A) Security Rule ✓")
		r, err = d.press(mod, r, "Approve")
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, r.Text, "Approved draft #1 by Alice")

		src := ownPack(t, d)
		q, ok := src.Question("draft-1")
		if !ok || q.Author != "Alice" || q.Answer != 0 || q.Source != "45 CFR Part 164 Subpart C" || q.WhyWrong(1) != "it covers uses and disclosures of all PHI." {
			t.Fatalf("the question in the group's pack: %+v %v", q, ok)
		}
		if r, _ := d.do(mod, "/study question drafts"); r.Table != nil {
			t.Errorf("an approved draft is still listed: %+v", r.Table)
		}

		// A channel that uses the group's pack posts the question; its reveal credits the author.
		if r, err := d.do(mod, "/study pack use "+src.ID); err != nil {
			t.Fatalf("pack use %s: %q %v", src.ID, r.Text, err)
		}
		if _, err := d.do(mod, "/study post"); err != nil {
			t.Fatal(err)
		}
		post, err := d.store.OpenPost(context.Background(), d.ch)
		if err != nil || post.Pack != src.ID || post.QuestionID != "draft-1" {
			t.Fatalf("posted %+v, %v; want draft-1 of %s", post, err, src.ID)
		}
		rv, err := d.bot.RevealOf(context.Background(), post)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, rv.Explanation, "Written by @Alice")
		if _, err := d.do(mod, "/study pack use default"); err != nil {
			t.Fatal(err)
		}

		// Alice hears of it at her next command, once.
		r, _ = d.do(alice, "/study help")
		mustContain(t, r.Text, "Your question #1 (“Which HIPAA rule sets")
		mustContain(t, r.Text, "was approved")
		if r, _ := d.do(alice, "/study help"); strings.Contains(r.Text, "Your question") {
			t.Errorf("told twice: %q", r.Text)
		}

		// A second approval is the pack's next version, the first question kept.
		r, _ = d.do(bob, "/study question add")
		second := map[string]string{}
		for k, v := range aGoodQuestion {
			second[k] = v
		}
		second[quiz.FieldStem], second[quiz.FieldDomain] = "Which rule covers uses and disclosures of all PHI?", "security"
		second[quiz.FieldKey] = "B"
		second[quiz.FieldExplanation] = "The Privacy Rule covers uses and disclosures of all PHI.\nWhy not A: it sets the safeguards for ePHI.\nWhy not C: it covers investigations and penalties."
		if _, err := d.submit(bob, r.Form, second); err != nil {
			t.Fatal(err)
		}
		if _, err := d.do(mod, "/study question approve 2"); err != nil {
			t.Fatal(err)
		}
		p := ownPack(t, d)
		if p.Version != 2 || len(p.Questions) != 2 || len(p.Domains) != 2 {
			t.Fatalf("version 2: %+v", p)
		}
	})
}

// ownPack reads the group's own pack from the store.
func ownPack(t *testing.T, d *drafting) *quiz.Pack {
	t.Helper()
	name := bot.OwnPackName(d.ch.Group())
	_, src, ok, err := d.store.PackSource(context.Background(), name)
	if err != nil || !ok {
		t.Fatalf("pack %s: %v %v", name, ok, err)
	}
	p, err := quiz.Parse(name, src)
	if err != nil {
		t.Fatalf("the group's pack does not parse: %v", err)
	}
	return p
}

func TestADraftWithProblemsKeepsWhatWasTypedThroughARestart(t *testing.T) {
	onEachDraftStore(t, func(t *testing.T, d *drafting) {
		r, _ := d.do(alice, "/study question add")
		typed := map[string]string{}
		for k, v := range aGoodQuestion {
			typed[k] = v
		}
		typed[quiz.FieldOptions] = "one\ntwo\nthree\nfour\nfive"
		typed[quiz.FieldKey] = "F"
		r, err := d.submit(alice, r.Form, typed)
		if bot.ErrorCode(err) != "" {
			t.Fatal(err)
		}
		mustContain(t, r.Text, "Draft #1 is saved, but it cannot go to the moderators yet")
		mustContain(t, r.Text, "The options needs 2 to 4 choices, has 5")
		if !strings.Contains(r.FieldErrors[quiz.FieldOptions], "needs 2 to 4 choices") || r.FieldErrors[quiz.FieldKey] == "" || r.FieldErrors[quiz.FieldStem] != "" {
			t.Errorf("field errors: %+v", r.FieldErrors)
		}
		d.restart()
		r, err = d.press(alice, r, "Edit")
		if err != nil || r.Form == nil {
			t.Fatalf("edit: %+v %v", r, err)
		}
		if got := formValues(r.Form); got[quiz.FieldOptions] != typed[quiz.FieldOptions] || got[quiz.FieldKey] != "F" || got[quiz.FieldStem] != typed[quiz.FieldStem] {
			t.Errorf("the form came back with %q, want what was typed %q", got, typed)
		}
		typed[quiz.FieldOptions], typed[quiz.FieldKey] = aGoodQuestion[quiz.FieldOptions], "A"
		r, _ = d.submit(alice, r.Form, typed)
		mustContain(t, r.Text, "draft #1 is with the moderators")
	})
}

func TestACueWarningNamesTheRuleAndMayBeSavedPast(t *testing.T) {
	onEachDraftStore(t, func(t *testing.T, d *drafting) {
		r, _ := d.do(alice, "/study question add")
		typed := map[string]string{}
		for k, v := range aGoodQuestion {
			typed[k] = v
		}
		typed[quiz.FieldOptions] = "The Security Rule, which sets administrative, physical and technical safeguards\nPrivacy Rule\nEnforcement Rule"
		r, _ = d.submit(alice, r.Form, typed)
		mustContain(t, r.Text, "the key is much the longest (rule 5): give the options similar length and detail")
		if r, _ := d.do(mod, "/study question drafts"); r.Table == nil || r.Table.Rows[0][2] != "writing" {
			t.Fatalf("a warned draft: %+v", r)
		}
		if _, err := d.do(mod, "/study question approve 1"); err != nil {
			t.Fatalf("a moderator may approve a draft that only warns: %v", err)
		}
		r, _ = d.do(bob, "/study question add")
		r, _ = d.submit(bob, r.Form, typed)
		r, _ = d.press(bob, r, "Save anyway")
		mustContain(t, r.Text, "draft #2 is with the moderators")
	})
}

func TestOnlyModeratorsDecideDraftsAndOnlyTheAuthorEditsTheirs(t *testing.T) {
	onEachDraftStore(t, func(t *testing.T, d *drafting) {
		r, _ := d.do(alice, "/study question add")
		d.submit(alice, r.Form, aGoodQuestion)
		for _, line := range []string{"/study question approve 1", "/study question reject 1 no", "/study question drafts", "/study question edit 1"} {
			r, err := d.do(bob, line)
			if bot.ErrorCode(err) != bot.EFORBIDDEN {
				t.Errorf("%s by a member: %v %q", line, err, r.Text)
			}
		}
		edit := bot.Command{Channel: d.ch, User: bob, Name: bot.ActionQuestionSave, Args: []string{"1"}, Click: true, Fields: map[string]string{quiz.FieldKey: "B"}}
		if _, err := d.bot.HandleErr(context.Background(), edit); bot.ErrorCode(err) != bot.EFORBIDDEN {
			t.Errorf("another member's edit: %v", err)
		}
		dr, _, _ := d.store.Draft(context.Background(), d.ch.Group(), 1)
		if dr.Status != bot.DraftPending || dr.Fields.Key != "A" {
			t.Errorf("the draft changed: %+v", dr)
		}
		r, _ = d.do(mod, "/study question reject 1 Too close to an existing question.")
		mustContain(t, r.Text, "Rejected draft #1 by Alice")
		r, _ = d.do(alice, "/study help")
		mustContain(t, r.Text, "was not approved. The moderator's reason: Too close to an existing question.")
	})
}

func TestQuestionWhoModsRefusesMembersTheForm(t *testing.T) {
	onEachDraftStore(t, func(t *testing.T, d *drafting) {
		if _, err := d.do(bob, "/study question who mods"); bot.ErrorCode(err) != bot.EFORBIDDEN {
			t.Errorf("a member set who writes: %v", err)
		}
		r, _ := d.do(mod, "/study question who mods")
		mustContain(t, r.Text, "Only moderators may write questions here")
		r, err := d.do(bob, "/study question add")
		if bot.ErrorCode(err) != bot.EFORBIDDEN || r.Form != nil {
			t.Errorf("a member opened the form: %+v %v", r, err)
		}
		if r, _ := d.do(mod, "/study question add"); r.Form == nil {
			t.Errorf("a moderator got no form: %+v", r)
		}
	})
}

func TestTheRevealCreditsTheQuestionsAuthor(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	for i := range e.pack.Questions {
		e.pack.Questions[i].Author = "Alice"
	}
	e.do(mod, "/study post")
	e.clock.Add(time.Hour)
	e.do(mod, "/study post")
	reveals := e.chat.reveals()
	if len(reveals) != 1 {
		t.Fatalf("%d reveals", len(reveals))
	}
	mustContain(t, reveals[0].reply.Reveal.PlainText(), "Written by @Alice")
}
