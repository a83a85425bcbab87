package bot

import (
	"context"
	"fmt"
	"strings"
)

func (b *Bot) cmdHelp(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	mod, err := b.IsModerator(ctx, cmd.Channel.Group(), cmd.User)
	if err != nil {
		// Help still helps: show what everyone may use.
		b.log.WarnContext(ctx, "help: moderator check", "group", cmd.Channel.GroupID, "err", err)
		mod = false
	}
	var lines []string
	lines = append(lines, "studybot: a daily exam question, answers with buttons, leaderboards, private reviews, readiness and mock exams, and career FAQs.")
	for _, s := range b.Commands() {
		if s.Mod && !mod {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s: %s", s.Usage(mod), s.Summary))
	}
	if !mod {
		lines = append(lines, "Moderators can also schedule daily posts and manage the group.")
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n")}, nil
}
