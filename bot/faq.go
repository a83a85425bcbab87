package bot

import (
	"context"
	"fmt"
	"strings"
)

func (b *Bot) cmdFAQ(_ context.Context, _ Command, in Input) (Reply, error) {
	q := strings.TrimSpace(in.Get("question"))
	if q == "" {
		return Reply{Private: true, Text: "Ask me something, like /study faq is the certificate still offered?\nTopics:\n" + b.faqTopics()}, nil
	}
	return Reply{Private: true, Text: b.AnswerFAQ(q)}, nil
}

// AnswerFAQ answers a free-text question from the FAQ pack, as text.
func (b *Bot) AnswerFAQ(question string) string {
	m := b.pack.MatchFAQ(question)
	if m.Best == nil {
		return "I don't have an answer for that one. Topics I can answer:\n" + b.faqTopics()
	}
	var s strings.Builder
	fmt.Fprintf(&s, "%s\n%s", m.Best.Question, m.Best.Answer)
	if len(m.Best.Links) > 0 {
		fmt.Fprintf(&s, "\nMore: %s", strings.Join(m.Best.Links, " "))
	}
	if len(m.Related) > 0 {
		s.WriteString("\nRelated:")
		for _, r := range m.Related {
			fmt.Fprintf(&s, "\n- %s", r.Question)
		}
	}
	return s.String()
}

func (b *Bot) faqTopics() string {
	var lines []string
	for _, e := range b.pack.FAQ {
		lines = append(lines, "- "+e.Question)
	}
	return strings.Join(lines, "\n")
}
