package bot

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/quiz"
)

// commandSpec describes one subcommand: who may use it and how it is handled.
type commandSpec struct {
	name    string
	usage   string
	summary string
	mod     bool
	hidden  bool // button actions, not typed by members
	handle  func(b *Bot, ctx context.Context, cmd Command) (Reply, error)
}

// commands is the table every adapter's input goes through. It is built per Bot call, not kept in a
// package-level registry, so nothing global can change it.
func commandTable() []commandSpec {
	return []commandSpec{
		{name: "help", usage: "/study help", summary: "the commands you can use", handle: (*Bot).cmdHelp},
		{name: "today", usage: "/study today", summary: "this channel's open question again, privately", handle: (*Bot).cmdToday},
		{name: "practice", usage: "/study practice [domain]", summary: "a private practice question (personal stats only)", handle: (*Bot).cmdPractice},
		{name: "leaderboard", usage: "/study leaderboard [week|month|all] [domain]", summary: "top 10 and your rank", handle: (*Bot).cmdLeaderboard},
		{name: "stats", usage: "/study stats [user]", summary: "answers, accuracy per domain, streak and rank", handle: (*Bot).cmdStats},
		{name: "faq", usage: "/study faq [question]", summary: "career and exam questions answered; without a question, the topics", handle: (*Bot).cmdFAQ},
		{name: "schedule", usage: "/study schedule HH:MM [IANA zone] [days]", summary: "daily posts in this channel, e.g. 09:00 America/New_York mon-fri", mod: true, handle: (*Bot).cmdSchedule},
		{name: "unschedule", usage: "/study unschedule", summary: "stop daily posts here (scores stay)", mod: true, handle: (*Bot).cmdUnschedule},
		{name: "post", usage: "/study post", summary: "close the open question and post a new one now", mod: true, handle: (*Bot).cmdPost},
		{name: "domains", usage: "/study domains [all|list]", summary: "which domains this channel draws from", mod: true, handle: (*Bot).cmdDomains},
		{name: "reset", usage: "/study reset week|all", summary: "reset the group's scores, after a confirm button", mod: true, handle: (*Bot).cmdReset},
		{name: "mods", usage: "/study mods add|remove USER-OR-ROLE", summary: "who else may moderate", mod: true, handle: (*Bot).cmdMods},
		{name: "answer", hidden: true, handle: (*Bot).cmdAnswer},
		{name: "practice-answer", hidden: true, handle: (*Bot).cmdPracticeAnswer},
		{name: "confirm", hidden: true, mod: true, handle: (*Bot).cmdConfirm},
		{name: "cancel", hidden: true, handle: (*Bot).cmdCancel},
	}
}

// CommandInfo describes a subcommand for adapters that register commands with a platform.
type CommandInfo struct {
	Name, Usage, Summary string
	Moderator            bool
}

// Commands lists the subcommands members can type.
func Commands() []CommandInfo {
	var out []CommandInfo
	for _, c := range commandTable() {
		if !c.hidden {
			out = append(out, CommandInfo{Name: c.name, Usage: c.usage, Summary: c.summary, Moderator: c.mod})
		}
	}
	return out
}

// Handle runs one command and returns what to show. Errors become private replies: a user's mistake says
// what was wrong, our own failure is logged and answered with a generic apology.
func (b *Bot) Handle(ctx context.Context, cmd Command) Reply {
	reply, err := b.handle(ctx, cmd)
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			b.log.ErrorContext(ctx, "command failed", "platform", cmd.Channel.Platform, "group", cmd.Channel.GroupID,
				"command", cmd.Name, "err", err)
		}
		return Reply{Private: true, Text: ErrorMessage(err)}
	}
	return reply
}

// HandleErr is Handle that also returns the error, for adapters and tests that count outcomes.
func (b *Bot) HandleErr(ctx context.Context, cmd Command) (Reply, error) {
	reply, err := b.handle(ctx, cmd)
	if err != nil {
		return Reply{Private: true, Text: ErrorMessage(err)}, err
	}
	return reply, nil
}

func (b *Bot) handle(ctx context.Context, cmd Command) (Reply, error) {
	if cmd.Channel.Platform == "" || cmd.Channel.GroupID == "" || cmd.User.ID == "" {
		return Reply{}, fmt.Errorf("command without platform, group or user: %+v", cmd.Channel)
	}
	spec, ok := b.commands[cmd.Name]
	if !ok {
		help, err := b.cmdHelp(ctx, cmd)
		if err != nil {
			return Reply{}, err
		}
		help.Text = fmt.Sprintf("Unknown command %q.\n\n%s", cmd.Name, help.Text)
		return help, nil
	}
	// An answer records the member's name in its own transaction; everything else does it here.
	if cmd.User.Name != "" && spec.name != "answer" {
		if err := b.store.TouchMember(ctx, cmd.Channel.Group(), cmd.User.ID, cmd.User.Name); err != nil {
			return Reply{}, fmt.Errorf("touch member: %w", err)
		}
	}
	if spec.mod {
		ok, err := b.IsModerator(ctx, cmd.Channel.Group(), cmd.User)
		if err != nil {
			return Reply{}, err
		}
		if !ok {
			return Reply{}, Errorf(EFORBIDDEN, "Only moderators can use /study %s. Moderators are server admins (Manage Server) or workspace admins, and anyone they add with /study mods add.", strings.Split(spec.name, "-")[0])
		}
	}
	r, err := spec.handle(b, ctx, cmd)
	if err == nil && spec.mod {
		// A moderator can fix what kept the bot from posting here; tell the first one who comes by.
		if why, ok := b.takeNotice(cmd.Channel); ok {
			note := "Heads up: I could not post the daily question in this channel. " + why
			if r.Text != "" {
				note = r.Text + "\n\n" + note
			}
			r.Text = note
		}
	}
	return r, err
}

// IsModerator reports whether the user may run moderator commands in the group: the platform's own
// admin right, or an entry (user or role) in the group's mods list.
func (b *Bot) IsModerator(ctx context.Context, g GroupRef, u User) (bool, error) {
	if u.Admin {
		return true, nil
	}
	mods, err := b.store.Mods(ctx, g)
	if err != nil {
		return false, fmt.Errorf("list mods: %w", err)
	}
	for _, m := range mods {
		if m.Kind == "user" && m.ID == u.ID {
			return true, nil
		}
		if m.Kind == "role" {
			for _, r := range u.Roles {
				if r == m.ID {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

func (b *Bot) cmdHelp(ctx context.Context, cmd Command) (Reply, error) {
	mod, err := b.IsModerator(ctx, cmd.Channel.Group(), cmd.User)
	if err != nil {
		return Reply{}, err
	}
	var lines []string
	lines = append(lines, "studybot: a daily exam question, answers with buttons, leaderboards and career FAQs.")
	for _, c := range Commands() {
		if c.Moderator && !mod {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s: %s", c.Usage, c.Summary))
	}
	if !mod {
		lines = append(lines, "Moderators can also schedule daily posts and manage the group.")
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n")}, nil
}

func (b *Bot) cmdToday(ctx context.Context, cmd Command) (Reply, error) {
	p, err := b.store.OpenPost(ctx, cmd.Channel)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !p.Open(b.clock.Now())) {
		return Reply{Private: true, Text: "There is no open question in this channel right now. Try /study practice for one of your own."}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("open post: %w", err)
	}
	r := b.cardReply(p, false)
	r.Private = true
	return r, nil
}

// cardReply renders a daily post as a card with answer buttons (none when closed).
func (b *Bot) cardReply(p Post, closed bool) Reply {
	q, ok := b.pack.Question(p.QuestionID)
	if !ok {
		return Reply{Text: fmt.Sprintf("Question %s is no longer in the pack.", p.QuestionID)}
	}
	card := &Card{PostID: p.ID, QuestionID: q.ID, Domain: b.domainName(q.Domain), Objective: q.Objective,
		Text: q.Text, Choices: q.Choices, Closed: closed}
	r := Reply{Card: card}
	if !closed {
		for i := range q.Choices {
			r.Buttons = append(r.Buttons, Button{Label: letter(i), Style: StylePrimary,
				Action: Action{Name: "answer", Args: []string{strconv.FormatInt(p.ID, 10), letter(i)}}})
		}
	}
	return r
}

func (b *Bot) cmdAnswer(ctx context.Context, cmd Command) (Reply, error) {
	if len(cmd.Args) != 2 {
		return Reply{}, Errorf(EINVALID, "usage: answer POST-ID LETTER")
	}
	now := b.clock.Now()
	var p Post
	var err error
	if cmd.Args[0] == "" || cmd.Args[0] == "open" {
		p, err = b.store.OpenPost(ctx, cmd.Channel)
		if ErrorCode(err) == ENOTFOUND {
			return Reply{}, Errorf(ENOTFOUND, "There is no open question in this channel right now.")
		}
	} else {
		id, perr := strconv.ParseInt(cmd.Args[0], 10, 64)
		if perr != nil {
			return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
		}
		p, err = b.store.Post(ctx, id)
		if ErrorCode(err) == ENOTFOUND {
			return Reply{}, Errorf(ENOTFOUND, "That question no longer exists.")
		}
	}
	if err != nil {
		return Reply{}, fmt.Errorf("load post: %w", err)
	}
	if p.Channel.Group() != cmd.Channel.Group() {
		return Reply{}, Errorf(ENOTFOUND, "That question belongs to another group.")
	}
	if !p.Open(now) {
		return Reply{}, Errorf(ECONFLICT, "This question is closed. The next one is on its way.")
	}
	q, ok := b.pack.Question(p.QuestionID)
	if !ok {
		return Reply{}, Errorf(ENOTFOUND, "That question is no longer in the pack.")
	}
	choice, ok := quiz.ParseLetter(cmd.Args[1])
	if !ok || choice >= len(q.Choices) {
		return Reply{}, Errorf(EINVALID, "Choose one of %s to %s.", letter(0), letter(len(q.Choices)-1))
	}
	correct := q.Grade(choice)
	a := Answer{PostID: p.ID, Group: cmd.Channel.Group(), UserID: cmd.User.ID, UserName: cmd.User.Name, Choice: choice, Correct: correct,
		Domain: q.Domain, QuestionID: q.ID, AnsweredAt: now}
	if correct {
		a.Points = PointsCorrect
	}
	first, err := b.store.RecordAnswer(ctx, a)
	if ErrorCode(err) == ECONFLICT {
		return Reply{Private: true, Text: fmt.Sprintf("You already answered %s. Only your first answer counts; the reveal comes when the question closes.", letter(first.Choice))}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("record answer: %w", err)
	}
	b.obs.AnswerRecorded(cmd.Channel.Platform, correct)
	text := feedback(q, choice, a.Points, first.Streak)
	if !p.Scheduled() {
		text += " (an extra question: streaks count the scheduled ones)"
	}
	return Reply{Private: true, Text: text}, nil
}

// feedback is the private reply to an answer: right or wrong, the key, the explanation, points and streak.
func feedback(q quiz.Question, choice, points, streak int) string {
	var b strings.Builder
	if q.Grade(choice) {
		fmt.Fprintf(&b, "Correct! %s) %s\n", letter(choice), q.Choices[choice])
	} else {
		fmt.Fprintf(&b, "Not quite: you chose %s. The answer is %s) %s\n", letter(choice), letter(q.Answer), q.Choices[q.Answer])
	}
	b.WriteString(q.Explanation)
	if streak >= 0 {
		fmt.Fprintf(&b, "\n+%d points · streak %d", points, streak)
	}
	return b.String()
}

func (b *Bot) cmdPractice(ctx context.Context, cmd Command) (Reply, error) {
	var allowed []string
	if len(cmd.Args) > 0 {
		d, ok := b.pack.FindDomain(strings.Join(cmd.Args, " "))
		if !ok {
			return Reply{}, b.unknownDomain(strings.Join(cmd.Args, " "))
		}
		allowed = []string{d.ID}
	}
	attempts, err := b.store.Attempts(ctx, cmd.Channel.Group(), cmd.User.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("attempts: %w", err)
	}
	now := b.clock.Now()
	q := quiz.PickPractice(b.pack, allowed, practiceHistory(attempts), now, cmd.User.ID)
	id, err := b.store.CreatePractice(ctx, Practice{Group: cmd.Channel.Group(), UserID: cmd.User.ID, QuestionID: q.ID,
		Domain: q.Domain, CreatedAt: now})
	if err != nil {
		return Reply{}, fmt.Errorf("create practice: %w", err)
	}
	card := &Card{PracticeID: id, QuestionID: q.ID, Domain: b.domainName(q.Domain), Objective: q.Objective,
		Text: q.Text, Choices: q.Choices, Practice: true}
	r := Reply{Private: true, Card: card}
	for i := range q.Choices {
		r.Buttons = append(r.Buttons, Button{Label: letter(i), Action: Action{Name: "practice-answer",
			Args: []string{strconv.FormatInt(id, 10), letter(i)}}})
	}
	return r, nil
}

func practiceHistory(attempts map[string]Attempt) map[string]quiz.Attempt {
	out := make(map[string]quiz.Attempt, len(attempts))
	for id, a := range attempts {
		out[id] = quiz.Attempt{Correct: a.Correct, At: a.At}
	}
	return out
}

func (b *Bot) cmdPracticeAnswer(ctx context.Context, cmd Command) (Reply, error) {
	if len(cmd.Args) != 2 {
		return Reply{}, Errorf(EINVALID, "usage: practice-answer ID LETTER")
	}
	id, err := strconv.ParseInt(cmd.Args[0], 10, 64)
	if err != nil {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	pr, err := b.store.Practice(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{}, Errorf(ENOTFOUND, "That practice question no longer exists.")
	}
	if err != nil {
		return Reply{}, fmt.Errorf("load practice: %w", err)
	}
	if pr.Group != cmd.Channel.Group() || pr.UserID != cmd.User.ID {
		return Reply{}, Errorf(EFORBIDDEN, "That practice question was someone else's. Try /study practice for your own.")
	}
	q, ok := b.pack.Question(pr.QuestionID)
	if !ok {
		return Reply{}, Errorf(ENOTFOUND, "That question is no longer in the pack.")
	}
	choice, ok := quiz.ParseLetter(cmd.Args[1])
	if !ok || choice >= len(q.Choices) {
		return Reply{}, Errorf(EINVALID, "Choose one of %s to %s.", letter(0), letter(len(q.Choices)-1))
	}
	err = b.store.AnswerPractice(ctx, id, choice, q.Grade(choice), b.clock.Now())
	if ErrorCode(err) == ECONFLICT {
		return Reply{Private: true, Text: "You already answered this practice question. Try /study practice for another."}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("answer practice: %w", err)
	}
	text := feedback(q, choice, 0, -1) + "\nPractice counts for your stats, not the leaderboard. /study practice for another."
	return Reply{Private: true, Text: text}, nil
}

func (b *Bot) unknownDomain(s string) error {
	return Errorf(EINVALID, "Unknown domain %q. Domains: %s.", s, strings.Join(b.pack.DomainIDs(), ", "))
}

func (b *Bot) cmdLeaderboard(ctx context.Context, cmd Command) (Reply, error) {
	period := PeriodWeek
	domain := ""
	periodSet := false
	for _, a := range cmd.Args {
		switch p := Period(strings.ToLower(a)); p {
		case PeriodWeek, PeriodMonth, PeriodAll:
			if periodSet {
				return Reply{}, Errorf(EINVALID, "Give one period: week, month or all.")
			}
			period, periodSet = p, true
			continue
		case "alltime", "all-time", "ever":
			period, periodSet = PeriodAll, true
			continue
		}
		d, ok := b.pack.FindDomain(a)
		if !ok || domain != "" {
			return Reply{}, Errorf(EINVALID, "Unknown period or domain %q. Periods: week, month, all. Domains: %s.", a, strings.Join(b.pack.DomainIDs(), ", "))
		}
		domain = d.ID
	}
	g := cmd.Channel.Group()
	lb, err := b.store.Leaderboard(ctx, LeaderboardQuery{Group: g, Period: period, At: b.clock.Now(),
		Domain: domain, Limit: 10, UserID: cmd.User.ID})
	if err != nil {
		return Reply{}, fmt.Errorf("leaderboard: %w", err)
	}
	title := map[Period]string{PeriodWeek: "This week", PeriodMonth: "This month", PeriodAll: "All time"}[period]
	if domain != "" {
		title += " · " + b.domainName(domain)
	}
	t := &Table{Title: "Leaderboard · " + title, Columns: []string{"#", "Member", "Points", "Correct"}}
	for _, r := range lb.Top {
		t.Rows = append(t.Rows, []string{strconv.Itoa(r.Rank), r.Name, strconv.Itoa(r.Points), fmt.Sprintf("%d/%d", r.Correct, r.Answered)})
	}
	switch {
	case len(lb.Top) == 0:
		t.Footer = "No answers yet in this period. Answer the daily question to get on the board."
	case lb.Me == nil:
		t.Footer = "You have no answers in this period yet."
	default:
		t.Footer = fmt.Sprintf("Your rank: #%d with %d points.", lb.Me.Rank, lb.Me.Points)
	}
	return Reply{Private: true, Table: t}, nil
}

func (b *Bot) cmdStats(ctx context.Context, cmd Command) (Reply, error) {
	g := cmd.Channel.Group()
	userID, name := cmd.User.ID, cmd.User.Name
	if len(cmd.Args) > 1 {
		return Reply{}, Errorf(EINVALID, "usage: /study stats [user]")
	}
	if len(cmd.Args) == 1 {
		userID = strings.TrimPrefix(cmd.Args[0], "user:")
		n, err := b.store.MemberName(ctx, g, userID)
		if err != nil {
			return Reply{}, fmt.Errorf("member name: %w", err)
		}
		if n == "" {
			return Reply{}, Errorf(ENOTFOUND, "I have no record of %s in this group yet.", cmd.Args[0])
		}
		name = n
	}
	st, err := b.store.MemberStats(ctx, g, userID)
	if err != nil {
		return Reply{}, fmt.Errorf("stats: %w", err)
	}
	streak, err := b.store.Streak(ctx, cmd.Channel, userID)
	if err != nil {
		return Reply{}, fmt.Errorf("streak: %w", err)
	}
	lb, err := b.store.Leaderboard(ctx, LeaderboardQuery{Group: g, Period: PeriodAll, Limit: 0, UserID: userID})
	if err != nil {
		return Reply{}, fmt.Errorf("rank: %w", err)
	}
	if name == "" {
		name = userID
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("Stats for %s", name))
	lines = append(lines, fmt.Sprintf("Daily questions: %d answered, %d correct (%s), %d points", st.Answered, st.Correct, percent(st.Correct, st.Answered), st.Points))
	lines = append(lines, fmt.Sprintf("Practice: %d answered, %d correct (%s)", st.Practiced, st.PracticeCorrect, percent(st.PracticeCorrect, st.Practiced)))
	lines = append(lines, fmt.Sprintf("Streak in this channel: %d", streak))
	if lb.Me != nil {
		lines = append(lines, fmt.Sprintf("All-time rank: #%d", lb.Me.Rank))
	} else {
		lines = append(lines, "All-time rank: not ranked yet")
	}
	t := &Table{Title: "By domain (daily and practice)", Columns: []string{"Domain", "Answered", "Correct", "Accuracy"}}
	byDomain := map[string]DomainStats{}
	for _, d := range st.Domains {
		byDomain[d.Domain] = d
	}
	for _, d := range b.pack.Domains {
		ds := byDomain[d.ID]
		t.Rows = append(t.Rows, []string{d.Name, strconv.Itoa(ds.Answered), strconv.Itoa(ds.Correct), percent(ds.Correct, ds.Answered)})
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n"), Table: t}, nil
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", (n*100+of/2)/of)
}

func (b *Bot) cmdFAQ(ctx context.Context, cmd Command) (Reply, error) {
	q := strings.TrimSpace(strings.Join(cmd.Args, " "))
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

func (b *Bot) cmdSchedule(ctx context.Context, cmd Command) (Reply, error) {
	s, err := ParseSchedule(cmd.Args)
	if err != nil {
		return Reply{}, err
	}
	if err := b.store.SetSchedule(ctx, cmd.Channel, &s); err != nil {
		return Reply{}, fmt.Errorf("set schedule: %w", err)
	}
	next, _ := s.Next(b.clock.Now())
	loc, _ := LoadZone(s.Zone)
	return Reply{Private: true, Text: fmt.Sprintf("Scheduled: a question at %02d:%02d %s, %s. Next post: %s.",
		s.Hour, s.Minute, s.Zone, s.Days, next.In(loc).Format("Mon 2 Jan 2006 15:04 MST"))}, nil
}

func (b *Bot) cmdUnschedule(ctx context.Context, cmd Command) (Reply, error) {
	ch, err := b.store.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	if ch.Schedule == nil {
		return Reply{Private: true, Text: "This channel has no schedule."}, nil
	}
	if err := b.store.SetSchedule(ctx, cmd.Channel, nil); err != nil {
		return Reply{}, fmt.Errorf("clear schedule: %w", err)
	}
	return Reply{Private: true, Text: "Daily posts stopped in this channel. Scores stay."}, nil
}

func (b *Bot) cmdPost(ctx context.Context, cmd Command) (Reply, error) {
	now := b.clock.Now()
	p, err := b.publish(ctx, cmd.Channel, ManualSlotPrefix+strconv.FormatInt(now.UnixNano(), 10)+"-"+newID()[:4])
	if err != nil {
		return Reply{}, err
	}
	if p.MessageID == "" {
		return Reply{Private: true, Text: "Recorded a new question, but the platform did not accept the message, so it is not in the channel; members can still answer it with /study today."}, nil
	}
	return Reply{Private: true, Text: "Posted a new question."}, nil
}

func (b *Bot) cmdDomains(ctx context.Context, cmd Command) (Reply, error) {
	if len(cmd.Args) > 0 {
		var ids []string
		arg := strings.Join(cmd.Args, ",")
		if !strings.EqualFold(strings.TrimSpace(arg), "all") {
			for _, s := range strings.FieldsFunc(arg, func(r rune) bool { return r == ',' || r == ' ' }) {
				d, ok := b.pack.FindDomain(s)
				if !ok {
					return Reply{}, b.unknownDomain(s)
				}
				if !containsString(ids, d.ID) {
					ids = append(ids, d.ID)
				}
			}
		}
		if err := b.store.SetDomains(ctx, cmd.Channel, ids); err != nil {
			return Reply{}, fmt.Errorf("set domains: %w", err)
		}
	}
	ch, err := b.store.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	t := &Table{Title: "Domains for this channel", Columns: []string{"Domain", "Id", "Weight", "Questions", "On"}}
	for _, d := range b.pack.Domains {
		on := "yes"
		if len(ch.Domains) > 0 && !containsString(ch.Domains, d.ID) {
			on = "no"
		}
		t.Rows = append(t.Rows, []string{d.Name, d.ID, fmt.Sprintf("%d%%", d.Weight), strconv.Itoa(len(b.pack.QuestionsIn(d.ID))), on})
	}
	t.Footer = "Change with /study domains all, or /study domains security,it-ops"
	return Reply{Private: true, Table: t}, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const confirmTTL = 5 * time.Minute

func (b *Bot) cmdReset(ctx context.Context, cmd Command) (Reply, error) {
	if len(cmd.Args) != 1 || (cmd.Args[0] != "week" && cmd.Args[0] != "all") {
		return Reply{}, Errorf(EINVALID, "usage: /study reset week|all")
	}
	c := Confirmation{ID: newID(), Group: cmd.Channel.Group(), UserID: cmd.User.ID, Action: "reset-" + cmd.Args[0],
		ExpiresAt: b.clock.Now().Add(confirmTTL)}
	if err := b.store.CreateConfirmation(ctx, c); err != nil {
		return Reply{}, fmt.Errorf("create confirmation: %w", err)
	}
	what := "this week's scores"
	if cmd.Args[0] == "all" {
		what = "ALL scores, for all time"
	}
	return Reply{Private: true,
		Text: fmt.Sprintf("Reset %s for the whole group? Answers and stats stay; points go to zero. This cannot be undone. The button works for 5 minutes.", what),
		Buttons: []Button{
			{Label: "Reset " + cmd.Args[0], Style: StyleDanger, Action: Action{Name: "confirm", Args: []string{c.ID}}},
			{Label: "Cancel", Action: Action{Name: "cancel", Args: []string{c.ID}}},
		}}, nil
}

func (b *Bot) cmdConfirm(ctx context.Context, cmd Command) (Reply, error) {
	if len(cmd.Args) != 1 {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	c, err := b.store.TakeConfirmation(ctx, cmd.Args[0], b.clock.Now())
	if ErrorCode(err) == ENOTFOUND {
		return Reply{}, Errorf(ENOTFOUND, "That confirmation has expired or was already used. Run the command again.")
	}
	if err != nil {
		return Reply{}, fmt.Errorf("take confirmation: %w", err)
	}
	if c.Group != cmd.Channel.Group() || c.UserID != cmd.User.ID {
		return Reply{}, Errorf(EFORBIDDEN, "Only the moderator who asked can confirm this.")
	}
	var since time.Time
	switch c.Action {
	case "reset-week":
		since = PeriodStart(PeriodWeek, b.clock.Now(), b.groupZone(ctx, c.Group))
	case "reset-all":
	default:
		return Reply{}, fmt.Errorf("unknown confirmation action %q", c.Action)
	}
	n, err := b.store.ResetScores(ctx, c.Group, since)
	if err != nil {
		return Reply{}, fmt.Errorf("reset scores: %w", err)
	}
	b.log.InfoContext(ctx, "scores reset", "group", c.Group.GroupID, "action", c.Action, "answers", n)
	return Reply{Private: true, Text: fmt.Sprintf("Done: %d answers set to zero points.", n)}, nil
}

func (b *Bot) cmdCancel(ctx context.Context, cmd Command) (Reply, error) {
	if len(cmd.Args) == 1 {
		c, err := b.store.TakeConfirmation(ctx, cmd.Args[0], b.clock.Now())
		if err == nil && (c.Group != cmd.Channel.Group() || c.UserID != cmd.User.ID) {
			// Not theirs: put it back untouched.
			if err := b.store.CreateConfirmation(ctx, c); err != nil {
				return Reply{}, fmt.Errorf("restore confirmation: %w", err)
			}
			return Reply{}, Errorf(EFORBIDDEN, "Only the moderator who asked can cancel this.")
		}
	}
	return Reply{Private: true, Text: "Cancelled. Nothing changed."}, nil
}

func (b *Bot) cmdMods(ctx context.Context, cmd Command) (Reply, error) {
	g := cmd.Channel.Group()
	if len(cmd.Args) == 0 || strings.EqualFold(cmd.Args[0], "list") {
		mods, err := b.store.Mods(ctx, g)
		if err != nil {
			return Reply{}, fmt.Errorf("list mods: %w", err)
		}
		if len(mods) == 0 {
			return Reply{Private: true, Text: "No added moderators. Platform admins always moderate. Add one with /study mods add USER-OR-ROLE."}, nil
		}
		var names []string
		for _, m := range mods {
			names = append(names, m.Kind+" "+b.displayName(ctx, g, m))
		}
		sort.Strings(names)
		return Reply{Private: true, Text: "Added moderators:\n- " + strings.Join(names, "\n- ")}, nil
	}
	if len(cmd.Args) != 2 {
		return Reply{}, Errorf(EINVALID, "usage: /study mods add|remove USER-OR-ROLE")
	}
	m := ParseMod(cmd.Args[1])
	if m.ID == "" {
		return Reply{}, Errorf(EINVALID, "Name a user or a role.")
	}
	switch strings.ToLower(cmd.Args[0]) {
	case "add":
		if err := b.store.AddMod(ctx, g, m); err != nil {
			return Reply{}, fmt.Errorf("add mod: %w", err)
		}
		return Reply{Private: true, Text: fmt.Sprintf("%s can now moderate studybot here.", b.displayName(ctx, g, m))}, nil
	case "remove":
		ok, err := b.store.RemoveMod(ctx, g, m)
		if err != nil {
			return Reply{}, fmt.Errorf("remove mod: %w", err)
		}
		if !ok {
			return Reply{Private: true, Text: fmt.Sprintf("%s was not on the moderators list.", b.displayName(ctx, g, m))}, nil
		}
		return Reply{Private: true, Text: fmt.Sprintf("%s is no longer a moderator.", b.displayName(ctx, g, m))}, nil
	}
	return Reply{}, Errorf(EINVALID, "usage: /study mods add|remove USER-OR-ROLE")
}

// ParseMod reads a moderator reference: "role:ID" for a role, "user:ID" or a bare id for a user.
func ParseMod(s string) Mod {
	if id, ok := strings.CutPrefix(s, "role:"); ok {
		return Mod{Kind: "role", ID: id}
	}
	return Mod{Kind: "user", ID: strings.TrimPrefix(s, "user:")}
}

func (b *Bot) displayName(ctx context.Context, g GroupRef, m Mod) string {
	if m.Kind == "user" {
		if n, err := b.store.MemberName(ctx, g, m.ID); err == nil && n != "" {
			return n
		}
	}
	return m.ID
}
