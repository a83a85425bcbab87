package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Flag is a member's report of a problem with a question.
type Flag struct {
	QuestionID string
	UserID     string
	Reason     string
	At         time.Time
}

// Item states: a question that is not simply in rotation.
const (
	ItemSuspended = "suspended" // taken out by its flags or its statistics until a moderator decides
	ItemKept      = "kept"      // a moderator put it back; only new flags can suspend it again
	ItemRetired   = "retired"   // a moderator took it out of this group for good
)

// ItemState is a question's standing in a group.
type ItemState struct {
	QuestionID string
	State      string
	Reason     string
	Since      time.Time
	By         string // the moderator's user id, for kept and retired
}

// ItemSnapshot is a group's item statistics as last computed.
type ItemSnapshot struct {
	ComputedAt time.Time // zero: never computed
	Answers    int
	Stats      map[string]quiz.ItemStats
	// LastAnswerID and LastPracticeID are the highest row ids counted, so the store can tell whether
	// anything was answered since.
	LastAnswerID, LastPracticeID int64
}

// ItemResponses are a group's graded answers (daily and private) in columns, for quiz.ComputeItemStats:
// Responses.Question indexes QuestionIDs; members are numbered 0..Members-1.
type ItemResponses struct {
	QuestionIDs                  []string
	Members                      int
	Responses                    quiz.Responses
	LastAnswerID, LastPracticeID int64
}

// Item statistics freshness: the background refresh recomputes a group's snapshot at most every
// itemStatsEvery, and a moderator's /study items recomputes one older than itemStatsMaxAge.
const (
	itemStatsEvery  = 5 * time.Minute
	itemStatsMaxAge = time.Minute
	worstItems      = 10
)

// excluded returns the questions out of the group's rotation: suspended or retired.
func (b *Bot) excluded(ctx context.Context, g GroupRef) (map[string]bool, error) {
	states, err := b.items.ItemStates(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("item states: %w", err)
	}
	out := make(map[string]bool, len(states))
	for id, s := range states {
		if s.State == ItemSuspended || s.State == ItemRetired {
			out[id] = true
		}
	}
	return out, nil
}

// checkSuspension suspends one question if its flags call for it (see suspendIfDue).
func (b *Bot) checkSuspension(ctx context.Context, g GroupRef, questionID string) error {
	flags, err := b.flags.Flags(ctx, g)
	if err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	states, err := b.items.ItemStates(ctx, g)
	if err != nil {
		return fmt.Errorf("item states: %w", err)
	}
	snap, err := b.items.ItemSnapshot(ctx, g)
	if err != nil {
		return fmt.Errorf("item snapshot: %w", err)
	}
	_, err = b.suspendIfDue(ctx, g, questionID, snap.Stats[questionID], flags, states)
	return err
}

// suspendIfDue suspends a question in rotation that has quiz.SuspendFlags flags or more, or a negative
// discrimination over quiz.SuspendMinAnswers answers or more (quiz.ShouldSuspend). A question a moderator
// kept counts only the flags made after the decision, and its statistics no longer suspend it: the
// moderator looked at them. A suspension is told to the group's moderators at their next command.
func (b *Bot) suspendIfDue(ctx context.Context, g GroupRef, questionID string, st quiz.ItemStats, flags []Flag, states map[string]ItemState) (bool, error) {
	state, has := states[questionID]
	if has && state.State != ItemKept {
		return false, nil
	}
	n := 0
	for _, f := range flags {
		if f.QuestionID == questionID && (!has || f.At.After(state.Since)) {
			n++
		}
	}
	if has {
		st.HasDiscrimination = false
	}
	if !quiz.ShouldSuspend(st, n) {
		return false, nil
	}
	reason := count(n, "flag", "flags")
	if n < quiz.SuspendFlags {
		reason = fmt.Sprintf("negative discrimination (%.2f) over %s", st.Discrimination, count(st.Answers, "answer", "answers"))
	}
	notice := fmt.Sprintf("Question %s was suspended from this group's rotation: %s. /study items %s shows why; /study items keep %s or /study items retire %s decides.",
		questionID, reason, questionID, questionID, questionID)
	ok, err := b.items.Suspend(ctx, g, ItemState{QuestionID: questionID, State: ItemSuspended, Reason: reason, Since: b.clock.Now()}, notice)
	if err != nil {
		return false, fmt.Errorf("suspend %s: %w", questionID, err)
	}
	if ok {
		b.log.InfoContext(ctx, "question suspended", "platform", g.Platform, "group", g.GroupID, "question", questionID, "reason", reason)
	}
	return ok, nil
}

// RefreshItemStats recomputes the item statistics of every group with new answers whose snapshot is older
// than itemStatsEvery, and suspends what they call for. The server runs it in the background.
func (b *Bot) RefreshItemStats(ctx context.Context) error {
	groups, err := b.items.StaleItemGroups(ctx, b.clock.Now().Add(-itemStatsEvery))
	if err != nil {
		return fmt.Errorf("stale item groups: %w", err)
	}
	for _, g := range groups {
		pk, err := b.groupPack(ctx, g)
		if err != nil {
			return err
		}
		if _, err := b.refreshItems(ctx, g, pk); err != nil {
			return err
		}
	}
	return nil
}

// RunItemStats calls RefreshItemStats every interval until ctx ends.
func (b *Bot) RunItemStats(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := b.RefreshItemStats(ctx); err != nil && ctx.Err() == nil {
			b.log.ErrorContext(ctx, "item statistics", "err", err)
		}
	}
}

// refreshItems recomputes one group's snapshot from all its answers, stores it and runs the suspension
// check over every question. One refresh per group runs at a time in this process.
func (b *Bot) refreshItems(ctx context.Context, g GroupRef, pk *quiz.Pack) (ItemSnapshot, error) {
	l, _ := b.itemLocks.LoadOrStore(g, &sync.Mutex{})
	lock := l.(*sync.Mutex)
	lock.Lock()
	defer lock.Unlock()
	now := b.clock.Now()
	resp, err := b.items.ItemResponses(ctx, g, now)
	if err != nil {
		return ItemSnapshot{}, fmt.Errorf("item responses: %w", err)
	}
	snap := computeItemStats(pk, resp)
	snap.ComputedAt = now
	if err := b.items.SaveItemSnapshot(ctx, g, snap); err != nil {
		return ItemSnapshot{}, fmt.Errorf("save item snapshot: %w", err)
	}
	flags, err := b.flags.Flags(ctx, g)
	if err != nil {
		return ItemSnapshot{}, fmt.Errorf("flags: %w", err)
	}
	states, err := b.items.ItemStates(ctx, g)
	if err != nil {
		return ItemSnapshot{}, fmt.Errorf("item states: %w", err)
	}
	for _, q := range pk.Questions {
		if _, err := b.suspendIfDue(ctx, g, q.ID, snap.Stats[q.ID], flags, states); err != nil {
			return ItemSnapshot{}, err
		}
	}
	return snap, nil
}

// computeItemStats maps the store's columns onto the pack's questions and computes their statistics.
// Answers to questions no longer in the pack are left out. It takes resp over: its question column is
// rewritten in place.
func computeItemStats(pk *quiz.Pack, resp ItemResponses) ItemSnapshot {
	qs := pk.Questions
	inPack := make(map[string]int32, len(qs))
	for j, q := range qs {
		inPack[q.ID] = int32(j)
	}
	index := make([]int32, len(resp.QuestionIDs)) // the store's question index -> pack index, or -1
	for i, id := range resp.QuestionIDs {
		j, ok := inPack[id]
		if !ok {
			j = -1
		}
		index[i] = j
	}
	// The responses were read for this computation alone, so their question indexes are rewritten in place
	// (a million answers would otherwise copy 4 MB).
	mapped := resp.Responses
	for i, q := range mapped.Question {
		if q >= 0 && int(q) < len(index) {
			mapped.Question[i] = index[q]
		} else {
			mapped.Question[i] = -1
		}
	}
	choices := make([]int, len(qs))
	for i, q := range qs {
		choices[i] = len(q.Choices)
	}
	stats := quiz.ComputeItemStats(mapped, len(qs), choices, resp.Members)
	snap := ItemSnapshot{Stats: make(map[string]quiz.ItemStats, len(qs)), LastAnswerID: resp.LastAnswerID, LastPracticeID: resp.LastPracticeID}
	for i, st := range stats {
		snap.Answers += st.Answers
		if st.Answers > 0 {
			snap.Stats[qs[i].ID] = st
		}
	}
	return snap
}

// cmdItems shows moderators the item statistics: an overview, the flagged questions, the worst
// discriminating ones, or one question; or keeps or retires a question.
func (b *Bot) cmdItems(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	pk, err := b.groupPack(ctx, g) // statistics are the group's, over every pack its channels use
	if err != nil {
		return Reply{}, err
	}
	view, id := in.Get("view"), in.Get("id")
	if view == "keep" || view == "retire" {
		return b.decideItem(ctx, cmd, pk, view, id)
	}
	snap, err := b.items.ItemSnapshot(ctx, g)
	if err != nil {
		return Reply{}, fmt.Errorf("item snapshot: %w", err)
	}
	if now := b.clock.Now(); now.Sub(snap.ComputedAt) > itemStatsMaxAge {
		if snap, err = b.refreshItems(ctx, g, pk); err != nil {
			return Reply{}, err
		}
	}
	flags, err := b.flags.Flags(ctx, g)
	if err != nil {
		return Reply{}, fmt.Errorf("flags: %w", err)
	}
	states, err := b.items.ItemStates(ctx, g)
	if err != nil {
		return Reply{}, fmt.Errorf("item states: %w", err)
	}
	byQ := map[string][]Flag{}
	for _, f := range flags {
		byQ[f.QuestionID] = append(byQ[f.QuestionID], f)
	}
	asOf := fmt.Sprintf("Item statistics as of %s, over %s.", dateTime(snap.ComputedAt.In(b.memberZone(ctx, g, cmd.User.ID)), b.clock.Now()),
		count(snap.Answers, "answer", "answers"))
	switch {
	case id != "":
		return itemDetail(pk, id, snap, byQ[id], states, asOf)
	case view == "flagged":
		var ids []string
		for qid := range byQ {
			ids = append(ids, qid)
		}
		slices.SortFunc(ids, func(a, c string) int { return cmp.Or(cmp.Compare(len(byQ[c]), len(byQ[a])), cmp.Compare(a, c)) })
		t := b.itemTable("Flagged questions", ids, snap, byQ, states)
		var reasons []string
		for _, qid := range ids {
			for _, f := range byQ[qid] {
				if f.Reason != "" {
					reasons = append(reasons, fmt.Sprintf("%s: %q", qid, f.Reason))
				}
			}
		}
		text := asOf
		if len(ids) == 0 {
			text += "\nNo question is flagged."
		} else if len(reasons) > 0 {
			text += "\nReasons given:\n" + strings.Join(reasons[:min(len(reasons), 20)], "\n")
		}
		return Reply{Private: true, Text: text, Table: t}, nil
	case view == "worst":
		var ids []string
		for qid, st := range snap.Stats {
			if st.HasDiscrimination {
				ids = append(ids, qid)
			}
		}
		slices.SortFunc(ids, func(a, c string) int {
			return cmp.Or(cmp.Compare(snap.Stats[a].Discrimination, snap.Stats[c].Discrimination), cmp.Compare(a, c))
		})
		ids = ids[:min(len(ids), worstItems)]
		text := asOf + "\nThe lowest discrimination first: a negative one means members who do well elsewhere get this one wrong more often (a wrong key or an ambiguous question), and suspends it over 30 answers."
		return Reply{Private: true, Text: text, Table: b.itemTable("Worst discriminating questions", ids, snap, byQ, states)}, nil
	}
	// The overview: what is out of rotation, and how to look closer.
	var out []string
	for qid, s := range states {
		if s.State != ItemKept {
			out = append(out, qid)
		}
	}
	slices.Sort(out)
	text := asOf
	if len(out) == 0 {
		text += "\nNo question is suspended or retired in this group."
	}
	text += fmt.Sprintf("\n%s flagged. /study items flagged, /study items worst, or /study items ID for one question.", count(len(byQ), "question is", "questions are"))
	var t *Table
	if len(out) > 0 {
		t = b.itemTable("Out of rotation", out, snap, byQ, states)
	}
	return Reply{Private: true, Text: text, Table: t}, nil
}

// itemTable lists questions with their figures.
func (b *Bot) itemTable(title string, ids []string, snap ItemSnapshot, flags map[string][]Flag, states map[string]ItemState) *Table {
	t := &Table{Title: title, Columns: []string{"Question", "Answers", "Right", "Discr.", "Flags", "State"}}
	for _, id := range ids {
		st := snap.Stats[id]
		state := "in rotation"
		if s, ok := states[id]; ok {
			state = s.State
		}
		t.Rows = append(t.Rows, []string{id, strconv.Itoa(st.Answers), pValue(st), discrimination(st), strconv.Itoa(len(flags[id])), state})
	}
	if len(ids) == 0 {
		t.Footer = "None."
	}
	return t
}

func pValue(st quiz.ItemStats) string {
	if st.Answers == 0 {
		return "-"
	}
	return pct(st.PValue)
}

func discrimination(st quiz.ItemStats) string {
	if !st.HasDiscrimination {
		return "-"
	}
	return fmt.Sprintf("%.2f", st.Discrimination)
}

// itemDetail is one question's figures: answers, share right, discrimination, the share per option, its
// flags with their reasons and its state.
func itemDetail(pk *quiz.Pack, id string, snap ItemSnapshot, flags []Flag, states map[string]ItemState, asOf string) (Reply, error) {
	q, ok := pk.Question(id)
	if !ok {
		return Reply{}, Errorf(ENOTFOUND, "There is no question %q in the pack.", id)
	}
	st := snap.Stats[id]
	var lines []string
	lines = append(lines, fmt.Sprintf("%s · %s · objective %s", q.ID, domainName(pk, q.Domain), q.Objective), q.Text, asOf)
	state := "in rotation"
	if s, ok := states[id]; ok {
		state = s.State
		if s.Reason != "" {
			state += " (" + s.Reason + ")"
		}
	}
	lines = append(lines, fmt.Sprintf("Answers: %d · right: %s · discrimination: %s · state: %s", st.Answers, pValue(st), discrimination(st), state))
	if len(flags) == 0 {
		lines = append(lines, "No flags.")
	} else {
		lines = append(lines, count(len(flags), "flag:", "flags:"))
		for _, f := range flags {
			reason := f.Reason
			if reason == "" {
				reason = "(no reason given)"
			}
			lines = append(lines, "  · "+reason)
		}
	}
	t := &Table{Title: "Answers per option", Columns: []string{"Option", "Share", "Key"}}
	for i, c := range q.Choices {
		share := "-"
		if i < len(st.OptionShares) && st.Answers > 0 {
			share = pct(st.OptionShares[i])
		}
		key := ""
		if i == q.Answer {
			key = "✓"
		}
		t.Rows = append(t.Rows, []string{letter(i) + ") " + Truncate(c, 50), share, key})
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n"), Table: t}, nil
}

// decideItem keeps a question (back in rotation) or retires it (out of this group's rotation for good).
func (b *Bot) decideItem(ctx context.Context, cmd Command, pk *quiz.Pack, action, id string) (Reply, error) {
	if id == "" {
		return Reply{}, Errorf(EINVALID, "/study items %s needs a question id, like /study items %s reg-001.", action, action)
	}
	if _, ok := pk.Question(id); !ok {
		return Reply{}, Errorf(ENOTFOUND, "There is no question %q in the pack.", id)
	}
	state := ItemKept
	if action == "retire" {
		state = ItemRetired
	}
	if err := b.items.SetItemState(ctx, cmd.Channel.Group(), ItemState{QuestionID: id, State: state, Since: b.clock.Now(), By: cmd.User.ID}); err != nil {
		return Reply{}, fmt.Errorf("set item state: %w", err)
	}
	if state == ItemKept {
		return Reply{Private: true, Text: fmt.Sprintf("Kept %s: it is back in this group's rotation. Only new flags can suspend it again.", id)}, nil
	}
	return Reply{Private: true, Text: fmt.Sprintf("Retired %s: this group's rotation, practice, reviews and exams skip it. /study items keep %s brings it back.", id, id)}, nil
}
