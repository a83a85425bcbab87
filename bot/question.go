package bot

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// Questions a group writes in chat: /study question add opens a form; what is sent is kept as a draft at
// once, whatever is wrong with it, and checked as `studybot pack validate` checks a pack file, plus the cue
// check of item-writing.md, which warns and may be saved past. A draft without problems or warnings goes to
// the moderators, who approve it into the group's own pack or reject it; its author hears of the decision
// at their next command (authorNotices).

// Form actions of a draft: open its form, send it, and save it past a cue warning.
const (
	ActionQuestionForm   = "question-form"   // open the form of a draft ("new" for a new one)
	ActionQuestionSave   = "question-save"   // the form sent
	ActionQuestionSubmit = "question-submit" // "Save anyway" after a cue warning
)

// newDraft is the draft argument of a form for a question not yet saved.
const newDraft = "new"

// cmdQuestionAdd opens the form of a new question.
func (b *Bot) cmdQuestionAdd(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	if err := b.mayWrite(ctx, cmd); err != nil {
		return Reply{}, err
	}
	base, err := b.basePack(ctx, cmd)
	if err != nil {
		return Reply{}, err
	}
	return formReply(base, Draft{}, "Write your question; it is saved as a draft for the moderators to approve."), nil
}

// cmdQuestionForm is the Edit button of a draft: its form again, filled in with what was typed.
func (b *Bot) cmdQuestionForm(ctx context.Context, cmd Command, in Input) (Reply, error) {
	if in.Get("id") == newDraft {
		return b.cmdQuestionAdd(ctx, cmd, in)
	}
	d, err := b.draftToChange(ctx, cmd, in.Get("id"))
	if err != nil {
		return Reply{}, err
	}
	base, err := b.basePack(ctx, cmd)
	if err != nil {
		return Reply{}, err
	}
	return formReply(base, d, fmt.Sprintf("Draft #%d: change what you need and send it again.", d.ID)), nil
}

// cmdQuestionEdit is a moderator's /study question edit ID.
func (b *Bot) cmdQuestionEdit(ctx context.Context, cmd Command, in Input) (Reply, error) {
	return b.cmdQuestionForm(ctx, cmd, in)
}

// cmdQuestionSave is a draft's form sent: the draft is stored first, whatever is wrong with it, then
// checked. It goes to the moderators only when nothing is wrong and no cue warns.
func (b *Bot) cmdQuestionSave(ctx context.Context, cmd Command, in Input) (Reply, error) {
	var d Draft
	var err error
	if in.Get("id") == newDraft {
		if err := b.mayWrite(ctx, cmd); err != nil {
			return Reply{}, err
		}
		d = Draft{AuthorID: cmd.User.ID, AuthorName: cmd.User.Name, CreatedAt: b.clock.Now(), Token: in.Get("token")}
	} else if d, err = b.draftToChange(ctx, cmd, in.Get("id")); err != nil {
		return Reply{}, err
	}
	for name, v := range cmd.Fields {
		v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
		switch name {
		case quiz.FieldStem:
			d.Fields.Stem = v
		case quiz.FieldOptions:
			d.Fields.Options = v
		case quiz.FieldKey:
			d.Fields.Key = v
		case quiz.FieldExplanation:
			d.Fields.Explanation = v
		case quiz.FieldDomain:
			d.Fields.Domain = v
		}
	}
	base, err := b.basePack(ctx, cmd)
	if err != nil {
		return Reply{}, err
	}
	q, problems := draftQuestion(base, d)
	var cues []quiz.Cue
	if len(problems) == 0 {
		cues = quiz.Cues(q)
	}
	d.Status = DraftPending
	if len(problems) > 0 || len(cues) > 0 {
		d.Status = DraftWriting
	}
	d.UpdatedAt = b.clock.Now()
	if d, err = b.drafts.SaveDraft(ctx, cmd.Channel.Group(), d); err != nil {
		return Reply{}, fmt.Errorf("save draft: %w", err)
	}
	edit := Button{Label: "Edit", Style: StylePrimary, Action: Action{Name: ActionQuestionForm, Args: []string{strconv.FormatInt(d.ID, 10)}}}
	switch {
	case len(problems) > 0:
		errs := map[string]string{}
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = "• " + p.Message
			errs[p.Field] = joinSentences(errs[p.Field], p.Message)
		}
		return Reply{Private: true, FieldErrors: errs, Buttons: []Button{edit},
			Text: fmt.Sprintf("Draft #%d is saved, but it cannot go to the moderators yet:\n%s\nPress Edit to fix it: what you typed is kept.",
				d.ID, strings.Join(lines, "\n"))}, nil
	case len(cues) > 0:
		lines := make([]string, len(cues))
		for i, c := range cues {
			lines[i] = fmt.Sprintf("• %s: %s.", c.Rule, c.Advice)
		}
		anyway := Button{Label: "Save anyway", Action: Action{Name: ActionQuestionSubmit, Args: []string{strconv.FormatInt(d.ID, 10)}}}
		return Reply{Private: true, Buttons: []Button{edit, anyway},
			Text: fmt.Sprintf("Draft #%d is saved. Before it goes to the moderators: a reader who knows tests but not the subject could find the key from a cue (see the item-writing guide):\n%s\nEdit it, or save it as it is.",
				d.ID, strings.Join(lines, "\n"))}, nil
	}
	return Reply{Private: true, Text: b.sentText(d)}, nil
}

// cmdQuestionSubmit is "Save anyway": a draft without problems goes to the moderators despite a cue.
func (b *Bot) cmdQuestionSubmit(ctx context.Context, cmd Command, in Input) (Reply, error) {
	d, err := b.draftToChange(ctx, cmd, in.Get("id"))
	if err != nil {
		return Reply{}, err
	}
	base, err := b.basePack(ctx, cmd)
	if err != nil {
		return Reply{}, err
	}
	if _, problems := draftQuestion(base, d); len(problems) > 0 {
		return Reply{}, Errorf(EINVALID, "Draft #%d still has problems: %s Edit it first.", d.ID, problemText(problems))
	}
	if d.Status == DraftPending {
		return Reply{Private: true, Text: fmt.Sprintf("Draft #%d is already with the moderators.", d.ID)}, nil
	}
	d.Status, d.UpdatedAt = DraftPending, b.clock.Now()
	if d, err = b.drafts.SaveDraft(ctx, cmd.Channel.Group(), d); err != nil {
		return Reply{}, fmt.Errorf("save draft: %w", err)
	}
	return Reply{Private: true, Text: b.sentText(d)}, nil
}

func (b *Bot) sentText(d Draft) string {
	return fmt.Sprintf("Thank you: draft #%d is with the moderators. You will hear here when one approves or rejects it.", d.ID)
}

// cmdQuestionWho sets or tells who may write questions.
func (b *Bot) cmdQuestionWho(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	who := in.Get("who")
	if who == "" {
		cur, err := b.drafts.QuestionWriters(ctx, g)
		if err != nil {
			return Reply{}, fmt.Errorf("question writers: %w", err)
		}
		return Reply{Private: true, Text: writersText(cur) + " Change it with /study question who anyone|mods."}, nil
	}
	if err := b.drafts.SetQuestionWriters(ctx, g, who); err != nil {
		return Reply{}, fmt.Errorf("set question writers: %w", err)
	}
	return Reply{Private: true, Text: writersText(who)}, nil
}

func writersText(who string) string {
	if who == WritersMods {
		return "Only moderators may write questions here (/study question add)."
	}
	return "Anyone here may write questions (/study question add); moderators approve them."
}

// cmdQuestionDrafts lists the drafts waiting for a decision.
func (b *Bot) cmdQuestionDrafts(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	ds, err := b.drafts.OpenDrafts(ctx, cmd.Channel.Group())
	if err != nil {
		return Reply{}, fmt.Errorf("open drafts: %w", err)
	}
	if len(ds) == 0 {
		return Reply{Private: true, Text: "No drafts wait for a decision. Members write questions with /study question add."}, nil
	}
	t := &Table{Title: "Drafts", Columns: []string{"#", "by", "status", "question"},
		Footer: "/study question show ID, then approve ID or reject ID [reason]. Waiting: sent to the moderators; writing: its author is still at it."}
	for _, d := range ds {
		status := "waiting"
		if d.Status == DraftWriting {
			status = "writing"
		}
		t.Rows = append(t.Rows, []string{"#" + strconv.FormatInt(d.ID, 10), d.AuthorName, status, Truncate(oneLine(d.Fields.Stem), 60)})
	}
	return Reply{Private: true, Table: t}, nil
}

// cmdQuestionShow shows a draft to a moderator with what the checks say of it.
func (b *Bot) cmdQuestionShow(ctx context.Context, cmd Command, in Input) (Reply, error) {
	d, err := b.draft(ctx, cmd, in.Get("id"))
	if err != nil {
		return Reply{}, err
	}
	var s strings.Builder
	fmt.Fprintf(&s, "Draft #%d by %s (%s)\n", d.ID, d.AuthorName, d.Status)
	base, err := b.basePack(ctx, cmd)
	if err != nil {
		return Reply{}, err
	}
	q, problems := draftQuestion(base, d)
	fmt.Fprintf(&s, "Domain: %s\n%s\n", d.Fields.Domain, d.Fields.Stem)
	for i, c := range q.Choices {
		mark := ""
		if i == q.Answer && len(problems) == 0 {
			mark = " ✓"
		}
		fmt.Fprintf(&s, "  %s) %s%s\n", letter(i), c, mark)
	}
	fmt.Fprintf(&s, "Key: %s\nExplanation: %s", d.Fields.Key, d.Fields.Explanation)
	if len(problems) > 0 {
		fmt.Fprintf(&s, "\nProblems: %s", problemText(problems))
	} else {
		for _, c := range quiz.Cues(q) {
			fmt.Fprintf(&s, "\nCue warning: %s.", c.Rule)
		}
	}
	if d.Reason != "" {
		fmt.Fprintf(&s, "\nReason: %s", d.Reason)
	}
	r := Reply{Private: true, Text: s.String()}
	if d.Undecided() {
		id := strconv.FormatInt(d.ID, 10)
		r.Buttons = []Button{
			{Label: "Approve", Style: StylePrimary, Action: Action{Name: "question approve", Args: []string{id}}},
			{Label: "Edit", Action: Action{Name: ActionQuestionForm, Args: []string{id}}},
			{Label: "Reject", Style: StyleDanger, Action: Action{Name: "question reject", Args: []string{id}}},
		}
	}
	return r, nil
}

// cmdQuestionApprove adds a draft to the group's own pack, as a new version of it, with its author.
func (b *Bot) cmdQuestionApprove(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	d, err := b.draft(ctx, cmd, in.Get("id"))
	if err != nil {
		return Reply{}, err
	}
	if !d.Undecided() {
		return Reply{}, Errorf(ECONFLICT, "Draft #%d was %s already.", d.ID, d.Status)
	}
	d.QuestionID = ownQuestionID(d.ID)
	base, err := b.basePack(ctx, cmd)
	if err != nil {
		return Reply{}, err
	}
	q, problems := draftQuestion(base, d)
	if len(problems) > 0 {
		return Reply{}, Errorf(EINVALID, "Draft #%d has problems: %s Fix them first: /study question edit %d.", d.ID, problemText(problems), d.ID)
	}
	d.Status, d.DecidedBy, d.DecidedAt = DraftApproved, cmd.User.ID, b.clock.Now()
	ok, err := b.drafts.DecideDraft(ctx, g, d)
	if err != nil {
		return Reply{}, fmt.Errorf("approve draft %d: %w", d.ID, err)
	}
	if !ok {
		return Reply{}, Errorf(ECONFLICT, "Draft #%d was approved or rejected a moment ago.", d.ID)
	}
	p, err := b.addToOwnPack(ctx, g, base, q)
	if err != nil {
		// The draft waits again, so that approving it once more can add it.
		if uerr := b.drafts.UndoDecision(ctx, g, d.ID); uerr != nil {
			err = errors.Join(err, fmt.Errorf("undo approval: %w", uerr))
		}
		return Reply{}, fmt.Errorf("add draft %d to %s: %w", d.ID, OwnPackName(g), err)
	}
	return Reply{Private: true, Text: fmt.Sprintf("Approved draft #%d by %s: it is question %s of the group's own pack %s (version %d, %s), credited to its author. %s will hear of it at their next command. Channels that use the pack post it (/study pack use %s).",
		d.ID, d.AuthorName, q.ID, p.ID, p.Version, count(len(p.Questions), "question", "questions"), d.AuthorName, p.ID)}, nil
}

// cmdQuestionReject rejects a draft, with the moderator's reason for its author.
func (b *Bot) cmdQuestionReject(ctx context.Context, cmd Command, in Input) (Reply, error) {
	d, err := b.draft(ctx, cmd, in.Get("id"))
	if err != nil {
		return Reply{}, err
	}
	if !d.Undecided() {
		return Reply{}, Errorf(ECONFLICT, "Draft #%d was %s already.", d.ID, d.Status)
	}
	d.Status, d.Reason, d.DecidedBy, d.DecidedAt = DraftRejected, strings.TrimSpace(in.Get("reason")), cmd.User.ID, b.clock.Now()
	if r := []rune(d.Reason); len(r) > 500 {
		d.Reason = string(r[:500])
	}
	ok, err := b.drafts.DecideDraft(ctx, cmd.Channel.Group(), d)
	if err != nil {
		return Reply{}, fmt.Errorf("reject draft %d: %w", d.ID, err)
	}
	if !ok {
		return Reply{}, Errorf(ECONFLICT, "Draft #%d was approved or rejected a moment ago.", d.ID)
	}
	return Reply{Private: true, Text: fmt.Sprintf("Rejected draft #%d by %s. They will hear of it, with your reason if you gave one, at their next command.", d.ID, d.AuthorName)}, nil
}

// addToOwnPack stores the next version of the group's own pack with q in it. Two approvals at once may
// both read the same version; the store takes only one of them, and the other reads again.
func (b *Bot) addToOwnPack(ctx context.Context, g GroupRef, base *quiz.Pack, q quiz.Question) (*quiz.Pack, error) {
	name := OwnPackName(g)
	var last error
	for range 3 {
		var prev *quiz.Pack
		_, src, ok, err := b.ownPacks.PackSource(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("load pack %s: %w", name, err)
		}
		if ok {
			if prev, err = quiz.Parse(name, src); err != nil {
				return nil, fmt.Errorf("read pack %s: %w", name, err)
			}
		}
		next, source, err := quiz.OwnPack(base, prev, name, ownPackTitle(g), q)
		if err != nil {
			return nil, err
		}
		if last = b.ownPacks.ImportGroupPack(ctx, g, next, []byte(source), b.clock.Now()); last == nil {
			return next, nil
		}
	}
	return nil, last
}

// OwnPackName names a group's own pack: "own-" and a short id that stays the same for the group.
func OwnPackName(g GroupRef) string {
	sum := sha256.Sum256([]byte(g.Platform + "/" + g.GroupID))
	return "own-" + hex.EncodeToString(sum[:5])
}

// ownPackTitle is the title of a group's own pack, as /study pack list shows it (only to that group).
func ownPackTitle(GroupRef) string { return "Our own questions" }

// ownQuestionID is a draft's question id in the group's own pack.
func ownQuestionID(draft int64) string { return "draft-" + strconv.FormatInt(draft, 10) }

// draftQuestion reads a draft as the question it would be in the group's own pack, written for the pack
// base (its domains).
func draftQuestion(base *quiz.Pack, d Draft) (quiz.Question, []quiz.DraftProblem) {
	return d.Fields.Question(base, ownQuestionID(d.ID), cmp.Or(d.AuthorName, d.AuthorID))
}

// basePack is the pack a question written in the channel is written for: the channel's, or the default
// pack where the channel draws from the group's own pack (which holds only the domains used so far).
func (b *Bot) basePack(ctx context.Context, cmd Command) (*quiz.Pack, error) {
	p, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return nil, err
	}
	if p.ID == OwnPackName(cmd.Channel.Group()) {
		return b.defaultPack, nil
	}
	return p, nil
}

// mayWrite refuses a new question to a member the group does not let write them.
func (b *Bot) mayWrite(ctx context.Context, cmd Command) error {
	g := cmd.Channel.Group()
	who, err := b.drafts.QuestionWriters(ctx, g)
	if err != nil {
		return fmt.Errorf("question writers: %w", err)
	}
	if who != WritersMods {
		return nil
	}
	mod, err := b.IsModerator(ctx, g, cmd.User)
	if err != nil {
		return err
	}
	if !mod {
		return Errorf(EFORBIDDEN, "In this group only moderators write questions (a moderator set /study question who mods).")
	}
	return nil
}

// draft finds the group's draft an argument names ("3" or "#3").
func (b *Bot) draft(ctx context.Context, cmd Command, arg string) (Draft, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(arg), "#"), 10, 64)
	if err != nil || id <= 0 {
		return Draft{}, Errorf(EINVALID, "%q is not a draft number; /study question drafts lists them.", arg)
	}
	d, ok, err := b.drafts.Draft(ctx, cmd.Channel.Group(), id)
	if err != nil {
		return Draft{}, fmt.Errorf("draft %d: %w", id, err)
	}
	if !ok {
		return Draft{}, Errorf(ENOTFOUND, "There is no draft #%d here; /study question drafts lists them.", id)
	}
	return d, nil
}

// draftToChange finds a draft the caller may change: their own, or any as a moderator, while undecided.
func (b *Bot) draftToChange(ctx context.Context, cmd Command, arg string) (Draft, error) {
	d, err := b.draft(ctx, cmd, arg)
	if err != nil {
		return Draft{}, err
	}
	if d.AuthorID != cmd.User.ID {
		mod, err := b.IsModerator(ctx, cmd.Channel.Group(), cmd.User)
		if err != nil {
			return Draft{}, err
		}
		if !mod {
			return Draft{}, Errorf(EFORBIDDEN, "Draft #%d is %s's: only they and the moderators may change it.", d.ID, d.AuthorName)
		}
	}
	if !d.Undecided() {
		return Draft{}, Errorf(ECONFLICT, "Draft #%d was %s; it cannot change any more. Write a new one with /study question add.", d.ID, d.Status)
	}
	return d, nil
}

// formReply is the form of a draft, filled in with what was typed, and the text that stands in for it
// where the platform cannot show a form now.
func formReply(base *quiz.Pack, d Draft, intro string) Reply {
	id := newDraft
	title := "Write a question"
	submit := Action{Name: ActionQuestionSave, Args: []string{id, newID()}} // the token of a new draft's form
	if d.ID != 0 {
		id, title = strconv.FormatInt(d.ID, 10), fmt.Sprintf("Edit draft #%d", d.ID)
		submit.Args = []string{id}
	}
	open := Action{Name: ActionQuestionForm, Args: []string{id}}
	f := &Form{Title: title, Submit: submit, Fields: []FormField{
		{Name: quiz.FieldStem, Label: "Question", Value: d.Fields.Stem, Long: true, Required: true, Max: 1000,
			Placeholder: "Ask about a case: every option should be something a competent person might do."},
		{Name: quiz.FieldOptions, Label: "Options, one a line (2 to 4)", Value: d.Fields.Options, Long: true, Required: true, Max: 1000,
			Placeholder: "Of similar length and detail, none absurd."},
		{Name: quiz.FieldKey, Label: "Key: the letter of the right option", Value: d.Fields.Key, Required: true, Max: 3, Placeholder: "A"},
		{Name: quiz.FieldExplanation, Label: "Explanation; Why not B: …; Source: …", Value: d.Fields.Explanation, Long: true, Required: true, Max: 1500,
			Placeholder: "Why the key is right. Optional lines: \"Why not B: …\" for a wrong option, \"Source: …\"."},
		{Name: quiz.FieldDomain, Label: "Domain", Value: d.Fields.Domain, Required: true, Max: 100,
			Placeholder: Truncate(strings.Join(base.DomainIDs(), ", "), 100)},
	}}
	return Reply{Private: true, Form: f, Text: intro, Buttons: []Button{{Label: "Open the form", Style: StylePrimary, Action: open}}}
}

// authorNotices is what a member is told of their drafts' decisions, once, at their next command.
func (b *Bot) authorNotices(ctx context.Context, cmd Command) string {
	g := cmd.Channel.Group()
	news, err := b.drafts.DraftNews(ctx, g, cmd.User.ID)
	if err != nil || !news {
		if err != nil {
			b.log.WarnContext(ctx, "draft news", "group", g.GroupID, "err", err)
		}
		return ""
	}
	ds, err := b.drafts.TakeDraftNews(ctx, g, cmd.User.ID, b.clock.Now())
	if err != nil {
		b.log.WarnContext(ctx, "take draft news", "group", g.GroupID, "err", err)
		return ""
	}
	var lines []string
	for _, d := range ds {
		stem := Truncate(oneLine(d.Fields.Stem), 60)
		switch d.Status {
		case DraftApproved:
			lines = append(lines, fmt.Sprintf("Your question #%d (“%s”) was approved: it joins the group's questions, with you credited as its author.", d.ID, stem))
		case DraftRejected:
			line := fmt.Sprintf("Your question #%d (“%s”) was not approved.", d.ID, stem)
			if d.Reason != "" {
				line += " The moderator's reason: " + d.Reason
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func problemText(ps []quiz.DraftProblem) string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Message + "."
	}
	return strings.Join(msgs, " ")
}

func joinSentences(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
