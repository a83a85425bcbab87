package quiz

import (
	"slices"
	"strings"
	"testing"
)

func TestWordsSpellsSymbolsHyphensAndAccents(t *testing.T) {
	got := words("A+ or C++? e-mail your résumé’s IT contact; it's Network+")
	want := []string{"aplus", "or", "cplusplus", "email", "your", "resume", upperIT, "contact", "it", "networkplus"}
	if !slices.Equal(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
}

func TestTermsDropStopWordsAndKeepITInCapitals(t *testing.T) {
	if got := Tokens("Is it worth it? whats the IT help desk like"); !slices.Equal(got, []string{"it", "help", "desk"}) {
		t.Errorf("Tokens = %q", got)
	}
	// Words of one family that the stemmer leaves apart are one term, and so are clipped forms.
	for _, w := range []string{"certified", "certification", "certs", "cert"} {
		if got := Tokens(w); !slices.Equal(got, Tokens("certificate")) {
			t.Errorf("Tokens(%q) = %q, want %q", w, got, Tokens("certificate"))
		}
	}
}

func TestAnalyzerReadsSynonymGroups(t *testing.T) {
	a := newAnalyzer([]Synonyms{
		{Word: "remote", Variants: []string{"wfh", "work from home"}},
		{Word: "helpdesk", Variants: []string{"help desk", "it support"}},
		{Word: "pay", Variants: []string{"salary", "wfh"}}, // a variant claimed twice: the first group wins
	})
	for text, want := range map[string][]string{
		"WFH jobs":                     {"remot", "job"},
		"can I work from home":         {"remot"},
		"salaries on the help desk":    {"pay", "helpdesk"},
		"IT support or help?":          {"helpdesk", "help"},
		"work from":                    {"work"},
		"what does an IT tech earn":    {"it", "tech", "earn"},
		"they said it support matters": {"said", "helpdesk", "matter"}, // lower case "it" is read as IT here
	} {
		if got := a.terms(text); !slices.Equal(got, want) {
			t.Errorf("terms(%q) = %q, want %q", text, got, want)
		}
	}
}

// otherPack is a pack of another subject, with its own synonyms, so that the matcher is shown to know no
// subject of its own.
const otherPack = `pack: kitchen
title: Kitchen
version: 1
domains:
  - {id: d, name: D, weight: 100}
questions:
  - id: q1
    domain: d
    objective: "1.1"
    difficulty: 1
    question: Which knife cuts bread?
    choices: [Serrated, Paring]
    answer: 0
    explanation: Its teeth saw through the crust.
    source: Kitchen basics
faq:
  - id: knife-sharpen
    question: How do I sharpen a knife?
    also: ["sharpening a knife on a whetstone", "honing steel or whetstone"]
    answer: Use a whetstone at a steady angle, then hone the edge.
  - id: knife-store
    question: How do I store a knife?
    also: ["storing a knife in a block", "magnetic strip or drawer"]
    answer: A block or a magnetic strip keeps the edge from knocking against other tools.
  - id: oven-clean
    question: How do I clean the oven?
    also: ["oven cleaning without harsh chemicals", "baking soda paste for the oven"]
    answer: Spread a baking soda paste, leave it overnight, then wipe it off with vinegar.
  - id: bread-flour
    question: Which flour is best for bread?
    also: ["strong flour or plain flour for loaves", "protein content of bread flour"]
    answer: Strong flour, with more protein, gives bread its structure.
synonyms:
  whetstone: [stone, sharpening stone]
  oven: [stove]
`

// matchFAQ matches a question against pack p's own FAQ: its entries, out-of-scope asks, synonyms and labelled
// asks, without the bot's commands.
func matchFAQ(p *Pack, question string) FAQMatch {
	return NewFAQ(p.FAQ, p.FAQNone, p.Synonyms, p.FAQAsks).Match(question)
}

func loadOther(t *testing.T) *Pack {
	t.Helper()
	p, err := Parse("kitchen.yaml", []byte(otherPack))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMatchFAQUsesThePacksOwnSynonyms(t *testing.T) {
	p := loadOther(t)
	m := matchFAQ(p, "how do I clean the stove")
	if m.Best == nil || m.Best.ID != "oven-clean" {
		t.Fatalf("stove: %+v, want oven-clean through the pack's synonym", m)
	}
	p.Synonyms = nil // the same pack without its synonyms
	if m := matchFAQ(p, "how do I clean the stove"); m.Best != nil {
		t.Errorf("without synonyms, only the word clean is shared, yet %s is confident", m.Best.ID)
	}
}

func TestMatchFAQOffersCandidatesWhenUnsure(t *testing.T) {
	p := loadOther(t)
	m := matchFAQ(p, "knife")
	if m.Best != nil {
		t.Fatalf("knife: confident %s, but two entries are about knives", m.Best.ID)
	}
	var ids []string
	for _, e := range m.Maybe {
		ids = append(ids, e.ID)
	}
	if len(ids) != 2 || !slices.Contains(ids, "knife-sharpen") || !slices.Contains(ids, "knife-store") {
		t.Errorf("knife: maybe %v, want the two knife entries", ids)
	}
	if len(m.Related) != 0 {
		t.Errorf("related %v without a best entry", m.Related)
	}
}

func TestMatchFAQAnswersAClearQuestion(t *testing.T) {
	p := loadOther(t)
	m := matchFAQ(p, "can I sharpen a knife on a stone")
	if m.Best == nil || m.Best.ID != "knife-sharpen" {
		t.Fatalf("sharpen: %+v", m)
	}
	if len(m.Maybe) != 0 {
		t.Errorf("maybe %v with a confident best entry", m.Maybe)
	}
	for _, r := range m.Related {
		if r.ID != "knife-store" {
			t.Errorf("related %s: only the other knife entry is close to sharpening", r.ID)
		}
	}
}

func TestMatchFAQIgnoresOneSharedWord(t *testing.T) {
	p := loadOther(t)
	// "bread" is an entry's word, but the question is about something else.
	if m := matchFAQ(p, "who sells the best bread in Paris"); m.Best != nil {
		t.Errorf("one shared word gave a confident %s (%.2f)", m.Best.ID, m.Score)
	}
	if m := matchFAQ(p, "tell me a joke"); m.Best != nil || len(m.Maybe) != 0 {
		t.Errorf("nothing shared, yet %+v", m)
	}
}

func TestFAQEntryLooksUpByID(t *testing.T) {
	fq := NewFAQ(loadOther(t).FAQ, nil, nil, nil)
	if e, ok := fq.Entry("oven-clean"); !ok || e.Question != "How do I clean the oven?" {
		t.Errorf("Entry(oven-clean) = %+v, %v", e, ok)
	}
	if _, ok := fq.Entry("nope"); ok {
		t.Error("Entry found an unknown id")
	}
}

func TestMatchFAQWithoutEntries(t *testing.T) {
	if m := NewFAQ(nil, nil, nil, nil).Match("anything"); m.Best != nil || m.Maybe != nil {
		t.Errorf("%+v", m)
	}
}

func TestTermsDropStopWordsByTheirStem(t *testing.T) {
	// "wants" and "ones" are stop words by their stem, as "want" and "one" are.
	if got := Tokens("she wants the cheaper ones"); !slices.Equal(got, []string{"cheaper"}) {
		t.Errorf("Tokens = %q, want [cheaper]", got)
	}
}

func TestQueryLeavesOutNumbersNoEntryUses(t *testing.T) {
	ix := NewFAQ([]FAQEntry{{ID: "pass", Question: "What score passes?", Answer: "650 on a scale of 100-900."}}, nil, nil, nil)
	ix.ready()
	if got := ix.query("was it 650 to pass, at 8 tomorrow", nil); !slices.Equal(got, []string{"650", "pass", "tomorrow"}) {
		t.Errorf("query = %q, want [650 pass tomorrow]", got)
	}
}

// TestQueryLeavesOutClockTimes: a time of day says when, not what, so its number is left out even where an
// entry uses that number ("24/7").
func TestQueryLeavesOutClockTimes(t *testing.T) {
	ix := NewFAQ([]FAQEntry{{ID: "oncall", Question: "Is hospital IT a 24/7 job?", Answer: "Often, yes."}}, nil, nil, nil)
	ix.ready()
	for ask, want := range map[string][]string{
		"post at 7 every morning":    {"post", "morn"},
		"post 7am or 6:30 pm":        {"post"},
		"a 24/7 job, posts at 18:00": {"24", "7", "job", "post"},
	} {
		if got := ix.query(ask, nil); !slices.Equal(got, want) {
			t.Errorf("query(%q) = %q, want %q", ask, got, want)
		}
	}
}

// TestMatchFAQAnswersTheCommandAnAskNames: an ask that names a command an entry is phrased as answers with
// that entry, the longest command first, whatever its other words; a longer word that starts with the
// command does not name it.
func TestMatchFAQAnswersTheCommandAnAskNames(t *testing.T) {
	ix := NewFAQ([]FAQEntry{
		{ID: "why", Question: "Why study a retired exam?", Answer: "The job did not retire."},
		{ID: "exam", Question: "Is there a mock exam?", Also: []string{"/study exam"}, Answer: "Yes."},
		{ID: "pack", Question: "Which packs are there?", Also: []string{"/study pack"}, Answer: "Two."},
		{ID: "pack-use", Question: "How do I switch packs?", Also: []string{"/study pack use"}, Answer: "Pick one."},
	}, nil, nil, nil)
	for ask, want := range map[string]string{
		"why study for the retired exam with /study exam?": "exam",
		"what does /Study Pack Use do":                     "pack-use",
		"/study pack, what is it":                          "pack",
		"is /study examples a thing":                       "",
	} {
		m := ix.Match(ask)
		got := ""
		if m.Best != nil {
			got = m.Best.ID
		}
		if want == "" && got == "exam" || want != "" && got != want {
			t.Errorf("Match(%q) = %q, want %q", ask, got, want)
		}
	}
}

// TestMatchFAQOneWordOutOfScopeDoesNotSilenceALongerAsk: a greeting of one word ("good morning") is close to
// any ask that turns on that word, but an entry that members' asks tie to the rest of the ask still answers
// it; the greeting alone still gets no answer.
func TestMatchFAQOneWordOutOfScopeDoesNotSilenceALongerAsk(t *testing.T) {
	ix := NewFAQ([]FAQEntry{
		{ID: "schedule", Question: "How do I schedule the daily question?", Also: []string{"make the bot post every morning"}, Answer: "Set a time."},
		{ID: "post", Question: "Can the bot post a question now?", Also: []string{"post another question"}, Answer: "A moderator can."},
		{ID: "answer", Question: "How do I answer the question?", Also: []string{"where is the bot's question"}, Answer: "Click a button."},
		{ID: "help", Question: "What can the bot do?", Also: []string{"bot commands"}, Answer: "See the help."},
	}, []string{"good morning"}, nil, []Example{
		{Ask: "can it post every evening instead", Entry: "schedule"},
		{Ask: "have it post every weekday", Entry: "schedule"},
		{Ask: "morning everyone", Entry: NoEntry},
	})
	if m := ix.Match("post every morning please"); m.Best == nil || m.Best.ID != "schedule" {
		t.Errorf("the longer ask: %+v, want the schedule entry", m.Best)
	}
	if m := ix.Match("good morning everyone"); m.Best != nil {
		t.Errorf("the greeting: %+v, want no answer", m.Best)
	}
}

// TestMatchFAQLearnsFromLabelledAsks: an ask in words no entry's phrasing uses gets no answer, until members'
// asks labelled with the entry teach the FAQ those words; an ask labelled none teaches it what no entry
// answers. The same entries and asks always give the same answers.
func TestMatchFAQLearnsFromLabelledAsks(t *testing.T) {
	entries := []FAQEntry{
		{ID: "remind", Question: "Can the bot remind me to answer?", Also: []string{"turn reminders on"}, Answer: "Yes: /study remind on."},
		{ID: "stats", Question: "Where do I see my stats?", Also: []string{"my accuracy"}, Answer: "Run /study stats."},
		{ID: "today", Question: "How do I answer today's question?", Also: []string{"where is the daily question"}, Answer: "Click a button."},
	}
	ask := "I keep forgetting until the evening"
	if m := NewFAQ(entries, nil, nil, nil).Match(ask); m.Best != nil {
		t.Fatalf("without asks: confidently %s, though no entry uses its words", m.Best.ID)
	}
	asks := []Example{
		{Ask: "i always forget to do it", Entry: "remind"},
		{Ask: "keep forgetting, can it nudge me", Entry: "remind"},
		{Ask: "forgot again this evening", Entry: "remind"},
		{Ask: "how did I do this week", Entry: "stats"},
		{Ask: "what's the weather this evening", Entry: NoEntry},
		{Ask: "is it going to rain this evening", Entry: NoEntry},
	}
	ix := NewFAQ(entries, nil, nil, asks)
	m := ix.Match(ask)
	if m.Best == nil || m.Best.ID != "remind" {
		t.Fatalf("with asks: %+v, want remind", m)
	}
	if m := ix.Match("will it rain this evening"); m.Best != nil {
		t.Errorf("an ask like those labelled none: confidently %s", m.Best.ID)
	}
	again := NewFAQ(entries, nil, nil, asks).Match(ask)
	if again.Score != m.Score {
		t.Errorf("the same entries and asks gave %v, then %v", m.Score, again.Score)
	}
}

// TestQueryReadsASlipOfTheKeyboard: a word no entry uses, one letter added, dropped, changed or swapped
// away from a word an entry uses, is read as that word; a short word, a name and a word two entries' words
// are equally near stay as typed.
func TestQueryReadsASlipOfTheKeyboard(t *testing.T) {
	ix := NewFAQ([]FAQEntry{
		{ID: "sched", Question: "How do I schedule the daily question?", Answer: "Moderators set the time."},
		{ID: "acc", Question: "Where do I see my accuracy?", Answer: "In your stats."},
		{ID: "audit", Question: "What is an audit log?", Answer: "A record of access."},
		{ID: "tie", Question: "Kitten or mitten?", Answer: "Either."},
	}, nil, nil, nil)
	ix.ready()
	for ask, want := range map[string][]string{
		"schedual the daily question": {"schedul", "daili", "question"},
		"my acuracy":                  {"accuraci"},
		"qeustion of the day":         {"question", "day"},
		"audio log":                   {"audio", "log"},       // five letters: too short to read as audit
		"Scheduel the Sceduel":        {"schedul", "sceduel"}, // the first word is not a name, the second is
		"litten":                      {"litten"},             // as near kitten as mitten
	} {
		if got := ix.query(ask, ix.names(ask)); !slices.Equal(got, want) {
			t.Errorf("query(%q) = %q, want %q", ask, got, want)
		}
	}
	if m := ix.Match("how do I schedual the qeustion"); m.Best == nil || m.Best.ID != "sched" {
		t.Errorf("a question with two slips: %+v, want the schedule entry", m)
	}
	// A slip from a synonym's spelling reads as the synonym's word.
	syn := NewFAQ([]FAQEntry{{ID: "stats", Question: "Where are my stats?", Answer: "Run the stats command."}}, nil,
		[]Synonyms{{Word: "stats", Variants: []string{"accuracy"}}}, nil)
	syn.ready()
	if got := syn.query("my acuracy", nil); !slices.Equal(got, []string{"stat"}) {
		t.Errorf("query(%q) = %q, want [stat]", "my acuracy", got)
	}
}

// TestMatchFAQGivesNoAnswerCloserToAnAskOutOfScope: an ask made only of the entries' words ("bake", "bread",
// "oven") gets no confident answer when it is closer to one of the pack's faq_none asks than to any entry;
// asks the entries do answer (with the pack's faq_asks, members' words for them) still get their entry.
func TestMatchFAQGivesNoAnswerCloserToAnAskOutOfScope(t *testing.T) {
	p, err := Parse("kitchen.yaml", []byte(otherPack+"faq_none:\n  - baking bread in the oven at home\n  - what oven setting bakes bread\n"+
		"faq_asks:\n  - {q: which flour do I use to bake bread, want: bread-flour}\n  - {q: flour for a sourdough loaf, want: bread-flour}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.FAQNone, []string{"baking bread in the oven at home", "what oven setting bakes bread"}) {
		t.Fatalf("FAQNone = %q", p.FAQNone)
	}
	for _, q := range []string{"bake bread in the oven", "can I bake bread in a steel oven"} {
		if m := matchFAQ(p, q); m.Best != nil {
			t.Errorf("%q: confidently %s (%.2f), but it is closest to an ask no entry answers", q, m.Best.ID, m.Score)
		}
	}
	for q, want := range map[string]string{
		"how do I clean the oven":          "oven-clean",
		"flour for baking bread":           "bread-flour",
		"can I sharpen a knife on a stone": "knife-sharpen",
	} {
		if m := matchFAQ(p, q); m.Best == nil || m.Best.ID != want {
			t.Errorf("%q: %+v, want %s", q, m.Best, want)
		}
	}
	if got := NewFAQ(p.FAQ, p.FAQNone, p.Synonyms, nil).OutOfScope(); !slices.Equal(got, p.FAQNone) {
		t.Errorf("OutOfScope = %q, want the pack's faq_none", got)
	}
}

// TestMatchFAQOffersTheClosestWhenNoEntryLikelyAnswers: an ask most likely out of scope is marked Unlikely,
// with the closest entries that share its words offered, best first, or none when it is closest to an ask
// no entry answers; an ask that is only unsure is not marked.
func TestMatchFAQOffersTheClosestWhenNoEntryLikelyAnswers(t *testing.T) {
	p, err := Parse("kitchen.yaml", []byte(otherPack+"faq_none:\n  - baking bread in the oven at home\n  - what oven setting bakes bread\n"+
		"faq_asks:\n  - {q: which flour do I use to bake bread, want: bread-flour}\n  - {q: flour for a sourdough loaf, want: bread-flour}\n"))
	if err != nil {
		t.Fatal(err)
	}
	ids := func(m FAQMatch) []string {
		var out []string
		for _, e := range m.Maybe {
			out = append(out, e.ID)
		}
		return out
	}
	if m := matchFAQ(p, "is my oven too hot for bread"); m.Best != nil || !m.Unlikely || !slices.Equal(ids(m), []string{"oven-clean", "bread-flour"}) {
		t.Errorf("an ask most likely out of scope sharing words with two entries: best %v, unlikely %v, offered %v; want the two offered, marked unlikely",
			m.Best, m.Unlikely, ids(m))
	}
	if m := matchFAQ(p, "bake bread in the oven"); m.Best != nil || !m.Unlikely || len(m.Maybe) != 0 {
		t.Errorf("an ask closest to one no entry answers: best %v, unlikely %v, offered %v; want nothing, marked unlikely", m.Best, m.Unlikely, ids(m))
	}
	if m := matchFAQ(p, "what pizza flour"); m.Best != nil || m.Unlikely || !slices.Equal(ids(m), []string{"bread-flour"}) {
		t.Errorf("an unsure ask: best %v, unlikely %v, offered %v; want bread-flour offered, not marked unlikely", m.Best, m.Unlikely, ids(m))
	}
}

func TestFAQNoneIsValidated(t *testing.T) {
	for yaml, want := range map[string]string{
		"faq_none: bake bread\n":                            "faq_none: must be a list",
		"faq_none:\n  - \"\"\n":                             "faq_none[0]: is empty",
		"faq_none:\n  - [bake, bread]\n":                    "faq_none[0]: must be text",
		"faq_none:\n  - Bake bread\n  - bake bread\n":       "faq_none[1]: repeats the ask at line",
		"faq_none:\n  - " + strings.Repeat("x", 201) + "\n": "faq_none[0]: is 201 characters; at most 200",
		"faq_none:\n  - |\n    bake\n    bread\n":           "faq_none[0]: must be one line",
	} {
		_, err := Parse("kitchen.yaml", []byte(otherPack+yaml))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", yaml, err, want)
		}
	}
}

func TestFAQAsksAreValidated(t *testing.T) {
	for yaml, want := range map[string]string{
		"faq_asks: bake bread\n":                                                               "faq_asks: must be a list",
		"faq_asks:\n  - {q: bake bread}\n":                                                     "faq_asks[0].want: is missing",
		"faq_asks:\n  - {q: bake bread, want: cake-icing}\n":                                   `faq_asks[0].want: names no faq entry "cake-icing"`,
		"faq_asks:\n  - {q: Bake bread, want: none}\n  - {q: bake bread, want: bread-flour}\n": "faq_asks[1].q: repeats the ask at line",
		"faq_asks:\n  - {q: bake bread, want: none, also: bread-flour}\n":                      "faq_asks[0].also: must name another faq entry",
		"faq_asks:\n  - {q: bake bread, want: bread-flour, also: bread-flour}\n":               "faq_asks[0].also: must name another faq entry",
		"faq_asks:\n  - {q: bake bread, want: bread-flour, also: cake-icing}\n":                "faq_asks[0].also: must name another faq entry",
		"faq_asks:\n  - {q: bake bread, want: none, colour: blue}\n":                           "faq_asks[0].colour: unknown key",
		"faq_asks:\n  - {q: " + strings.Repeat("x", 501) + ", want: none}\n":                   "faq_asks[0].q: is 501 characters; at most 500",
		"faq_asks:\n  - {q: bake bread, want: none, seen: maybe}\n":                            "faq_asks[0].seen: must be true or false",
	} {
		_, err := Parse("kitchen.yaml", []byte(otherPack+yaml))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", yaml, err, want)
		}
	}
	p, err := Parse("kitchen.yaml", []byte(otherPack+"faq_asks:\n  - {q: which flour for a loaf, want: bread-flour}\n  - {q: best pizza oven, want: none, seen: true}\n"+
		"  - {q: sharpen a knife and keep it sharp, want: knife-sharpen, also: knife-store}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{{"which flour for a loaf", "bread-flour", false, ""}, {"best pizza oven", NoEntry, true, ""},
		{"sharpen a knife and keep it sharp", "knife-sharpen", false, "knife-store"}}
	if !slices.Equal(p.FAQAsks, want) {
		t.Errorf("FAQAsks = %v, want %v", p.FAQAsks, want)
	}
	// An export keeps which asks were written having seen the entries, and their second entries.
	data, err := MarshalYAML(p)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("kitchen.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.FAQAsks, want) {
		t.Errorf("FAQAsks after export and import = %v, want %v", again.FAQAsks, want)
	}
}

// TestParseAsksReadsAsksAsAPackDoes: a file of asks outside a pack (the bot's) is held to what a pack's
// faq_asks are, each want one of the entries given or none, with the line of each problem.
func TestParseAsksReadsAsksAsAPackDoes(t *testing.T) {
	ids := []string{"cmd-flag", "cmd-stats"}
	for yaml, want := range map[string]string{
		"":                              "faq_asks: the file is empty",
		"q: report a question\n":        "faq_asks: must be a list",
		"- {q: report a question\n":     "asks.yaml:1: yaml:",
		"- {q: my score, want: cake}\n": `faq_asks[0].want: names no faq entry "cake"`,
		"- {q: report a question, want: cmd-flag}\n- {q: bake bread, want: none}\n- {q: Report a question, want: cmd-flag, seen: true}\n": "asks.yaml:3: faq_asks[2].q: repeats the ask at line 1",
		"- {q: my score, want: cmd-stats, also: cmd-stats}\n":                                                                             "faq_asks[0].also: must name another faq entry",
	} {
		_, err := ParseAsks("asks.yaml", []byte(yaml), ids)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", yaml, err, want)
		}
	}
	asks, err := ParseAsks("asks.yaml", []byte("- {q: report a question, want: cmd-flag, also: cmd-stats}\n- {q: bake bread, want: none, seen: true}\n"), ids)
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{{"report a question", "cmd-flag", false, "cmd-stats"}, {"bake bread", NoEntry, true, ""}}
	if !slices.Equal(asks, want) {
		t.Errorf("ParseAsks = %v, want %v", asks, want)
	}
}

// TestMatchFAQAnswersAWordlessAskItHasLearnt: an ask of words the matcher passes over ("what can you do")
// gets the entry it was labelled for when the FAQ learnt it word for word, whatever its case and
// punctuation; one it has not learnt, or learnt for two entries, gets no match.
func TestMatchFAQAnswersAWordlessAskItHasLearnt(t *testing.T) {
	entries := []FAQEntry{
		{ID: "help", Question: "Which commands are there?", Answer: "Run /study help."},
		{ID: "about", Question: "What is this bot?", Answer: "A study bot."},
	}
	asks := []Example{
		{Ask: "what can you do", Entry: "help"},
		{Ask: "who are you", Entry: "about"},
		{Ask: "Who are you?", Entry: NoEntry},
		{Ask: "hi", Entry: NoEntry},
	}
	ix := NewFAQ(entries, nil, nil, asks)
	if m := ix.Match("What can you do?!"); m.Best == nil || m.Best.ID != "help" {
		t.Errorf("what can you do: %+v, want the help entry", m)
	}
	for _, ask := range []string{"who are you", "hi", "what do you do"} {
		if m := ix.Match(ask); m.Best != nil || len(m.Maybe) > 0 {
			t.Errorf("%q: %+v, want no match", ask, m)
		}
	}
}
