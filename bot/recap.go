package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/quiz"
)

// MemberTotal is one member's daily answers over a span of time.
type MemberTotal struct {
	UserID   string
	Name     string
	Points   int
	Answered int
	Correct  int
}

// score is the member's total as the leaderboard ranks it.
func (t MemberTotal) score() Score {
	return Score{UserID: t.UserID, Points: t.Points, Answered: t.Answered, Correct: t.Correct}
}

// QuestionTotal is how one question fared over a span of time.
type QuestionTotal struct {
	QuestionID string
	Answered   int
	Correct    int
}

// Recap rules.
const (
	// RecapTop is how many members the recap ranks.
	RecapTop = 5
	// ImprovedMinWeek and ImprovedMinBefore are how many answers a member needs this week and before it to
	// be considered for most improved, so that one lucky answer does not win it.
	ImprovedMinWeek   = 3
	ImprovedMinBefore = 5
	// HardestMinAnswers is how many answers a question needs to be the week's hardest; with none that
	// many, the most answered questions compete.
	HardestMinAnswers = 3
)

// Recap is a channel's weekly summary of its group: the week's top members, the most improved, the
// hardest question, participation, and accuracy per domain this week against all time. Its outbox payload
// is the week's key ("w2026-03-02", the Monday it starts, in the channel's zone) for the scheduled recap,
// and the key plus "/now-" and a timestamp for one a moderator asks for with /study recap, which is an
// extra message and does not stand in for the scheduled one.
type Recap struct {
	Week     string // "w2026-03-02"
	From, To time.Time
	Zone     string
	// SoFar is true when the week was not over when the recap was built (/study recap mid-week).
	SoFar    bool
	Top      []Rank
	Improved *Improvement
	Hardest  *HardQuestion
	Members  int // who answered this week
	Answers  int // their answers
	// Questions is how many daily questions they answered: a question asked in two channels counts once.
	Questions int
	Domains   []DomainAccuracy
}

// Improvement is the most improved member: the largest rise in share right this week over the member's
// share right before this week, among members with at least ImprovedMinWeek answers this week and
// ImprovedMinBefore before it. Ties go to more answers this week, then to the name.
type Improvement struct {
	Name                         string
	Before, Now                  int // percent right
	AnswersBefore, AnswersInWeek int
}

// HardQuestion is a question with the share of members who got it right.
type HardQuestion struct {
	QuestionID  string
	Domain      string // the domain's name
	Text        string
	Answer      string // "C) Destroy"
	Explanation string
	Source      string
	Answered    int
	Correct     int
}

// Share is the percentage of answers that were right, rounded.
func (h HardQuestion) Share() int { return share(h.Correct, h.Answered) }

// DomainAccuracy compares a domain's answers this week with all answers up to the week's end.
type DomainAccuracy struct {
	ID, Name  string
	Week, All DomainStats
}

// Chart is a bar chart to draw, described in the core's words: adapters and the web page draw it (PNG) the
// same way through one package. Values are percentages from 0 to 100, NaN where there is no data.
type Chart struct {
	Title      string
	Categories []string
	Series     []ChartSeries
	// Name is a file name for the image ("recap-w2026-03-02.png"); AltText describes it in words.
	Name    string
	AltText string
}

// ChartSeries is one series of a chart: a value per category.
type ChartSeries struct {
	Name   string
	Values []float64
}

// errNothingToRecap skips a recap for a week without answers: its outbox row is done without a message.
var errNothingToRecap = errors.New("not sent: nobody answered a daily question that week")

// manualRecap separates a week's key from the rest of the payload of an extra recap (/study recap).
const manualRecap = "/now-"

// RecapOwed returns the key of the week a recap is owed for at now, if one is: at the schedule's first
// slot of the local week (Monday 09:00 for 09:00 mon-fri), until the end of that local day, the recap of
// the week before is due, provided the schedule already stood at that slot (see Since). A process that was
// down all that day skips the week, as it skips a day's question.
func (s Schedule) RecapOwed(now time.Time) (week string, at time.Time, ok bool) {
	loc, err := LoadZone(s.Zone)
	if err != nil || s.Days == 0 {
		return "", time.Time{}, false
	}
	start := PeriodStart(PeriodWeek, now, loc)
	y, m, d := start.Date()
	for i := 0; i < 7; i++ {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		if !s.Days.Has(day.Weekday()) {
			continue
		}
		at = time.Date(y, m, d+i, s.Hour, s.Minute, 0, 0, loc)
		end := time.Date(y, m, d+i+1, 0, 0, 0, 0, loc)
		if now.Before(at) || !now.Before(end) || (!s.Since.IsZero() && at.Before(s.Since)) {
			return "", time.Time{}, false
		}
		return "w" + time.Date(y, m, d-7, 0, 0, 0, 0, loc).Format("2006-01-02"), at, true
	}
	return "", time.Time{}, false
}

// queueRecap queues the recap a scheduled channel is owed at now, if any. The store's unique key decides;
// what this process queued (or found queued) is remembered, so later ticks that day do not write again.
func (b *Bot) queueRecap(ctx context.Context, ch Channel, now time.Time) error {
	week, _, ok := ch.Schedule.RecapOwed(now)
	if !ok {
		return nil
	}
	b.mu.RLock()
	done := b.recapsQueued[ch.Ref] == week
	b.mu.RUnlock()
	if done {
		return nil
	}
	queued, err := b.recaps.QueueRecap(ctx, ch.Ref, week, now, deliverBy(b.scheduleZone(ctx, ch.Ref, ch.Schedule), now))
	if err != nil {
		return fmt.Errorf("queue recap for %s: %w", ch.Ref.Key(), err)
	}
	b.mu.Lock()
	b.recapsQueued[ch.Ref] = week
	b.mu.Unlock()
	if queued {
		b.log.InfoContext(ctx, "weekly recap queued", "platform", ch.Ref.Platform, "group", ch.Ref.GroupID,
			"channel", ch.Ref.ChannelID, "week", week)
	}
	return nil
}

// channelZone is the zone a channel's days and weeks are counted in: its schedule's, else the group's.
func (b *Bot) channelZone(ctx context.Context, ch ChannelRef) *time.Location {
	c, err := b.channels.Channel(ctx, ch)
	if err != nil {
		return b.groupZone(ctx, ch.Group())
	}
	return b.scheduleZone(ctx, ch, c.Schedule)
}

// scheduleZone is channelZone for a channel whose schedule (nil if none) was read already.
func (b *Bot) scheduleZone(ctx context.Context, ch ChannelRef, s *Schedule) *time.Location {
	if s != nil {
		if l, err := LoadZone(s.Zone); err == nil {
			return l
		}
	}
	return b.groupZone(ctx, ch.Group())
}

// recapReply builds the recap a delivery's payload names, or errNothingToRecap for a week without answers.
func (b *Bot) recapReply(ctx context.Context, ch ChannelRef, payload string) (Reply, error) {
	week, _, _ := strings.Cut(payload, manualRecap)
	day, err := time.Parse("2006-01-02", strings.TrimPrefix(week, "w"))
	if err != nil || !strings.HasPrefix(week, "w") {
		return Reply{}, Errorf(EINVALID, "recap payload %q names no week", payload)
	}
	loc := b.channelZone(ctx, ch)
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
	pk, err := b.packFor(ctx, ch)
	if err != nil {
		return Reply{}, err
	}
	r, err := b.BuildRecap(ctx, ch.Group(), pk, from)
	if err != nil {
		return Reply{}, err
	}
	if r.Answers == 0 {
		return Reply{}, errNothingToRecap
	}
	return r.Reply(), nil
}

// BuildRecap builds the recap of the group's week that starts at from (a Monday 00:00 in the zone the
// week is counted in), with the questions and domains of pack pk (the channel's).
func (b *Bot) BuildRecap(ctx context.Context, g GroupRef, pk *quiz.Pack, from time.Time) (Recap, error) {
	loc := from.Location()
	to := time.Date(from.Year(), from.Month(), from.Day()+7, 0, 0, 0, 0, loc)
	r := Recap{Week: "w" + from.Format("2006-01-02"), From: from, To: to, Zone: loc.String(), SoFar: b.clock.Now().Before(to)}
	week, err := b.summaries.MemberTotals(ctx, g, from, to)
	if err != nil {
		return r, fmt.Errorf("recap: week's members: %w", err)
	}
	for _, m := range week {
		r.Members++
		r.Answers += m.Answered
	}
	if r.Answers == 0 {
		return r, nil
	}
	r.Top = rankTotals(week, RecapTop)
	before, err := b.summaries.MemberTotals(ctx, g, time.Time{}, from)
	if err != nil {
		return r, fmt.Errorf("recap: earlier answers: %w", err)
	}
	r.Improved = mostImproved(week, before)
	qs, err := b.summaries.QuestionTotals(ctx, g, from, to)
	if err != nil {
		return r, fmt.Errorf("recap: questions: %w", err)
	}
	r.Questions = len(qs)
	if h := hardest(pk, qs, 1); len(h) > 0 {
		r.Hardest = &h[0]
	}
	if r.Domains, err = b.domainAccuracy(ctx, g, pk, from, to); err != nil {
		return r, err
	}
	return r, nil
}

// domainAccuracy compares each of the pack's domains in [from, to) with all answers before to.
func (b *Bot) domainAccuracy(ctx context.Context, g GroupRef, pk *quiz.Pack, from, to time.Time) ([]DomainAccuracy, error) {
	wk, err := b.summaries.DomainTotals(ctx, g, from, to)
	if err != nil {
		return nil, fmt.Errorf("domain totals: %w", err)
	}
	all, err := b.summaries.DomainTotals(ctx, g, time.Time{}, to)
	if err != nil {
		return nil, fmt.Errorf("domain totals: %w", err)
	}
	find := func(list []DomainStats, id string) DomainStats {
		for _, d := range list {
			if d.Domain == id {
				return d
			}
		}
		return DomainStats{Domain: id}
	}
	var out []DomainAccuracy
	for _, d := range pk.Domains {
		out = append(out, DomainAccuracy{ID: d.ID, Name: d.Name, Week: find(wk, d.ID), All: find(all, d.ID)})
	}
	return out, nil
}

// rankTotals ranks members the way the leaderboard does (byRank and better): points, then correct answers;
// equal members share a rank and are listed by user id.
func rankTotals(ts []MemberTotal, limit int) []Rank {
	ts = slices.Clone(ts)
	slices.SortFunc(ts, func(a, b MemberTotal) int { return byRank(a.score(), b.score()) })
	var out []Rank
	for i, t := range ts {
		if limit > 0 && i == limit {
			break
		}
		r := Rank{Rank: i + 1, UserID: t.UserID, Name: t.Name, Points: t.Points, Answered: t.Answered, Correct: t.Correct}
		if i > 0 && !better(ts[i-1].score(), t.score()) {
			r.Rank = out[i-1].Rank
		}
		out = append(out, r)
	}
	return out
}

// mostImproved applies Improvement's rule; nil when nobody qualifies or nobody rose.
func mostImproved(week, before []MemberTotal) *Improvement {
	prior := map[string]MemberTotal{}
	for _, m := range before {
		prior[m.UserID] = m
	}
	var best *Improvement
	var bestRise float64
	for _, m := range week {
		p, ok := prior[m.UserID]
		if !ok || m.Answered < ImprovedMinWeek || p.Answered < ImprovedMinBefore {
			continue
		}
		rise := float64(m.Correct)/float64(m.Answered) - float64(p.Correct)/float64(p.Answered)
		if rise <= 0 {
			continue
		}
		imp := &Improvement{Name: m.Name, Before: share(p.Correct, p.Answered), Now: share(m.Correct, m.Answered),
			AnswersBefore: p.Answered, AnswersInWeek: m.Answered}
		switch {
		case best == nil, rise > bestRise+1e-9:
		case math.Abs(rise-bestRise) <= 1e-9 && (m.Answered > best.AnswersInWeek || (m.Answered == best.AnswersInWeek && m.Name < best.Name)):
		default:
			continue
		}
		best, bestRise = imp, rise
	}
	return best
}

// hardest returns up to n questions with the lowest share right, among those with at least
// HardestMinAnswers answers (or, if none has that many, the most answered); ties go to more answers.
func hardest(pk *quiz.Pack, qs []QuestionTotal, n int) []HardQuestion {
	minAnswers := HardestMinAnswers
	most := 0
	for _, q := range qs {
		most = max(most, q.Answered)
	}
	minAnswers = max(min(minAnswers, most), 1)
	var cands []QuestionTotal
	for _, q := range qs {
		if _, ok := pk.Question(q.QuestionID); ok && q.Answered >= minAnswers {
			cands = append(cands, q)
		}
	}
	slices.SortFunc(cands, func(x, y QuestionTotal) int {
		// x.Correct/x.Answered < y.Correct/y.Answered, in integers.
		return cmp.Or(cmp.Compare(x.Correct*y.Answered, y.Correct*x.Answered), cmp.Compare(y.Answered, x.Answered), cmp.Compare(x.QuestionID, y.QuestionID))
	})
	var out []HardQuestion
	for _, c := range cands {
		if len(out) == n {
			break
		}
		q, _ := pk.Question(c.QuestionID)
		out = append(out, HardQuestion{QuestionID: q.ID, Domain: domainName(pk, q.Domain), Text: q.Text,
			Answer: letter(q.Answer) + ") " + q.Choices[q.Answer], Explanation: q.Explanation, Source: q.Source,
			Answered: c.Answered, Correct: c.Correct})
	}
	return out
}

// AccuracyChart is the chart of the group's share right per domain in a week against all time.
func AccuracyChart(domains []DomainAccuracy, name string) Chart {
	c := Chart{Title: "Share right per domain", Name: name,
		Series: []ChartSeries{{Name: "This week"}, {Name: "All time"}}}
	var alt []string
	for _, d := range domains {
		c.Categories = append(c.Categories, d.Name)
		c.Series[0].Values = append(c.Series[0].Values, accuracy(d.Week))
		c.Series[1].Values = append(c.Series[1].Values, accuracy(d.All))
		alt = append(alt, fmt.Sprintf("%s %s this week, %s all time", d.Name, percent(d.Week.Correct, d.Week.Answered), percent(d.All.Correct, d.All.Answered)))
	}
	c.AltText = "Share right per domain: " + strings.Join(alt, "; ") + "."
	return c
}

// Heading names the recap's week: "Weekly recap · week of Mon 2 Mar 2026".
func (r Recap) Heading() string {
	kind := "Weekly recap"
	if r.SoFar {
		kind = "Recap so far"
	}
	return fmt.Sprintf("%s · week of %s", kind, r.From.Format("Mon 2 Jan 2006"))
}

// Reply renders the recap as a public message: its text, the top members as a table, and the chart.
func (r Recap) Reply() Reply {
	var lines []string
	lines = append(lines, r.Heading())
	lines = append(lines, fmt.Sprintf("Participation: %s gave %s to %s.", count(r.Members, "member", "members"),
		count(r.Answers, "answer", "answers"), count(r.Questions, "daily question", "daily questions")))
	if im := r.Improved; im != nil {
		lines = append(lines, fmt.Sprintf("Most improved: %s, %d%% right this week (%s) against %d%% before (%s).",
			im.Name, im.Now, count(im.AnswersInWeek, "answer", "answers"), im.Before, count(im.AnswersBefore, "answer", "answers")))
	} else {
		lines = append(lines, "Most improved: nobody yet.")
	}
	lines = append(lines, fmt.Sprintf("  (The largest rise in share right over a member's earlier answers, with at least %s this week and %d before.)",
		count(ImprovedMinWeek, "answer", "answers"), ImprovedMinBefore))
	if h := r.Hardest; h != nil {
		lines = append(lines, fmt.Sprintf("Hardest question (%s): %s", h.Domain, h.Text))
		lines = append(lines, fmt.Sprintf("  %d%% right (%d of %d). Answer: %s. %s", h.Share(), h.Correct, h.Answered, h.Answer, h.Explanation))
	}
	var acc []string
	for _, d := range r.Domains {
		acc = append(acc, fmt.Sprintf("%s %s (all time %s)", d.Name, percent(d.Week.Correct, d.Week.Answered), percent(d.All.Correct, d.All.Answered)))
	}
	if len(acc) > 0 {
		lines = append(lines, "Share right this week: "+strings.Join(acc, ", ")+".")
	}
	t := &Table{Title: "Top " + strconv.Itoa(RecapTop) + " this week", Columns: []string{"#", "Member", "Points", "Correct"}}
	for _, m := range r.Top {
		t.Rows = append(t.Rows, []string{strconv.Itoa(m.Rank), m.Name, strconv.Itoa(m.Points), fmt.Sprintf("%d/%d", m.Correct, m.Answered)})
	}
	c := AccuracyChart(r.Domains, "recap-"+r.Week+".png")
	return Reply{Text: strings.Join(lines, "\n"), Table: t, Chart: &c}
}

// cmdRecap posts the recap of the week so far in this channel now, as an extra message: the scheduled
// recap of the whole week still posts at the first slot of the next week.
func (b *Bot) cmdRecap(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	now := b.clock.Now()
	loc := b.channelZone(ctx, cmd.Channel)
	from := PeriodStart(PeriodWeek, now, loc)
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	r, err := b.BuildRecap(ctx, cmd.Channel.Group(), pk, from)
	if err != nil {
		return Reply{}, err
	}
	if r.Answers == 0 {
		return Reply{Private: true, Text: "Nobody has answered a daily question this week yet, so there is nothing to recap."}, nil
	}
	payload := r.Week + manualRecap + strconv.FormatInt(now.UnixNano(), 10)
	if _, err := b.recaps.QueueRecap(ctx, cmd.Channel, payload, now, deliverBy(loc, now)); err != nil {
		return Reply{}, fmt.Errorf("queue recap: %w", err)
	}
	if err := b.outbox.RetryNow(ctx, cmd.Channel, now); err != nil {
		return Reply{}, fmt.Errorf("retry now: %w", err)
	}
	if err := b.deliverChannel(ctx, cmd.Channel); err != nil {
		return Reply{}, fmt.Errorf("deliver: %w", err)
	}
	st, err := b.recaps.RecapState(ctx, cmd.Channel, payload)
	if err != nil {
		return Reply{}, fmt.Errorf("recap state: %w", err)
	}
	platform := b.platform(cmd.Channel.Platform).Name
	const weekly = " The weekly recap of the whole week still posts at this channel's first question of next week."
	switch st.Status {
	case "delivered":
		return Reply{Private: true, Text: "Posted the recap of this week so far." + weekly}, nil
	case "failed":
		why, _ := b.outbox.TakeNotice(ctx, cmd.Channel)
		if why == "" {
			why = "(" + st.Error + ")"
		}
		return Reply{Private: true, Text: fmt.Sprintf("%s did not accept the recap, so it is not in the channel. %s", platform, why)}, nil
	}
	return Reply{Private: true, Text: fmt.Sprintf("%s did not take the recap yet; I will keep trying until the end of the day.", platform)}, nil
}
