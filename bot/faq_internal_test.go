package bot

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/quiz"
)

// TestFAQReplyToEachKindOfMatch: an answer gives the entry; an unsure match asks which was meant; a question
// most likely out of scope says there is no answer, then offers the closest entries and says where every topic
// is; with nothing offered, it says so and lists the topics. Every offered entry is a button that opens it.
func TestFAQReplyToEachKindOfMatch(t *testing.T) {
	pk := &quiz.Pack{FAQ: []quiz.FAQEntry{{ID: "knife-store", Question: "How do I store a knife?", Answer: "In a block."}}}
	a := quiz.FAQEntry{ID: "oven-clean", Question: "How do I clean the oven?", Answer: "Baking soda."}
	b := quiz.FAQEntry{ID: "bread-flour", Question: "Which flour is best for bread?", Answer: "Strong flour."}
	for _, c := range []struct {
		name    string
		m       quiz.FAQMatch
		text    string
		buttons []string
	}{
		{"answer", quiz.FAQMatch{Best: &a, Score: 0.9}, "How do I clean the oven?\nBaking soda.", nil},
		{"unsure", quiz.FAQMatch{Maybe: []quiz.FAQEntry{a, b}}, "I am not sure which of these you mean:\n1. How do I clean the oven?\n2. Which flour is best for bread?",
			[]string{"oven-clean", "bread-flour"}},
		{"unlikely, with the closest", quiz.FAQMatch{Maybe: []quiz.FAQEntry{b}, Unlikely: true},
			"I don't have an answer for that one. The closest I have:\n1. Which flour is best for bread?\n/study faq on its own lists every topic I can answer.",
			[]string{"bread-flour"}},
		{"nothing close", quiz.FAQMatch{Unlikely: true}, "I don't have an answer for that one. Topics I can answer:\n- How do I store a knife?\n", nil},
	} {
		r := faqReply(pk, c.m)
		if c.name == "nothing close" {
			if !strings.HasPrefix(r.Text, c.text) || len(r.Buttons) != 0 {
				t.Errorf("%s: %+v, want it to start %q", c.name, r, c.text)
			}
			continue
		}
		if r.Text != c.text || len(r.Buttons) != len(c.buttons) {
			t.Errorf("%s: %q with %d buttons, want %q with %d", c.name, r.Text, len(r.Buttons), c.text, len(c.buttons))
			continue
		}
		for i, id := range c.buttons {
			if bt := r.Buttons[i]; bt.Action.Name != ActionFAQEntry || len(bt.Action.Args) != 1 || bt.Action.Args[0] != id {
				t.Errorf("%s: button %d %+v, want %s", c.name, i, bt, id)
			}
		}
	}
}
