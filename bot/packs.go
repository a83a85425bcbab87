package bot

import (
	"context"
	"fmt"

	"github.com/studybot/studybot/quiz"
)

// Which pack a question, a channel or a group's view comes from (the Library port is in ports_packs.go;
// the /study pack commands in pack.go).

// visiblePack is the newest version of a pack group g may see and use: the operator's packs and the
// group's own; another group's is ENOTFOUND, as if it did not exist.
func (b *Bot) visiblePack(ctx context.Context, g GroupRef, name string) (*quiz.Pack, error) {
	p, err := b.packAt(ctx, name, 0)
	if err != nil {
		return nil, err
	}
	owner, err := b.library.PackOwner(ctx, p.ID)
	if err != nil {
		return nil, fmt.Errorf("pack %s owner: %w", p.ID, err)
	}
	if owner != "" && owner != PackOwnerOf(g) {
		return nil, Errorf(ENOTFOUND, "There is no pack %q. /study pack list shows the packs.", name)
	}
	return p, nil
}

// packFor is the pack a channel draws from: the one a moderator picked with /study pack use, else the
// default, at its newest version. A picked pack that is gone (its import removed from the database) falls
// back to the default, with a warning in the log.
func (b *Bot) packFor(ctx context.Context, ch ChannelRef) (*quiz.Pack, error) {
	c, err := b.channels.Channel(ctx, ch)
	if err != nil {
		return nil, fmt.Errorf("channel pack: %w", err)
	}
	return b.channelPack(ctx, c)
}

// channelPack is packFor for a channel already read.
func (b *Bot) channelPack(ctx context.Context, c Channel) (*quiz.Pack, error) {
	if c.Pack == "" || c.Pack == b.defaultPack.ID {
		return b.packAt(ctx, "", 0)
	}
	p, err := b.library.Pack(ctx, c.Pack, 0)
	if ErrorCode(err) == ENOTFOUND {
		b.log.WarnContext(ctx, "channel's pack is gone; the default serves", "channel", c.Ref.ChannelID, "pack", c.Pack)
		return b.packAt(ctx, "", 0)
	}
	if err != nil {
		return nil, fmt.Errorf("load pack %s: %w", c.Pack, err)
	}
	return p, nil
}

// channelPackOf is the pack of the channel a command came from: the one read for its parse when it had
// a domain argument, else read now.
func (b *Bot) channelPackOf(ctx context.Context, cmd Command, in Input) (*quiz.Pack, error) {
	if in.pack != nil {
		return in.pack, nil
	}
	return b.packFor(ctx, cmd.Channel)
}

// packAt is the pack a stored question came from: name ("" is the default) at version (0: its newest, for
// rows written before versions were kept). The default pack is always found: when the library has no
// newer copy of it, the one the bot was built with serves.
func (b *Bot) packAt(ctx context.Context, name string, version int) (*quiz.Pack, error) {
	def := b.defaultPack
	if name == "" {
		name = def.ID
	}
	if name == def.ID && version == def.Version {
		return def, nil
	}
	p, err := b.library.Pack(ctx, name, version)
	switch {
	case err == nil && name == def.ID && version == 0 && p.Version < def.Version:
		return def, nil
	case err == nil:
		return p, nil
	case ErrorCode(err) == ENOTFOUND && name == def.ID && version == 0:
		return def, nil
	}
	return nil, fmt.Errorf("load pack %s version %d: %w", name, version, err)
}

// question finds a stored question: its pack, at its version, and the question in it. A question its pack
// no longer has is ENOTFOUND.
func (b *Bot) question(ctx context.Context, pack string, version int, id string) (*quiz.Pack, quiz.Question, error) {
	p, err := b.packAt(ctx, pack, version)
	if err != nil {
		return nil, quiz.Question{}, err
	}
	q, ok := p.Question(id)
	if !ok {
		return p, quiz.Question{}, Errorf(ENOTFOUND, "question %s is not in pack %s (version %d)", id, p.ID, p.Version)
	}
	return p, q, nil
}

// groupPack is what a view of the whole group reads its questions and domains from (item statistics, the
// web page): the packs its channels draw from, merged; the default pack alone for a group whose channels all
// use it. A channel's pack that is gone is left out, with a warning in the log.
func (b *Bot) groupPack(ctx context.Context, g GroupRef) (*quiz.Pack, error) {
	names, err := b.channels.GroupPacks(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("group packs: %w", err)
	}
	var ps []*quiz.Pack
	for _, n := range names {
		p, err := b.packAt(ctx, n, 0)
		if ErrorCode(err) == ENOTFOUND {
			b.log.WarnContext(ctx, "a channel's pack is gone; group views leave it out", "group", g.GroupID, "pack", n)
			continue
		}
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return b.packAt(ctx, "", 0)
	}
	return quiz.Merge(ps...), nil
}
