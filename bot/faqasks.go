package bot

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/studybot/studybot/quiz"
)

// faqAsksYAML holds members' asks about the bot itself, each labelled with the command's or the bot's FAQ
// entry that answers it (want: its id). Every pack's FAQ learns from them, as it answers from the same
// command table; a pack's own asks, about its subject, are its faq_asks.
//
//go:embed faq_asks.yaml
var faqAsksYAML []byte

// botAsks reads faqAsksYAML.
func botAsks() ([]quiz.Example, error) {
	var items []struct {
		Q    string `yaml:"q"`
		Want string `yaml:"want"`
		Seen bool   `yaml:"seen"`
		Also string `yaml:"also"`
	}
	if err := yaml.Unmarshal(faqAsksYAML, &items); err != nil {
		return nil, fmt.Errorf("read the bot's FAQ asks: %w", err)
	}
	out := make([]quiz.Example, 0, len(items))
	for i, it := range items {
		q, want := strings.TrimSpace(it.Q), strings.TrimSpace(it.Want)
		if q == "" || want == "" {
			return nil, fmt.Errorf("read the bot's FAQ asks: item %d: want q and want", i+1)
		}
		out = append(out, quiz.Example{Ask: q, Entry: want, Seen: it.Seen, Also: strings.TrimSpace(it.Also)})
	}
	return out, nil
}

// FAQAsks are the labelled asks the FAQ of pack p learns from: the pack's own (faq_asks) and the bot's,
// about its commands and itself.
func FAQAsks(p *quiz.Pack) ([]quiz.Example, error) {
	asks, err := botAsks()
	if err != nil {
		return nil, err
	}
	return slices.Concat(p.FAQAsks, asks), nil
}

// NewFAQ is what /study faq answers from with pack p: the pack's entries and one entry per typed
// subcommand, from the command table, learning from FAQAsks(p).
func NewFAQ(p *quiz.Pack) (*quiz.FAQ, error) {
	asks, err := FAQAsks(p)
	if err != nil {
		return nil, err
	}
	return NewFAQLearning(p, asks), nil
}

// NewFAQLearning is NewFAQ learning from the given asks instead of FAQAsks(p): for measuring the FAQ on
// asks it has not learnt from.
func NewFAQLearning(p *quiz.Pack, asks []quiz.Example) *quiz.FAQ {
	b := &Bot{defaultPack: p}
	b.table = b.commandTable()
	return b.faqLearning(p, asks)
}
