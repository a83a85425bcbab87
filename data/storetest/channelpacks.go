package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/library"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// libraryStore is a store that keeps imported packs with their versions, as the core's library reads them.
type libraryStore interface {
	packStore
	library.Stored
}

// tinyPack is the source of a small pack with its own exam (5 questions in 10 minutes on a 200-800 scale)
// whose every key is the choice answer, each question's text naming the version.
func tinyPack(version, answer int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pack: tiny\ntitle: Tiny course\nversion: %d\n", version)
	b.WriteString("exam:\n  name: Tiny Cert\n  code: T-1\n  status: current\n  questions: 5\n  minutes: 10\n  scale: {min: 200, max: 800, pass: 500}\n")
	b.WriteString("domains:\n  - {id: a, name: Alpha, weight: 60}\n  - {id: b, name: Beta, weight: 40}\nquestions:\n")
	for _, d := range []string{"a", "b"} {
		for i := range 3 {
			id := d + string(rune('1'+i))
			fmt.Fprintf(&b, "  - id: %s\n    domain: %s\n    objective: \"1\"\n    difficulty: 2\n    question: Question %s of version %d?\n", id, d, id, version)
			fmt.Fprintf(&b, "    choices: [first %s, second %s]\n    answer: %d\n    explanation: Because.\n    source: the test\n", id, id, answer)
		}
	}
	return b.String()
}

func importTiny(t *testing.T, s libraryStore, version, answer int, at time.Time) {
	t.Helper()
	src := []byte(tinyPack(version, answer))
	p, err := quiz.Parse("tiny.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportPack(ctx, p, src, at); err != nil {
		t.Fatal(err)
	}
}

// testPacksPerChannel: the core on this store, with the library over its imported packs. A channel switched
// to an imported pack posts from it and keeps (pack, version) on the post; a newer version imported while
// that question is open changes neither its grading nor its reveal. A mock exam started on one version
// finishes on it, with that pack's exam, though the channel is switched back to the default pack and a
// third version is imported meanwhile. Readiness is per pack: each channel's report names its own exam.
func testPacksPerChannel(t *testing.T, open func() bot.Store) {
	st := open()
	ls, ok := st.(libraryStore)
	if !ok {
		t.Skip("the store keeps no pack versions")
	}
	def, err := packs.Default()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := bot.NewManualClock(start)
	b, err := bot.New(bot.Config{Store: st, Pack: def, Library: library.New(ls), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	tinyCh := bot.ChannelRef{Platform: "discord", GroupID: "g-packs", ChannelID: "tiny"}
	defCh := bot.ChannelRef{Platform: "discord", GroupID: "g-packs", ChannelID: "main"}
	mod := bot.User{ID: "mod", Name: "Mo", Admin: true}
	ann := bot.User{ID: "ann", Name: "Ann"}
	run := func(ch bot.ChannelRef, u bot.User, line string) bot.Reply {
		t.Helper()
		name, args := bot.ParseLine(line)
		r, err := b.HandleErr(context.Background(), bot.Command{Channel: ch, User: u, Name: name, Args: args})
		if err != nil {
			t.Fatalf("%s: %v (%s)", line, err, r.Text)
		}
		return r
	}
	click := func(ch bot.ChannelRef, u bot.User, action string, args ...string) bot.Reply {
		t.Helper()
		r, err := b.HandleErr(context.Background(), bot.Command{Channel: ch, User: u, Name: action, Args: args, Click: true})
		if err != nil {
			t.Fatalf("%s %v: %v (%s)", action, args, err, r.Text)
		}
		return r
	}

	importTiny(t, ls, 1, 0, start)
	if r := run(tinyCh, ann, "pack list"); r.Table == nil || !strings.Contains(fmt.Sprint(r.Table.Rows), "tiny") {
		t.Fatalf("pack list does not show the imported pack: %+v", r.Table)
	}
	run(tinyCh, mod, "pack use tiny")
	run(tinyCh, mod, "post")
	p, err := st.OpenPost(ctx, tinyCh)
	if err != nil {
		t.Fatal(err)
	}
	if p.Pack != "tiny" || p.PackVersion != 1 {
		t.Fatalf("posted from %s version %d, want tiny version 1", p.Pack, p.PackVersion)
	}

	// Version 2 moves every key to B while the question is open.
	importTiny(t, ls, 2, 1, start.Add(time.Minute))
	if r := click(tinyCh, ann, bot.ActionAnswer, fmt.Sprint(p.ID), "A"); !strings.HasPrefix(r.Text, "Correct!") {
		t.Errorf("the open question's key A (version 1) graded: %q", r.Text)
	}
	rv, err := b.RevealOf(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Correct != 0 || !strings.Contains(rv.Question, "of version 1") {
		t.Errorf("reveal from %q with key %d, want version 1's question and key A", rv.Question, rv.Correct)
	}

	// A mock exam drawn from version 2, finished after the channel went back to the default pack and
	// version 3 (keys back to A) was imported.
	r := run(tinyCh, ann, "exam start")
	if r.Card == nil || !strings.Contains(r.Card.Text, "of version 2") || !strings.Contains(r.Card.Progress, "of 5") {
		t.Fatalf("exam's first card: %+v", r.Card)
	}
	examID := r.Buttons[0].Action.Args[0]
	run(tinyCh, mod, "pack use default")
	importTiny(t, ls, 3, 0, start.Add(2*time.Minute))
	for pos := range 5 {
		r = click(tinyCh, ann, bot.ActionExamAnswer, examID, fmt.Sprint(pos), "B")
	}
	if !strings.Contains(r.Text, "5 of 5 right") || !strings.Contains(r.Text, "Tiny Cert (T-1)") {
		t.Errorf("exam report after the switch and the import: %q", r.Text)
	}

	// Each channel's readiness names its own pack's exam.
	run(tinyCh, mod, "pack use tiny")
	if r := run(tinyCh, ann, "readiness"); !strings.Contains(r.Text, "Tiny Cert (T-1)") {
		t.Errorf("readiness in the tiny channel: %q", r.Text)
	}
	if r := run(defCh, ann, "readiness"); !strings.Contains(r.Text, def.Exam.Title()) || strings.Contains(r.Text, "Tiny") {
		t.Errorf("readiness in the default channel: %q", r.Text)
	}

	// The group's own views read every pack its channels use: the web page's boards per domain.
	run(defCh, mod, "post")
	if names, err := st.GroupPacks(ctx, tinyCh.Group()); err != nil || fmt.Sprint(names) != "[ tiny]" {
		t.Errorf("group packs %q, %v; want the default (\"\") and tiny", names, err)
	}
	page, err := b.WebPage(ctx, tinyCh.Group())
	if err != nil {
		t.Fatal(err)
	}
	var domains []string
	for _, pb := range page.Boards {
		domains = append(domains, pb.Domain)
	}
	if all := strings.Join(domains, ","); !strings.Contains(all, "Alpha") || !strings.Contains(all, def.Domains[0].Name) {
		t.Errorf("web page boards by domain %q, want tiny's and the default pack's domains", all)
	}
}

// groupPackStore is a store that keeps which group holds a pack.
type groupPackStore interface {
	libraryStore
	ImportGroupPack(ctx context.Context, g bot.GroupRef, p *quiz.Pack, source []byte, now time.Time) error
}

// testPacksBelongToTheirGroup: a pack a group's moderators import is the group's: another group may not
// publish its next version, and does not see it in /study pack list nor use it; the operator's packs are
// everyone's, and the operator may still publish over any.
func testPacksBelongToTheirGroup(t *testing.T, open func() bot.Store) {
	st := open()
	gs, ok := st.(groupPackStore)
	if !ok {
		t.Skip("the store keeps no pack owners")
	}
	def, err := packs.Default()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b, err := bot.New(bot.Config{Store: st, Pack: def, Library: library.New(gs), Clock: bot.NewManualClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	chA := bot.ChannelRef{Platform: "slack", GroupID: "T-A", ChannelID: "C1"}
	chB := bot.ChannelRef{Platform: "slack", GroupID: "T-B", ChannelID: "C1"}
	mod := bot.User{ID: "U-mod", Name: "Mo", Admin: true}
	parse := func(version, answer int) (*quiz.Pack, []byte) {
		src := []byte(tinyPack(version, answer))
		p, err := quiz.Parse("tiny.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		return p, src
	}
	p1, src1 := parse(1, 0)
	if err := gs.ImportGroupPack(ctx, chA.Group(), p1, src1, now); err != nil {
		t.Fatal(err)
	}
	p2, src2 := parse(2, 1)
	if err := gs.ImportGroupPack(ctx, chB.Group(), p2, src2, now); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("another group published group A's pack: %v", err)
	}
	if err := gs.ImportGroupPack(ctx, chA.Group(), p2, src2, now); err != nil {
		t.Fatalf("group A's next version: %v", err)
	}
	if owner, ok, err := gs.PackOwner(ctx, "tiny"); err != nil || !ok || owner != bot.PackOwnerOf(chA.Group()) {
		t.Fatalf("owner %q %v %v, want group A", owner, ok, err)
	}
	run := func(ch bot.ChannelRef, line string) (bot.Reply, error) {
		name, args := bot.ParseLine(line)
		return b.HandleErr(context.Background(), bot.Command{Channel: ch, User: mod, Name: name, Args: args})
	}
	if r, _ := run(chB, "pack list"); strings.Contains(fmt.Sprint(r.Table), "tiny") {
		t.Errorf("group B's pack list shows group A's pack: %+v", r.Table)
	}
	if r, err := run(chB, "pack use tiny"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("group B used group A's pack: %q %v", r.Text, err)
	}
	if r, err := run(chA, "pack use tiny"); err != nil {
		t.Errorf("group A could not use its pack: %q %v", r.Text, err)
	}
	p3, src3 := parse(3, 0)
	if err := gs.ImportPack(ctx, p3, src3, now); err != nil {
		t.Errorf("the operator's import over a group's pack: %v", err)
	}
}
