package bot

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"github.com/studybot/studybot/quiz"
)

// faqAsksYAML holds members' asks about the bot itself, each labelled with the command's or the bot's FAQ
// entry that answers it (want: its id). Every pack's FAQ learns from them, as it answers from the same
// command table; a pack's own asks, about its subject, are its faq_asks.
//
//go:embed faq_asks.yaml
var faqAsksYAML []byte

// botAsks are the asks of faqAsksYAML, validated as a pack's faq_asks are, each naming one of the bot's own
// entries (ownFAQ) or none. They are read once per process: the file is compiled in, the bot's own entries
// come from the command table, which is code and the same for every Bot, and reading several thousand asks
// takes tens of milliseconds (hundreds under the race detector) that every Bot, and every FAQ built to be
// measured, would otherwise spend again. The slice is shared: callers copy it before changing it.
var botAsks = sync.OnceValues(func() ([]quiz.Example, error) {
	var ids []string
	for _, e := range tableBot(nil).ownFAQ() {
		ids = append(ids, e.ID)
	}
	asks, err := quiz.ParseAsks("bot/faq_asks.yaml", faqAsksYAML, ids)
	if err != nil {
		return nil, fmt.Errorf("read the bot's FAQ asks: %w", err)
	}
	return slices.Clip(asks), nil
})

// FAQAsks are the labelled asks the FAQ of pack p learns from: the pack's own (faq_asks) and the bot's,
// about its commands and itself.
func FAQAsks(p *quiz.Pack) ([]quiz.Example, error) {
	asks, err := botAsks()
	if err != nil {
		return nil, err
	}
	return slices.Concat(p.FAQAsks, asks), nil
}

// tableBot is a Bot with only a command table and p as its default pack: enough to build p's FAQ.
func tableBot(p *quiz.Pack) *Bot {
	b := &Bot{defaultPack: p}
	b.table = b.commandTable()
	return b
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
	return tableBot(p).faqLearning(p, asks)
}
