package bot

import (
	"context"
	"fmt"
	"time"
)

const confirmTTL = 5 * time.Minute

func (b *Bot) cmdReset(ctx context.Context, cmd Command, in Input) (Reply, error) {
	scope := in.Get("scope")
	c := Confirmation{ID: newID(), Group: cmd.Channel.Group(), UserID: cmd.User.ID, Action: "reset-" + scope,
		ExpiresAt: b.clock.Now().Add(confirmTTL)}
	if err := b.confirms.CreateConfirmation(ctx, c); err != nil {
		return Reply{}, fmt.Errorf("create confirmation: %w", err)
	}
	what := "Reset this week's scores for the whole group?"
	if scope == "all" {
		what = "Reset ALL scores of the whole group, for all time?"
	}
	return Reply{Private: true,
		Text: what + " Answers and stats stay; points go to zero. This cannot be undone. The button works for 5 minutes.",
		Buttons: []Button{
			{Label: "Reset " + scope, Style: StyleDanger, Action: Action{Name: ActionConfirm, Args: []string{c.ID}}},
			{Label: "Cancel", Action: Action{Name: ActionCancel, Args: []string{c.ID}}},
		}}, nil
}

func (b *Bot) cmdConfirm(ctx context.Context, cmd Command, in Input) (Reply, error) {
	c, err := b.confirms.TakeConfirmation(ctx, in.Get("id"), cmd.Channel.Group(), cmd.User.ID, b.clock.Now())
	switch ErrorCode(err) {
	case "":
	case ENOTFOUND:
		return Reply{}, Errorf(ENOTFOUND, "That confirmation has expired or was already used. Run the command again.")
	case EFORBIDDEN:
		return Reply{}, Errorf(EFORBIDDEN, "Only the moderator who asked can confirm this.")
	default:
		return Reply{}, fmt.Errorf("take confirmation: %w", err)
	}
	var since time.Time
	switch c.Action {
	case "reset-week":
		since = PeriodStart(PeriodWeek, b.clock.Now(), b.groupZone(ctx, c.Group))
	case "reset-all":
	default:
		return Reply{}, fmt.Errorf("unknown confirmation action %q", c.Action)
	}
	n, err := b.boards.ResetScores(ctx, c.Group, since)
	b.boardCache.forget(c.Group)
	if err != nil {
		return Reply{}, fmt.Errorf("reset scores: %w", err)
	}
	b.log.InfoContext(ctx, "scores reset", "group", c.Group.GroupID, "action", c.Action, "answers", n)
	return Reply{Private: true, Text: fmt.Sprintf("Done: %s set to zero points.", count(int(n), "answer", "answers"))}, nil
}

func (b *Bot) cmdCancel(ctx context.Context, cmd Command, in Input) (Reply, error) {
	if id := in.Get("id"); id != "" {
		_, err := b.confirms.TakeConfirmation(ctx, id, cmd.Channel.Group(), cmd.User.ID, b.clock.Now())
		switch ErrorCode(err) {
		case "", ENOTFOUND:
		case EFORBIDDEN:
			return Reply{}, Errorf(EFORBIDDEN, "Only the moderator who asked can cancel this.")
		default:
			return Reply{}, fmt.Errorf("take confirmation: %w", err)
		}
	}
	return Reply{Private: true, Text: "Cancelled. Nothing changed."}, nil
}
