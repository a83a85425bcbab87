package bot

import (
	"context"
	"strings"
)

// ArgKind says what an argument holds. It lets each platform ask for the argument natively (a Discord
// user picker, a list of choices) and lets the core read it from typed words.
type ArgKind int

// Argument kinds.
const (
	ArgWord     ArgKind = iota // one word, checked by the handler
	ArgText                    // the rest of the line
	ArgChoice                  // one of Choices
	ArgFlag                    // present or not: the word is the argument's name ("public")
	ArgDomain                  // a pack domain, by id or by name (any case)
	ArgUser                    // a member
	ArgMention                 // a member or a role ("role:ID")
	ArgTime                    // a time of day, HH:MM
	ArgZone                    // an IANA time zone
	ArgDays                    // days of the week: mon-fri, sat,sun, daily
	ArgDuration                // a length of time: 48h, 2d
)

// Choice is one allowed value of an argument and how it is shown.
type Choice struct {
	Value, Label string
}

// Arg is one argument of a subcommand.
type Arg struct {
	Name     string
	Kind     ArgKind
	Help     string
	Required bool
	Choices  []Choice // for ArgChoice and ArgDomain
	// Keyword means the argument may be typed as "name value" ("window 48h"), as well as bare.
	Keyword bool
	// Mod means only moderators may give it, though anyone may run the subcommand.
	Mod bool
	// Placeholder is how usage lines show the argument; the default is its name, or its choices.
	Placeholder string
}

// Spec is one row of the command table: a subcommand, its arguments, who may use it and its help. It is
// the only list of subcommands: the core parses from it, and adapters derive their registration and help
// from Bot.Commands.
type Spec struct {
	Name    string
	Summary string
	Args    []Arg
	Mod     bool
	// Hidden marks button actions, which members click rather than type: only a Command with Click set
	// reaches them.
	Hidden bool

	handle func(b *Bot, ctx context.Context, cmd Command, in Input) (Reply, error)
}

// Usage renders the subcommand the way a member types it, e.g. "/study leaderboard [week|month|all]
// [domain]". Moderator-only arguments are left out unless mod is true.
func (s Spec) Usage(mod bool) string {
	parts := []string{"/study", s.Name}
	for _, a := range s.Args {
		if a.Mod && !mod {
			continue
		}
		w := a.label()
		if !a.Required {
			w = "[" + w + "]"
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " ")
}

// label is how usage lines and messages show the argument.
func (a Arg) label() string {
	switch {
	case a.Placeholder != "":
		return a.Placeholder
	case a.Kind == ArgChoice:
		vals := make([]string, len(a.Choices))
		for i, c := range a.Choices {
			vals[i] = c.Value
		}
		return strings.Join(vals, "|")
	}
	return a.Name
}

func (s Spec) arg(name string) (Arg, bool) {
	for _, a := range s.Args {
		if a.Name == name {
			return a, true
		}
	}
	return Arg{}, false
}

func choices(vals ...string) []Choice {
	out := make([]Choice, len(vals))
	for i, v := range vals {
		out[i] = Choice{Value: v, Label: v}
	}
	return out
}

// commandTable is the table every adapter's input goes through. It is built per Bot, not kept in a
// package-level registry, so nothing global can change it; domain choices come from the Bot's pack.
func (b *Bot) commandTable() []Spec {
	var domains []Choice
	for _, d := range b.pack.Domains {
		domains = append(domains, Choice{Value: d.ID, Label: d.Name})
	}
	domain := Arg{Name: "domain", Kind: ArgDomain, Help: "only this domain", Choices: domains}
	user := func(help string) Arg { return Arg{Name: "user", Kind: ArgUser, Help: help} }
	return []Spec{
		{Name: "help", Summary: "the commands you can use", handle: (*Bot).cmdHelp},
		{Name: "today", Summary: "this channel's open question again, privately", handle: (*Bot).cmdToday},
		{Name: "practice", Summary: "a private practice question: your due reviews first (personal stats only)",
			Args: []Arg{domain}, handle: (*Bot).cmdPractice},
		{Name: "leaderboard", Summary: "top 10 and your rank", Args: []Arg{
			{Name: "period", Kind: ArgChoice, Help: "week (default), month or all", Choices: choices("week", "month", "all")},
			domain,
			{Name: "public", Kind: ArgFlag, Help: "post the board in the channel", Mod: true},
		}, handle: (*Bot).cmdLeaderboard},
		{Name: "stats", Summary: "answers, accuracy per domain, streak and rank", Args: []Arg{user("whose stats (default: yours)")},
			handle: (*Bot).cmdStats},
		{Name: "faq", Summary: "career and exam questions answered; without a question, the topics",
			Args: []Arg{{Name: "question", Kind: ArgText, Help: "your question, in your own words"}}, handle: (*Bot).cmdFAQ},
		{Name: "schedule", Summary: "daily posts in this channel, e.g. 09:00 America/New_York mon-fri window 48h", Mod: true, Args: []Arg{
			{Name: "time", Kind: ArgTime, Help: "HH:MM, 24-hour, e.g. 09:00", Required: true, Placeholder: "HH:MM"},
			{Name: "zone", Kind: ArgZone, Help: "IANA zone, e.g. America/New_York (default: as before, else UTC)"},
			{Name: "days", Kind: ArgDays, Help: "e.g. mon-fri, sat,sun, daily (default: as before, else daily)"},
			{Name: "window", Kind: ArgDuration, Keyword: true, Placeholder: "window 48h",
				Help: "how long a question stays open if the next one does not close it first (default 24h)"},
		}, handle: (*Bot).cmdSchedule},
		{Name: "unschedule", Summary: "stop daily posts here (scores stay)", Mod: true, handle: (*Bot).cmdUnschedule},
		{Name: "post", Summary: "close the open question and post a new one now", Mod: true, handle: (*Bot).cmdPost},
		{Name: "domains", Summary: "which domains this channel draws from", Mod: true, Args: []Arg{
			{Name: "domains", Kind: ArgText, Help: "all, list, or domains like security, it operations", Placeholder: "all|list|DOMAIN,..."},
		}, handle: (*Bot).cmdDomains},
		{Name: "reset", Summary: "reset the group's scores, after a confirm button", Mod: true, Args: []Arg{
			{Name: "scope", Kind: ArgChoice, Help: "what to reset", Required: true, Choices: choices("week", "all")},
		}, handle: (*Bot).cmdReset},
		{Name: "recap", Summary: "post this week's recap so far in this channel (the weekly one also posts on its own)", Mod: true,
			handle: (*Bot).cmdRecap},
		{Name: "web", Summary: "a private link to the group's read-only web page; reset makes a new one", Mod: true, Args: []Arg{
			{Name: "action", Kind: ArgChoice, Help: "reset: a new link, and the old one stops working", Choices: choices("reset")},
		}, handle: (*Bot).cmdWeb},
		{Name: "mods", Summary: "who else may moderate", Mod: true, Args: []Arg{
			{Name: "action", Kind: ArgChoice, Help: "add, remove or list", Choices: choices("add", "remove", "list")},
			{Name: "who", Kind: ArgMention, Help: "a member or a role", Placeholder: "USER-OR-ROLE"},
		}, handle: (*Bot).cmdMods},

		{Name: "review", Summary: "a private spaced-review session: your due questions first, then new ones from your weakest domain",
			handle: (*Bot).cmdReview},
		{Name: "readiness", Summary: "your estimated exam readiness per domain, with its uncertainty, and what to study next",
			Args: []Arg{user("whose readiness (default: yours)")}, handle: (*Bot).cmdReadiness},
		{Name: "exam", Summary: "a private 75-question, 60-minute mock exam by the exam's weights; report at the end", Args: []Arg{
			{Name: "action", Kind: ArgChoice, Help: "start, status (default) or stop", Choices: choices("start", "status", "stop")},
		}, handle: (*Bot).cmdExam},
		{Name: "flag", Summary: "report a problem with the last question you answered",
			Args: []Arg{{Name: "reason", Kind: ArgText, Help: "what is wrong with it"}}, handle: (*Bot).cmdFlag},
		{Name: "items", Summary: "question statistics and flags; keep or retire a suspended question", Mod: true, Args: []Arg{
			{Name: "view", Kind: ArgChoice, Help: "flagged, worst, or keep/retire with a question id", Choices: choices("flagged", "worst", "keep", "retire")},
			{Name: "id", Kind: ArgWord, Help: "a question id, e.g. reg-001", Placeholder: "ID"},
		}, handle: (*Bot).cmdItems},

		{Name: "answer", Hidden: true, Args: []Arg{
			{Name: "post", Kind: ArgWord, Required: true}, {Name: "choice", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdAnswer},
		{Name: "practice-answer", Hidden: true, Args: []Arg{
			{Name: "id", Kind: ArgWord, Required: true}, {Name: "choice", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdPracticeAnswer},
		{Name: "review-next", Hidden: true, Args: []Arg{{Name: "owner", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdReviewNext},
		{Name: "guessed", Hidden: true, Args: []Arg{
			{Name: "kind", Kind: ArgWord, Required: true}, {Name: "id", Kind: ArgWord, Required: true}, {Name: "owner", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdGuessed},
		{Name: "report", Hidden: true, Args: []Arg{
			{Name: "kind", Kind: ArgWord, Required: true}, {Name: "id", Kind: ArgWord, Required: true}, {Name: "owner", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdReport},
		{Name: "exam-answer", Hidden: true, Args: []Arg{
			{Name: "exam", Kind: ArgWord, Required: true}, {Name: "position", Kind: ArgWord, Required: true}, {Name: "choice", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdExamAnswer},
		{Name: "exam-page", Hidden: true, Args: []Arg{
			{Name: "exam", Kind: ArgWord, Required: true}, {Name: "page", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdExamPage},
		{Name: "confirm", Hidden: true, Mod: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdConfirm},
		{Name: "cancel", Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord}}, handle: (*Bot).cmdCancel},
		{Name: "faq-entry", Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdFAQEntry},
	}
}

// Commands lists the subcommands members can type, in table order, for adapters that register commands
// with a platform or show help.
func (b *Bot) Commands() []Spec {
	var out []Spec
	for _, s := range b.table {
		if !s.Hidden {
			out = append(out, s)
		}
	}
	return out
}
