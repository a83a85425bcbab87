package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// cmdDomains shows (list, or nothing) or sets (all, or a list of domains by id or name) the domains this
// channel draws from.
func (b *Bot) cmdDomains(ctx context.Context, cmd Command, in Input) (Reply, error) {
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	arg := strings.TrimSpace(in.Get("domains"))
	switch strings.ToLower(arg) {
	case "", "list", "show":
	case "all":
		if err := b.channels.SetDomains(ctx, cmd.Channel, nil); err != nil {
			return Reply{}, fmt.Errorf("set domains: %w", err)
		}
	default:
		ids, err := parseDomains(pk, arg)
		if err != nil {
			return Reply{}, err
		}
		if err := b.channels.SetDomains(ctx, cmd.Channel, ids); err != nil {
			return Reply{}, fmt.Errorf("set domains: %w", err)
		}
	}
	ch, err := b.channels.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	t := &Table{Title: "Domains for this channel", Columns: []string{"Domain", "Id", "Weight", "Questions", "On"}}
	for _, d := range pk.Domains {
		on := "yes"
		if len(ch.Domains) > 0 && !slices.Contains(ch.Domains, d.ID) {
			on = "no"
		}
		t.Rows = append(t.Rows, []string{d.Name, d.ID, fmt.Sprintf("%d%%", d.Weight), strconv.Itoa(len(pk.QuestionsIn(d.ID))), on})
	}
	t.Footer = "Change with /study domains all, or name them: /study domains security, it operations"
	return Reply{Private: true, Table: t}, nil
}

// parseDomains reads a list of domains, by id or name in any case, separated by commas, or by spaces
// where each run of words names one ("security it operations").
func parseDomains(p *quiz.Pack, s string) ([]string, error) {
	var ids []string
	add := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, part := range strings.Split(s, ",") {
		words := splitWords(part)
		for i := 0; i < len(words); {
			n := 0
			for k := len(words) - i; k >= 1; k-- {
				if d, ok := p.FindDomain(strings.Join(words[i:i+k], " ")); ok {
					add(d.ID)
					n = k
					break
				}
			}
			if n == 0 {
				return nil, unknownDomain(p, words[i])
			}
			i += n
		}
	}
	if len(ids) == 0 {
		return nil, Errorf(EINVALID, "Name at least one domain, or all.")
	}
	return ids, nil
}

func unknownDomain(p *quiz.Pack, s string) error {
	var names []string
	for _, d := range p.Domains {
		names = append(names, fmt.Sprintf("%s (%s)", d.Name, d.ID))
	}
	return Errorf(EINVALID, "Unknown domain %q. Domains: %s.", s, strings.Join(names, ", "))
}
