package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// cmdPackList lists the packs a channel may use: the embedded ones and those imported, with the one this
// channel draws from marked.
func (b *Bot) cmdPackList(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	names, err := b.library.PackNames(ctx)
	if err != nil {
		return Reply{}, fmt.Errorf("list packs: %w", err)
	}
	cur, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	t := &Table{Title: "Packs", Columns: []string{"Pack", "Title", "Exam", "Questions", "Here"}}
	for _, name := range names {
		p, err := b.visiblePack(ctx, cmd.Channel.Group(), name)
		if ErrorCode(err) == ENOTFOUND {
			continue // another group's
		}
		if err != nil {
			b.log.WarnContext(ctx, "pack list: a pack does not load", "pack", name, "err", err)
			continue
		}
		here := ""
		if p.ID == cur.ID {
			here = "✓"
		}
		t.Rows = append(t.Rows, []string{p.ID, p.Title, p.Exam.Title(), strconv.Itoa(len(p.Questions)), here})
	}
	t.Footer = "Details: /study pack info NAME. Moderators pick this channel's pack with /study pack use NAME."
	return Reply{Private: true, Table: t}, nil
}

// cmdPackInfo describes a pack (this channel's when none is named): its exam, its domains and weights,
// and how many questions and flashcards each holds.
func (b *Bot) cmdPackInfo(ctx context.Context, cmd Command, in Input) (Reply, error) {
	var p *quiz.Pack
	var err error
	if name := in.Get("name"); name != "" {
		p, err = b.visiblePack(ctx, cmd.Channel.Group(), name)
	} else {
		p, err = b.packFor(ctx, cmd.Channel)
	}
	if err != nil {
		return Reply{}, err
	}
	ex := p.Exam
	lines := []string{
		fmt.Sprintf("%s (%s, version %d): %s, %s.", p.Title, p.ID, p.Version, count(len(p.Questions), "question", "questions"), count(len(p.Flashcards), "flashcard", "flashcards")),
		fmt.Sprintf("Exam: %s. Mock exam: %s in %s, scored on %s.", ex.Title(), count(ex.Questions, "question", "questions"),
			count(ex.Minutes, "minute", "minutes"), ex.ScaleText()),
	}
	t := &Table{Title: "Domains", Columns: []string{"Domain", "Id", "Weight", "Questions"}}
	for _, d := range p.Domains {
		t.Rows = append(t.Rows, []string{d.Name, d.ID, fmt.Sprintf("%d%%", d.Weight), strconv.Itoa(len(p.QuestionsIn(d.ID)))})
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n"), Table: t}, nil
}

// cmdPackUse sets the pack this channel draws from. What is under way finishes on the pack it started
// with: the open question and its reveal, members' exams in progress, practice cards already shown.
func (b *Bot) cmdPackUse(ctx context.Context, cmd Command, in Input) (Reply, error) {
	name := strings.ToLower(strings.TrimSpace(in.Get("name")))
	if name == "default" {
		name = b.defaultPack.ID
	}
	p, err := b.visiblePack(ctx, cmd.Channel.Group(), name)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{}, Errorf(ENOTFOUND, "There is no pack %q. /study pack list shows the packs.", name)
	}
	if err != nil {
		return Reply{}, err
	}
	stored := p.ID
	if stored == b.defaultPack.ID {
		stored = ""
	}
	if err := b.channels.SetChannelPack(ctx, cmd.Channel, stored); err != nil {
		return Reply{}, fmt.Errorf("set channel pack: %w", err)
	}
	ch, err := b.channels.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	text := fmt.Sprintf("This channel now draws from %s (%s): %s, for %s. Readiness, review, practice, mock exams and the leaderboard here use it.",
		p.Title, p.ID, count(len(p.Questions), "question", "questions"), p.Exam.Title())
	if len(ch.Domains) > 0 {
		if err := b.channels.SetDomains(ctx, cmd.Channel, nil); err != nil {
			return Reply{}, fmt.Errorf("set domains: %w", err)
		}
		text += " The channel's domain limit was for the old pack, so it draws from every domain again (/study domains sets it)."
	}
	if _, err := b.posts.OpenPost(ctx, cmd.Channel); err == nil {
		text += " The open question finishes as it was posted; the next one comes from the new pack."
	}
	return Reply{Private: true, Text: text}, nil
}
