package bot

import (
	"context"
	"fmt"
	"strings"
)

// cmdFlag flags the last question the member answered.
func (b *Bot) cmdFlag(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	attempts, err := b.reviews.GradedAttempts(ctx, g, cmd.User.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("graded attempts: %w", err)
	}
	if len(attempts) == 0 {
		return Reply{}, Errorf(ENOTFOUND, "You have not answered a question here yet; /study flag reports the last one you answered.")
	}
	return b.flag(ctx, cmd, attempts[len(attempts)-1].QuestionID, strings.TrimSpace(in.Get("reason")))
}

// cmdReport is the "Report a problem" button of an answer's feedback.
func (b *Bot) cmdReport(ctx context.Context, cmd Command, in Input) (Reply, error) {
	a, err := b.buttonAttempt(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	return b.flag(ctx, cmd, a.QuestionID, "")
}

func (b *Bot) flag(ctx context.Context, cmd Command, questionID, reason string) (Reply, error) {
	g := cmd.Channel.Group()
	const maxReason = 500
	if r := []rune(reason); len(r) > maxReason {
		reason = string(r[:maxReason])
	}
	added, err := b.flags.AddFlag(ctx, g, Flag{QuestionID: questionID, UserID: cmd.User.ID, Reason: reason, At: b.clock.Now()})
	if err != nil {
		return Reply{}, fmt.Errorf("add flag: %w", err)
	}
	if err := b.checkSuspension(ctx, g, questionID); err != nil {
		return Reply{}, err
	}
	what := "question " + questionID
	switch {
	case !added && reason != "":
		return Reply{Private: true, Text: fmt.Sprintf("You had already reported %s; I replaced your reason with this one. Thank you.", what)}, nil
	case !added:
		return Reply{Private: true, Text: fmt.Sprintf("You had already reported %s. To say what is wrong: /study flag REASON.", what)}, nil
	case reason == "":
		return Reply{Private: true, Text: fmt.Sprintf("Thank you: I reported %s to the moderators. To say what is wrong, add a reason: /study flag REASON (it goes with the last question you answered).", what)}, nil
	}
	return Reply{Private: true, Text: fmt.Sprintf("Thank you: I reported %s to the moderators with your reason.", what)}, nil
}
