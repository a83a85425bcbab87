package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/studybot/studybot/quiz"
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
	ArgFile                    // a file: a Discord attachment; typed, what names it (a path, a Slack file link)
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
	// Asks are how members ask about the subcommand in their own words ("how do I see my score"): the
	// first is the question its FAQ entry shows, and the rest are matched as its phrasings. Explain is
	// what the entry answers beyond the summary: how it works, the rules it follows.
	Asks    []string
	Explain string
	// Under names a group the row also stands in, typed as "/study me goal" beside "/study goal": Discord
	// allows 25 subcommands at one level, and /study has more, so Discord registers such a row in its group
	// only (Spec.Path).
	Under string
	// Idempotent marks an action whose repeat changes nothing, so that a request for it skips the replay
	// check (Command.Request) and its write. Only the daily answer is marked: see its row.
	Idempotent bool

	handle func(b *Bot, ctx context.Context, cmd Command, in Input) (Reply, error)
}

// Group splits a subcommand's name into its group and its name within the group: "pack use" is "use" of the
// group "pack"; a name without a space stands alone (group ""). Discord registers a group as one option
// holding its subcommands; typed, a member writes the two words ("/study pack use biology").
func (s Spec) Group() (group, sub string) {
	if g, sub, ok := strings.Cut(s.Name, " "); ok {
		return g, sub
	}
	return "", s.Name
}

// Path is where a platform with subcommand groups registers the row: its group (Group, or else Under) and
// its name in it.
func (s Spec) Path() (group, sub string) {
	if g, sub := s.Group(); g != "" || s.Under == "" {
		return g, sub
	}
	return s.Under, s.Name
}

// GroupSummary describes a subcommand group, for platforms that show a group itself (Discord wants a
// description for it).
func GroupSummary(group string) string {
	switch group {
	case "me":
		return "your own: zone, goal, reminders, mistakes, history"
	case "pack":
		return "the question packs: list, info, use, import"
	case "question":
		return "questions the group writes itself"
	}
	return group
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

func (s Spec) hasDomainArg() bool {
	for _, a := range s.Args {
		if a.Kind == ArgDomain {
			return true
		}
	}
	return false
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

// Button actions: the hidden rows of the command table, named once here for the table and for the code
// that builds their buttons. A button carries its action's name (Action.Name) and a click comes back as a
// Command of that name.
const (
	ActionAnswer         = "answer"          // a choice on the daily question's card
	ActionPracticeAnswer = "practice-answer" // a choice on a practice or review card
	ActionReviewNext     = "review-next"     // the next card of a review session
	ActionFlashcardShow  = "card-show"       // "Show answer" on a flashcard's front
	ActionFlashcardGrade = "card-grade"      // "I knew it" / "I didn't" on a flashcard's back
	ActionGuessed        = "guessed"         // "I guessed" on a right answer's feedback
	ActionReport         = "report"          // "Report a problem" on an answer's feedback
	ActionExamAnswer     = "exam-answer"     // a choice on a mock exam's question
	ActionExamPage       = "exam-page"       // a page of the mock exam's report
	ActionMistakesPage   = "mistakes-page"   // a page of /study mistakes
	ActionMistakeRetry   = "mistake-retry"   // a missed question asked again as a review card
	ActionConfirm        = "confirm"         // a moderator confirms a reset
	ActionCancel         = "cancel"          // a reset is cancelled
	ActionFAQEntry       = "faq-entry"       // one of the FAQ's "did you mean" entries
)

// commandTable is the table every adapter's input goes through. It is built per Bot, not kept in a
// package-level registry, so nothing global can change it. A domain is typed, not chosen from a list:
// each channel has its own pack (/study pack use), and the platforms' command is one for all of them.
func (b *Bot) commandTable() []Spec {
	domain := Arg{Name: "domain", Kind: ArgDomain, Help: "only this domain (/study domains lists them)"}
	user := func(help string) Arg { return Arg{Name: "user", Kind: ArgUser, Help: help} }
	draftID := Arg{Name: "id", Kind: ArgWord, Help: "a draft's number, e.g. 3", Required: true, Placeholder: "ID"}
	return []Spec{
		{Name: "help", Summary: "the commands you can use",
			Asks:    []string{"What commands can I use?", "list of all the commands", "what can studybot do", "bot help", "which commands are for everyone", "how do I use studybot", "what does /study help show", "which features does the bot have", "full list of commands", "what can I do here", "I'm new, where do I start"},
			Explain: "Moderators see a few more commands. The everyday ones: today, practice, review, stats, leaderboard, readiness, exam and faq. studybot works the same in Discord and Slack; each Discord server or Slack workspace is a group of its own, with its own scores.", handle: (*Bot).cmdHelp},
		{Name: "today", Summary: "this channel's open question again, privately",
			Asks:    []string{"How do I answer the daily question?", "where is today's question", "I missed the daily post, can I still answer", "where are the answer buttons", "can I change my answer", "I clicked the wrong button", "the question scrolled away", "how do I submit my answer", "where do I click to answer", "how does the daily quiz work", "can I answer after the question closes", "how long is the daily question open", "do I type the letter or click a button", "where do I find the question of the day", "is there a question today", "how long do I have to answer", "where do I answer", "missed today's question", "did my answer go through", "can others see which option I picked", "answered wrong by accident", "do I have to answer in the channel", "what share of the group got it right", "answer yesterday's question late", "what percent of people answered correctly", "will the daily question ever repeat", "the same question came up again"},
			Explain: "Click one of the buttons under the daily question; a private reply tells you at once whether you were right, the key and why. Only your first click counts. The question stays open until the next one is posted or the channel's window ends; then the reveal shows the answer and how many chose each option (never who chose what), and the buttons stop scoring. A channel's daily questions do not repeat until its pack is used up; review and practice bring questions back on purpose.", handle: (*Bot).cmdToday},
		{Name: "practice", Summary: "a private practice question: your due reviews first (personal stats only)",
			Asks:    []string{"How do practice questions work?", "how do I get extra questions", "can I drill one domain only", "does practice count on the leaderboard", "a private question just for me", "what is /study practice", "do practice answers affect my rank", "do missed practice questions come back", "more questions besides the daily one", "practise a weak domain on my own", "extra practice on security questions", "unlimited questions", "more questions on my own before my exam", "can I practise on my own"},
			Explain: "Only you see it, and you get the explanation at once. Practice counts in your own stats and reviews, never on the leaderboard. Add a domain to drill just that one.",
			Args:    []Arg{domain}, handle: (*Bot).cmdPractice},
		{Name: "leaderboard", Summary: fmt.Sprint("top ", boardTop, " and your rank"),
			Asks:    []string{"How do points work?", "how many points for a correct answer", "can my score go negative", "is there a penalty for a wrong answer", "show the monthly ranking", "are points per server", "how is scoring done", "weekly leaderboard", "leaderboard for one domain", "who is winning this week", "the members with the most points", "does a late answer still score", "do you lose points for a miss", "who is in first place", "how are points counted", "does the weekly board start over", "where can I find the leaderboard"},
			Explain: fmt.Sprint("A correct daily answer earns ", PointsCorrect, " points and a wrong one 0; nothing is ever taken away. Only the daily question scores. On equal points, more right answers rank higher; members equal on both share a rank. Boards are per group (a Discord server or a Slack workspace), for this week (from Monday), this month or all time, overall or for one domain."), Args: []Arg{
				{Name: "period", Kind: ArgChoice, Help: "week (default), month or all", Choices: choices("week", "month", "all")},
				domain,
				{Name: "public", Kind: ArgFlag, Help: "post the board in the channel", Mod: true},
			}, handle: (*Bot).cmdLeaderboard},
		{Name: "stats", Summary: "answers, accuracy per domain, streak and rank",
			Asks:    []string{"How do I see my score?", "what is my accuracy", "how do I check my rank", "how is the streak counted", "what breaks my streak", "how am I doing per domain", "see someone else's stats", "do weekends reset my streak", "my streak went back to zero", "what counts toward a streak", "how many questions have I answered", "how many did I get right", "my personal progress", "what's my rank", "where do I see my streak", "my progress so far", "which domains do I miss most", "my percentage right"},
			Explain: "Your streak counts the channel's scheduled questions in a row that you answered, right or wrong. A scheduled question closing without your answer starts it over; days without a scheduled question and a moderator's extra posts neither add to it nor break it. Another member's stats count their daily answers only: practice, reviews and mock exams are each member's own.", Args: []Arg{user("whose stats (default: yours)")},
			handle: (*Bot).cmdStats},
		{Name: "faq", Summary: "career and exam questions answered; without a question, the topics",
			Asks:    []string{"How do I ask the bot a question?", "how does the FAQ work", "what topics can you answer", "ask about careers", "how do I use the faq command", "can I ask you about careers"},
			Explain: "Ask in your own words. When one topic clearly fits you get its answer; when two come close you get a choice; when nothing fits the bot says so and lists the topics.",
			Args:    []Arg{{Name: "question", Kind: ArgText, Help: "your question, in your own words"}}, handle: (*Bot).cmdFAQ},
		{Name: "schedule", Summary: "daily posts in this channel, e.g. 09:00 America/New_York mon-fri window 48h",
			Asks:    []string{"How do I schedule the daily question?", "set up the bot in my channel", "change the time of the daily post", "have it post Monday to Friday", "set the time zone of the daily question", "make the bot post every morning", "how long a question stays open before it closes", "can I change when the question posts", "a thread to discuss each question", "post the daily question in another channel", "weekdays only please", "have the bot post in a different channel"},
			Explain: "Give the time as HH:MM in 24 hours, an IANA zone such as Europe/London (default UTC) and the days, such as mon-fri (default every day). The whole channel gets the question at that time; members cannot move it for themselves. A schedule set after today's time starts with the next one. Each reveal opens a discussion thread with every option's why, unless threads are off.", Mod: true, Args: []Arg{
				{Name: "time", Kind: ArgTime, Help: "HH:MM, 24-hour, e.g. 09:00", Required: true, Placeholder: "HH:MM"},
				{Name: "zone", Kind: ArgZone, Help: "IANA zone, e.g. America/New_York (default: as before, else UTC)"},
				{Name: "days", Kind: ArgDays, Help: "e.g. mon-fri, sat,sun, daily (default: as before, else daily)"},
				{Name: "window", Kind: ArgDuration, Keyword: true, Placeholder: "window 48h",
					Help: "how long a question stays open at most (default 24h)"},
				{Name: "threads", Kind: ArgChoice, Keyword: true, Placeholder: "threads on|off", Choices: choices("on", "off"),
					Help: "reveals open a thread with each option's why (default on)"},
			}, handle: (*Bot).cmdSchedule},
		{Name: "unschedule", Summary: "stop daily posts here (scores stay)",
			Asks:    []string{"How do I stop the daily posts?", "stop the bot posting in this channel", "take a break from the daily question", "turn off the daily question", "pause the bot", "stop posting on weekends for a while", "disable the daily question"},
			Explain: "Scores, streaks and history stay.", Mod: true, handle: (*Bot).cmdUnschedule},
		{Name: "post", Summary: "close the open question and post a new one now",
			Asks:    []string{"How do I post a question right now?", "post an extra question", "skip to the next question", "can I post a new question now", "post another question today", "a second question today", "new question now please"},
			Explain: "The open question closes with its reveal first. A moderator's post neither extends nor breaks anyone's streak.", Mod: true, handle: (*Bot).cmdPost},
		{Name: "pack list", Summary: "the question packs this channel can use",
			Asks:    []string{"Which subjects can the bot quiz us on?", "what question packs are there", "which packs are available", "does it have other exams besides this one", "questions for a different certification", "what subjects does the bot cover", "list the packs", "is there anything besides healthcare IT"},
			Explain: "Each channel draws from one pack; a moderator picks it with /study pack use.", handle: (*Bot).cmdPackList},
		{Name: "pack info", Summary: "a pack's exam, domains and questions",
			Asks:    []string{"Which exam and domains does a pack cover?", "pack details", "see a pack's exam length and pass mark", "how many questions does the pack have"},
			Explain: "It gives the pack's exam, the mock exam's length, time and pass mark, and each domain's weight and number of questions.",
			Args:    []Arg{{Name: "name", Kind: ArgWord, Help: "the pack (default: this channel's)"}}, handle: (*Bot).cmdPackInfo},
		{Name: "pack use", Summary: "pick this channel's pack",
			Asks:    []string{"How do I switch this channel to another subject?", "change the channel's question pack", "study a different exam in this channel", "change the subject of this channel", "pick a different pack", "switch packs", "get A+ Core 1 questions in this channel", "we moved on to a different exam"},
			Explain: "What is under way finishes as it started: the open question and its reveal, exams in progress. default goes back to the operator's pack.",
			Mod:     true, Args: []Arg{{Name: "name", Kind: ArgWord, Help: "a pack from /study pack list, or default", Required: true}}, handle: (*Bot).cmdPackUse},
		{Name: "pack import", Summary: "add a pack from a CSV, TSV, Anki or two-column file",
			Asks:    []string{"Can we upload our own questions?", "import flashcards from Anki", "load a spreadsheet of questions", "bring our own quiz from a CSV file", "import our question bank", "add a whole set of questions at once", "use our Quizlet or Anki deck"},
			Explain: "A multiple-choice file becomes questions; a two-column file (front, back) becomes flashcards, which come up in /study review. Any error is reported by line and column and nothing is stored. The pack belongs to this group.",
			Mod:     true, Args: []Arg{{Name: "file", Kind: ArgFile, Help: "the file; the pack is named after it", Required: true, Placeholder: "FILE"}}, handle: (*Bot).cmdPackImport},
		{Name: "domains", Summary: "which domains this channel draws from",
			Asks:    []string{"How do I limit the channel to some domains?", "only post security questions here", "which topics does this channel get", "only ask about one domain", "skip a domain we already studied", "focus the daily question on security"},
			Explain: "all draws from every domain again; list shows the channel's domains.", Mod: true, Args: []Arg{
				{Name: "domains", Kind: ArgText, Help: "all, list, or domains like security, it operations", Placeholder: "all|list|DOMAIN,..."},
			}, handle: (*Bot).cmdDomains},
		{Name: "reset", Summary: "reset the group's scores, after a confirm button",
			Asks:    []string{"How do I reset the leaderboard?", "clear the scores", "start the points over", "can I wipe the leaderboard", "fix one member's points"},
			Explain: "week clears this week's points, all clears everything; a confirm button comes first. It resets the whole group: there is no resetting one member's points.", Mod: true, Args: []Arg{
				{Name: "scope", Kind: ArgChoice, Help: "what to reset", Required: true, Choices: choices("week", "all")},
			}, handle: (*Bot).cmdReset},
		{Name: "recap", Summary: "post this week's recap so far here (it also posts weekly on its own)",
			Asks:    []string{"What is the weekly recap?", "post a summary of the week", "weekly report", "is there a weekly summary", "who improved the most this week"},
			Explain: "Each scheduled channel gets a recap once a week: the top 5, the most improved, the hardest question with its explanation and a chart of accuracy per domain. It goes to the whole channel, so members cannot turn it off for themselves; it stops with the channel's daily posts (/study unschedule).", Mod: true,
			handle: (*Bot).cmdRecap},
		{Name: "web", Summary: "a private link to the group's read-only web page; reset makes a new one",
			Asks:    []string{"Is there a web page for the group?", "share the leaderboard on a website", "a link to our group's stats", "is there a website with our scores", "view the stats in a browser", "a dashboard for our group"},
			Explain: "The link is private and unguessable; anyone who has it can read the page, so share it with care.", Mod: true, Args: []Arg{
				{Name: "action", Kind: ArgChoice, Help: "reset: a new link, and the old one stops working", Choices: choices("reset")},
			}, handle: (*Bot).cmdWeb},
		{Name: "mods", Summary: "who else may moderate",
			Asks:    []string{"Who counts as a moderator?", "how do I add a moderator", "give someone moderator rights", "who can use moderator commands", "remove a moderator", "does an admin role make me a mod", "let a role run the moderator commands", "how do I make someone a moderator", "who can set up the bot", "let our study leader use the admin commands", "who are the mods", "the bot says I'm not allowed to run that command", "why am I refused a moderator command"},
			Explain: "Moderators are, on Discord, members with Manage Server or Administrator; on Slack, workspace admins and owners; plus anyone added here, by member or role. Anyone else trying a moderator command gets a private refusal.", Mod: true, Args: []Arg{
				{Name: "action", Kind: ArgChoice, Help: "add, remove or list", Choices: choices("add", "remove", "list")},
				{Name: "who", Kind: ArgMention, Help: "a member or a role", Placeholder: "USER-OR-ROLE"},
			}, handle: (*Bot).cmdMods},

		{Name: "review", Summary: "a private spaced-review session: due questions and flashcards first, then new ones",
			Asks:    []string{"How does spaced review work?", "which questions are due for review", "study my weak spots", "what is spaced review", "flashcards", "review old questions", "repeat the ones I got wrong until I know them", "spaced repetition like Anki"},
			Explain: fmt.Sprint("Each question you have answered gets a review schedule (FSRS): wrong answers come back soon, right ones later and later. After the due ones come up to ", ReviewNewPerDay, " new questions a day from your weakest domain (a day from midnight in your time zone, /study me zone; questions you first met in practice, an exam or the daily question are not among them)."),
			handle:  (*Bot).cmdReview},
		{Name: "readiness", Summary: "your estimated readiness per domain, its uncertainty, and what to study next",
			Asks:    []string{"Am I ready for the exam?", "will I pass", "what should I study next", "how close am I to passing", "readiness score"},
			Explain: "It estimates your mastery per domain from all your answers, recent ones weighing more, with its uncertainty, and names the domain where study gains most. It is an estimate for the material, not a real score.",
			handle:  (*Bot).cmdReadiness},
		{Name: "goal", Under: "me", Summary: "your exam date: readiness then counts down to it with a daily target",
			Asks:    []string{"How do I set my exam date?", "count down to my test day", "how many questions a day to be ready in time", "set a study goal", "daily target before the exam", "remove my exam date", "my exam is in six weeks", "countdown to the test"},
			Explain: "Private to you. The goal is a date, not a weekly number of questions. Each day's target is the reviews due plus new questions: each domain's unseen ones spread over the days left, so you meet every question by the day before the exam. off clears the date.",
			Args:    []Arg{{Name: "date", Kind: ArgWord, Help: "your exam's date, YYYY-MM-DD, or off", Placeholder: "YYYY-MM-DD|off"}}, handle: (*Bot).cmdGoal},
		{Name: "exam", Summary: "a private, timed mock exam by the exam's length and weights; report at the end",
			Asks:    []string{"Is there a full-length practice exam?", "take a mock exam", "a timed practice test", "simulate the real exam", "practice test under exam conditions", "a timed exam with a score at the end", "full practice exam", "is there a practice test with a time limit"},
			Explain: "The questions follow the exam's domain weights, unseen ones first, with no feedback until the end. It resumes after a break; unanswered questions count as wrong when time is up. The report gives your score per domain and your misses with explanations. Its questions are the pack's own, written for practice, not real exam questions, and its score is an estimate: exam owners do not publish how answers become scaled scores.", Args: []Arg{
				{Name: "action", Kind: ArgChoice, Help: "start, status (default) or stop", Choices: choices("start", "status", "stop")},
			}, handle: (*Bot).cmdExam},
		{Name: "mistakes", Under: "me", Summary: "your missed questions, latest first, with your choice and the key; retry them",
			Asks:    []string{"What were my mistakes?", "list the answers I got wrong", "what did I miss", "retry a missed question", "go over my errors", "questions I missed", "show my wrong answers", "redo the ones I got wrong", "review the questions I got wrong", "can I go back over questions I got wrong", "where are the questions I answered wrong"},
			Explain: "Private to you. A question stays on the list until you answer it correctly; Retry asks it again as a review card.",
			handle:  (*Bot).cmdMistakes},
		{Name: "history", Under: "me", Summary: fmt.Sprint("how you did each week, the last ", historyWeeks, " weeks"),
			Asks:    []string{"How have I done over the past weeks?", "a chart of my progress", "am I improving week by week", "my accuracy over time", "my results from previous weeks", "weekly progress", "am I getting better", "graph of my scores", "compare this month with last month", "my results month by month"},
			Explain: "Private to you. Weeks start on Monday in your time zone (/study me zone), else the group's; all your graded answers count, mock exams included.",
			handle:  (*Bot).cmdHistory},
		{Name: "remind", Under: "me", Summary: "a private nudge a day at most, at your time (default 18:00)",
			Asks:    []string{"Can the bot remind me to study?", "send me a DM when I have reviews due", "stop the reminder messages", "change the time of my reminder", "a nudge so the daily question does not slip my mind", "a notification before the question closes", "nudge me every evening", "remind me", "DM me reminders", "turn off reminders", "stop the bot sending me messages", "a ping when I haven't answered yet"},
			Explain: "Only when there is something to do: reviews due, a daily question you answer closing before you did, a streak at risk. At most one a day, in your zone (/study me zone).", Args: []Arg{
				{Name: "action", Kind: ArgChoice, Help: "on or off; nothing shows yours", Choices: choices("on", "off")},
				{Name: "time", Kind: ArgTime, Help: "HH:MM in your zone, e.g. 07:30", Placeholder: "HH:MM"},
			}, handle: (*Bot).cmdRemind},
		{Name: "me zone", Summary: "your own time zone for your private replies and reminder",
			Asks:    []string{"How do I set my own time zone?", "the times are in the wrong time zone for me", "I live in a different time zone from the group", "my day resets at the wrong hour", "change my time zone for reminders"},
			Explain: "Due dates, your history and mistakes, and your reminder follow it; without one they follow the group's zone.", Args: []Arg{
				{Name: "zone", Kind: ArgZone, Help: "IANA zone, e.g. America/Chicago", Placeholder: "ZONE"},
				{Name: "clear", Kind: ArgChoice, Help: "off: back to the group's zone", Choices: choices("off", "clear"), Placeholder: "off"},
			}, handle: (*Bot).cmdMeZone},
		{Name: "flag", Summary: "report a problem with the last question you answered",
			Asks:    []string{"How do I report a wrong answer key?", "the answer to this question is wrong", "report a problem with a question", "this question is confusing", "report a mistake in a question", "the key is wrong", "a typo in today's question", "flag a bad question", "this question is out of date", "I think the correct option is a different letter", "this question is outdated", "who do I contact about an error in a question"},
			Explain: fmt.Sprint("The Report a problem button on every answer's reply does the same. A question with ", quiz.SuspendFlags, " reports is taken out of the group's rotation until a moderator checks it."),
			Args:    []Arg{{Name: "reason", Kind: ArgText, Help: "what is wrong with it"}}, handle: (*Bot).cmdFlag},
		{Name: "items", Summary: "question statistics and flags; keep or retire a suspended question",
			Asks:    []string{"Which questions were reported?", "see the hardest questions", "take a bad question out of rotation", "which questions got reported", "review the flagged questions", "question statistics", "which questions does the group miss most often"},
			Explain: fmt.Sprint("Suspended questions (", quiz.SuspendFlags, " reports, or a negative discrimination over ", quiz.SuspendMinAnswers, " or more answers) stay out of rotation until a moderator keeps or retires them."), Mod: true, Args: []Arg{
				{Name: "view", Kind: ArgChoice, Help: "flagged, worst, or keep/retire with a question id", Choices: choices("flagged", "worst", "keep", "retire")},
				{Name: "id", Kind: ArgWord, Help: "a question id, e.g. reg-001", Placeholder: "ID"},
			}, handle: (*Bot).cmdItems},

		{Name: "question add", Summary: "write a question for the group's own pack: a form, then a moderator approves it",
			Asks:    []string{"Can I write my own question for the group?", "submit a question I wrote myself", "add a question to the quiz", "how do members contribute questions", "contribute a question", "make our own questions"},
			Explain: "Give the question, 2 to 4 options (one a line), the key's letter, an explanation (with optional lines \"Why not B: …\" and \"Source: …\") and the domain. It is checked as packs are, and warned about cues that give the key away; what you typed is kept as a draft until you send it to the moderators.",
			handle:  (*Bot).cmdQuestionAdd},
		{Name: "question who", Summary: "who may write questions here: anyone (the default) or mods", Mod: true,
			Asks:    []string{"Can I stop members from writing questions?", "only mods may submit questions", "turn off question writing for members"},
			Explain: "Anyone may write by default, and moderators approve what is written; without an argument it says which applies.", Args: []Arg{
				{Name: "who", Kind: ArgChoice, Help: "anyone or mods", Choices: choices(WritersAnyone, WritersMods)},
			}, handle: (*Bot).cmdQuestionWho},
		{Name: "question drafts", Summary: "the drafts waiting for a decision", Mod: true,
			Asks:    []string{"Which written questions are waiting for approval?", "see the drafts members sent", "list the submitted questions"},
			Explain: "Each draft shows its number, its author, whether it was sent or is still being written, and its question.", handle: (*Bot).cmdQuestionDrafts},
		{Name: "question show", Summary: "a draft, with what the checks say of it", Mod: true, Args: []Arg{draftID},
			Asks:    []string{"How do I read a member's draft question?", "what the checks found in a draft", "open a draft by its number"},
			Explain: "Buttons under it approve, edit or reject the draft.", handle: (*Bot).cmdQuestionShow},
		{Name: "question edit", Summary: "a draft's form, filled in, to change it", Mod: true, Args: []Arg{draftID},
			Asks:    []string{"How do I fix a draft before approving it?", "correct a typo in a submitted question", "change a draft's options"},
			Explain: "Change its wording, options, key or explanation before you approve it.", handle: (*Bot).cmdQuestionEdit},
		{Name: "question approve", Summary: "add a draft to the group's own pack, crediting its author", Mod: true, Args: []Arg{draftID},
			Asks: []string{"How do I approve a question a member wrote?", "accept a submitted question", "add a member's draft to our pack"}, handle: (*Bot).cmdQuestionApprove},
		{Name: "question reject", Summary: "reject a draft; its author hears why", Mod: true,
			Asks: []string{"How do I turn down a submitted question?", "decline a member's draft", "send a draft back with a reason"}, Args: []Arg{draftID,
				{Name: "reason", Kind: ArgText, Help: "why, for its author"}}, handle: (*Bot).cmdQuestionReject},

		// A daily answer is idempotent: one answer per member per post is the store's UNIQUE key, and an
		// answer is never deleted, so a repeat of the click records nothing and is told "you already
		// answered" (on Slack, through the original's response_url: a private note, no change). It skips the
		// replay check because the check's write is the burst's cost: every member clicks at once after a
		// post, and remembering each click's id took the burst on SQLite from 242 to 348 µs of CPU a click
		// (bench/burst, median of 12 alternating rounds), below half the floor's throughput. Every other
		// command and button is checked, the learning answers (practice, review, exam) included.
		{Name: ActionAnswer, Hidden: true, Idempotent: true, Args: []Arg{
			{Name: "post", Kind: ArgWord, Required: true}, {Name: "choice", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdAnswer},
		{Name: ActionPracticeAnswer, Hidden: true, Args: []Arg{
			{Name: "id", Kind: ArgWord, Required: true}, {Name: "choice", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdPracticeAnswer},
		{Name: ActionReviewNext, Hidden: true, Args: []Arg{{Name: "owner", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdReviewNext},
		{Name: ActionFlashcardShow, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdFlashcardShow},
		{Name: ActionFlashcardGrade, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}, {Name: "grade", Kind: ArgWord, Required: true}},
			handle: (*Bot).cmdFlashcardGrade},
		{Name: ActionGuessed, Hidden: true, Args: []Arg{
			{Name: "kind", Kind: ArgWord, Required: true}, {Name: "id", Kind: ArgWord, Required: true}, {Name: "owner", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdGuessed},
		{Name: ActionReport, Hidden: true, Args: []Arg{
			{Name: "kind", Kind: ArgWord, Required: true}, {Name: "id", Kind: ArgWord, Required: true}, {Name: "owner", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdReport},
		{Name: ActionExamAnswer, Hidden: true, Args: []Arg{
			{Name: "exam", Kind: ArgWord, Required: true}, {Name: "position", Kind: ArgWord, Required: true}, {Name: "choice", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdExamAnswer},
		{Name: ActionExamPage, Hidden: true, Args: []Arg{
			{Name: "exam", Kind: ArgWord, Required: true}, {Name: "page", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdExamPage},
		{Name: ActionMistakesPage, Hidden: true, Args: []Arg{
			{Name: "page", Kind: ArgWord, Required: true}, {Name: "owner", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdMistakesPage},
		{Name: ActionMistakeRetry, Hidden: true, Args: []Arg{
			{Name: "question", Kind: ArgWord, Required: true}, {Name: "owner", Kind: ArgWord, Required: true},
		}, handle: (*Bot).cmdMistakeRetry},
		{Name: ActionQuestionForm, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdQuestionForm},
		{Name: ActionQuestionSave, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}, {Name: "token", Kind: ArgWord}}, handle: (*Bot).cmdQuestionSave},
		{Name: ActionQuestionSubmit, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdQuestionSubmit},
		{Name: ActionConfirm, Hidden: true, Mod: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdConfirm},
		{Name: ActionCancel, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord}}, handle: (*Bot).cmdCancel},
		{Name: ActionFAQEntry, Hidden: true, Args: []Arg{{Name: "id", Kind: ArgWord, Required: true}}, handle: (*Bot).cmdFAQEntry},
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
