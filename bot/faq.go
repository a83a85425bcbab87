package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/studybot/studybot/quiz"
)

func (b *Bot) cmdFAQ(ctx context.Context, cmd Command, in Input) (Reply, error) {
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	q := strings.TrimSpace(in.Get("question"))
	if q == "" {
		return Reply{Private: true, Text: "Ask me something, like /study faq how do I see my score?\nTopics:\n" + faqTopics(pk)}, nil
	}
	r := b.answerFAQ(pk, q)
	r.Private = true
	return r, nil
}

// AnswerFAQ answers a free-text question sent in channel ch (a mention) from the FAQ of the channel's pack
// and the commands, as /study faq does there. When the channel's pack cannot be read it answers from the
// default pack's rather than not at all.
func (b *Bot) AnswerFAQ(ctx context.Context, ch ChannelRef, question string) Reply {
	pk, err := b.packFor(ctx, ch)
	if err != nil {
		b.log.WarnContext(ctx, "mention: channel's pack unread; the default pack's FAQ answers", "channel", ch.ChannelID, "err", err)
		pk = b.defaultPack
	}
	return b.answerFAQ(pk, question)
}

// The invocation is how members send a question that is not part of what they ask: the bot named with an @
// anywhere ("@studybot", as written where the chat did not turn it into a mention), and the command typed
// out at the start ("/study faq …", as people write it in a mention or paste it).
var (
	atBot          = regexp.MustCompile(`(?i)(^|[^\w@.])@studybot\b`)
	typedFAQ       = regexp.MustCompile(`(?i)^/study\s+faq\b`)
	sendSeparators = ",:;!- \t\n"
)

// Asked is the question a member's message asks, without how it was sent: "/study faq how do I see my
// score" asks "how do I see my score", not about /study faq. A message that is nothing but the invocation
// is left as it is.
func Asked(message string) string {
	q := strings.TrimLeft(atBot.ReplaceAllString(message, "$1"), sendSeparators)
	q = strings.TrimLeft(typedFAQ.ReplaceAllString(q, ""), sendSeparators)
	if q = strings.TrimSpace(q); q == "" {
		return strings.TrimSpace(message)
	}
	return q
}

// answerFAQ answers a free-text question from pack pk's FAQ (the channel's) and the commands. It answers
// only when one entry clearly fits; when the best is weak or another comes close it asks "Did you mean…"
// with up to three entries as buttons; when the question most likely has no answer it says so, then offers
// the closest entries the same way, or, with nothing close, lists the topics. It matches what the question
// asks (Asked).
func (b *Bot) answerFAQ(pk *quiz.Pack, question string) Reply {
	return faqReply(pk, b.faqOf(pk).Match(Asked(question)))
}

// faqReply is the reply to a question that matched m in pack pk's FAQ (answerFAQ).
func faqReply(pk *quiz.Pack, m quiz.FAQMatch) Reply {
	switch {
	case m.Best != nil:
		return Reply{Text: faqAnswer(*m.Best, m.Related)}
	case len(m.Maybe) > 0:
		r := Reply{Text: "I am not sure which of these you mean:"}
		if m.Unlikely {
			r.Text = "I don't have an answer for that one. The closest I have:"
		}
		for i, e := range m.Maybe {
			r.Text += fmt.Sprintf("\n%d. %s", i+1, e.Question)
			r.Buttons = append(r.Buttons, Button{Label: e.Question, Action: Action{Name: ActionFAQEntry, Args: []string{e.ID}}})
		}
		if m.Unlikely {
			r.Text += "\n" + faqTopicsHint
		}
		return r
	}
	return Reply{Text: "I don't have an answer for that one. Topics I can answer:\n" + faqTopics(pk)}
}

// faqTopicsHint says where the topics are listed, under the closest entries offered for a question with no
// answer.
const faqTopicsHint = "/study faq on its own lists every topic I can answer."

// faqAnswer writes an entry with its links and related entries.
func faqAnswer(e quiz.FAQEntry, related []quiz.FAQEntry) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s\n%s", e.Question, e.Answer)
	if len(e.Links) > 0 {
		fmt.Fprintf(&s, "\nMore: %s", strings.Join(e.Links, " "))
	}
	if len(related) > 0 {
		s.WriteString("\nRelated:")
		for _, r := range related {
			fmt.Fprintf(&s, "\n- %s", r.Question)
		}
	}
	return s.String()
}

// cmdFAQEntry answers the "Did you mean" button for one entry, privately to whoever pressed it.
func (b *Bot) cmdFAQEntry(ctx context.Context, cmd Command, in Input) (Reply, error) {
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	e, ok := b.faqOf(pk).Entry(in.Get("id"))
	if !ok {
		return Reply{}, Errorf(ENOTFOUND, "That topic is no longer in the FAQ. /study faq lists the topics.")
	}
	return Reply{Private: true, Text: faqAnswer(e, nil)}, nil
}

func faqTopics(pk *quiz.Pack) string {
	var lines []string
	for _, e := range pk.FAQ {
		lines = append(lines, "- "+e.Question)
	}
	for _, e := range aboutFAQ() {
		lines = append(lines, "- "+e.Question)
	}
	lines = append(lines, "- Using the bot: ask how to do something (\"how do I see my score\"), or /study help for the commands")
	return strings.Join(lines, "\n")
}

// commandFAQPrefix starts the id of a subcommand's FAQ entry.
const commandFAQPrefix = "cmd-"

// commandFAQ makes an FAQ entry of every typed subcommand that says how members ask about it: the command
// table is the one place its help is written, so the FAQ answers "how do I …" from it.
func (b *Bot) commandFAQ() []quiz.FAQEntry {
	var out []quiz.FAQEntry
	for _, s := range b.Commands() {
		if len(s.Asks) == 0 {
			continue
		}
		who := ""
		if s.Mod {
			who = " (moderators)"
		}
		answer := fmt.Sprintf("%s%s: %s.", s.Usage(s.Mod), who, s.Summary)
		if s.Explain != "" {
			answer += " " + s.Explain
		}
		out = append(out, quiz.FAQEntry{ID: commandFAQPrefix + strings.ReplaceAll(s.Name, " ", "-"), Question: s.Asks[0],
			Also: append(slices.Clip(s.Asks[1:]), "/study "+s.Name), Answer: answer})
	}
	return out
}

// ownFAQ are the bot's own FAQ entries, which every pack's FAQ has: one per command (commandFAQ), then
// those about the bot itself.
func (b *Bot) ownFAQ() []quiz.FAQEntry {
	return slices.Concat(b.commandFAQ(), aboutFAQ())
}

// newFAQ builds the FAQ of pack p with b's command table, learning from the pack's asks and the bot's.
func (b *Bot) newFAQ(p *quiz.Pack) *quiz.FAQ {
	return b.faqLearning(p, slices.Concat(p.FAQAsks, b.asks))
}

// faqLearning builds the FAQ of pack p with b's command table, reading the pack's synonyms and then the
// words members use for the bot's own features, which every pack shares, and learning from asks (what each
// asks, as Asked reads a member's message). A pack with FAQ entries but no asks of its own gets a wary FAQ
// (quiz.FAQ.Wary).
func (b *Bot) faqLearning(p *quiz.Pack, asks []quiz.Example) *quiz.FAQ {
	asked := make([]quiz.Example, len(asks))
	for i, a := range asks {
		asked[i] = quiz.Example{Ask: Asked(a.Ask), Entry: a.Entry}
	}
	fq := quiz.NewFAQ(slices.Concat(p.FAQ, b.ownFAQ()), append(slices.Clip(p.FAQNone), chitChat()...),
		append(slices.Clip(p.Synonyms), commandSynonyms()...), asked)
	if len(p.FAQAsks) == 0 && len(p.FAQ) > 0 {
		fq.Wary() // a pack without asks of its own: its entries' words come from their phrasings alone
	}
	return fq
}

// chitChat are asks out of every pack's scope, which the FAQ matcher weighs against the entries so that it
// gives no answer to them: greetings, thanks and farewells, small talk, questions about the bot itself.
// They share words with the commands' asks ("today", "morning", "day", "time"), which alone would make
// "how are you today" an ask about today's question. A pack's own out-of-scope asks are its faq_none.
func chitChat() []string {
	return []string{
		// Greetings (a bare "hi" or "hello" has no term to match and gets no answer anyway).
		"good morning", "good afternoon", "morning all", "hey studybot", "howdy", "greetings", "yo", "sup",
		"how is your day going", "how's today treating you", "how are you doing", "how was your weekend", "nice to meet you",
		// Thanks and farewells.
		"thx", "ty", "much appreciated", "cheers mate", "awesome, cool", "nice one", "goodbye", "bye for now",
		"see you later", "see ya tomorrow", "good night", "have a nice weekend",
		// Small talk and the bot itself.
		"do you like coffee", "I'm bored", "I'm so tired", "I love you",
		"what time is it right now", "what day of the week is it", "what's the date", "how's the weather",
		"is it going to rain", "happy friday", "happy monday", "happy new year", "merry christmas",
		"cheers, that was useful", "great answer, thank you", "happy birthday", "never mind", "what's for lunch", "do you dream", "brb",
	}
}

// faqOf is the FAQ /study faq answers from in a channel of pack p: p's entries (each pack's FAQ covers its
// own exam) and the commands; each pack's is built once.
func (b *Bot) faqOf(p *quiz.Pack) *quiz.FAQ {
	if p == b.defaultPack {
		return b.faq
	}
	if f, ok := b.faqs.Load(p); ok {
		return f.(*quiz.FAQ)
	}
	f, _ := b.faqs.LoadOrStore(p, b.newFAQ(p))
	return f.(*quiz.FAQ)
}

// commandSynonyms are the words members use for the bot's features, read as the words of the command
// table's Asks. A pack's own synonyms come first and win a word both claim.
func commandSynonyms() []quiz.Synonyms {
	return []quiz.Synonyms{
		{Word: "moderator", Variants: []string{"mod", "admin", "administrator"}},
		{Word: "leaderboard", Variants: []string{"rank", "scoreboard", "standings"}},
		{Word: "stats", Variants: []string{"statistics", "progress", "accuracy"}},
		{Word: "daily", Variants: []string{"question of the day", "every day", "everyday", "each day", "qotd"}},
		{Word: "extra", Variants: []string{"more questions", "additional questions", "another question", "bonus questions", "extra questions"}},
		{Word: "mock", Variants: []string{"mock exam", "mock exams", "mock test", "mock tests", "sample exam", "full exam",
			"timed exam", "timed test", "simulated exam"}},
		{Word: "practice", Variants: []string{"practise", "drill"}},
		{Word: "miss", Variants: []string{"mistake", "got wrong", "get wrong", "gotten wrong", "answered wrong", "got it wrong",
			"got them wrong", "answered incorrectly"}},
		{Word: "reset", Variants: []string{"wipe", "erase", "start over", "zero out"}},
		{Word: "points", Variants: []string{"pts", "pt"}},
		{Word: "discuss", Variants: []string{"discussion", "talk about", "chat about", "thread", "threads"}},
		{Word: "weekday", Variants: []string{"mon-fri", "monday to friday", "monday through friday", "workdays", "work days", "business days"}},
		{Word: "domain", Variants: []string{"topic", "topics", "subject area", "subject areas"}},
		{Word: "review", Variants: []string{"spaced repetition", "repetition", "flashcards"}},
		{Word: "chatbot", Variants: []string{"chatgpt", "chat gpt", "gpt", "language model", "llm", "robot", "sentient"}},
		{Word: "human", Variants: []string{"real person", "a person", "humans", "people answering"}},
		{Word: "language", Variants: []string{"languages", "spanish", "french", "german", "english"}},
		{Word: "dm", Variants: []string{"direct message", "direct messages", "private message", "pm", "dms"}},
	}
}
