package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// mistakesPage is how many missed questions a page of /study mistakes shows, as an exam report's page.
const mistakesPage = examPage

// mistakeText is how many characters of a question's text, and of a choice, a mistake's line shows.
const (
	mistakeText   = 160
	mistakeChoice = 80
)

// mistake is a question whose latest answer by the member was wrong.
type mistake struct {
	attempt GradedAttempt // that latest, wrong, answer
	total   int           // how many times the member missed the question
}

// mistakes returns the member's missed questions, latest first: the questions of the pack whose latest
// counted answer (countedAttempts: not the answers of an exam in progress) was wrong. A question answered
// right since it was missed is no longer one. everMissed reports whether the member missed any question.
func (b *Bot) mistakes(ctx context.Context, g GroupRef, userID string, pk *quiz.Pack) (out []mistake, answered, everMissed bool, err error) {
	attempts, _, err := b.countedAttempts(ctx, g, userID)
	if err != nil {
		return nil, false, false, err
	}
	latest := map[string]int{} // question -> index in out, or -1 when answered right last
	misses := map[string]int{}
	for _, a := range attempts { // oldest first: a later attempt replaces an earlier one
		if _, ok := pk.Question(a.QuestionID); !ok {
			continue
		}
		answered = true
		if a.Correct {
			latest[a.QuestionID] = -1
			continue
		}
		everMissed = true
		misses[a.QuestionID]++
		if i, ok := latest[a.QuestionID]; ok && i >= 0 {
			out[i].attempt = a
			continue
		}
		latest[a.QuestionID] = len(out)
		out = append(out, mistake{attempt: a})
	}
	out = slices.DeleteFunc(out, func(m mistake) bool { return latest[m.attempt.QuestionID] < 0 })
	for i := range out {
		out[i].total = misses[out[i].attempt.QuestionID]
	}
	slices.SortStableFunc(out, func(x, y mistake) int { return y.attempt.At.Compare(x.attempt.At) })
	return out, answered, everMissed, nil
}

// missedChoice finds the choice of a wrong attempt. Reviews.GradedAttempts reads neither the choice nor,
// for every store, the kind, so the attempt is looked up by its reference: a daily answer's post, else a
// private attempt's id, whichever holds the same question answered at the same time.
func (b *Bot) missedChoice(ctx context.Context, g GroupRef, userID string, a GradedAttempt) (int, bool, error) {
	kinds := []string{KindDaily, KindPractice}
	if a.Kind != "" {
		kinds = []string{a.Kind}
	}
	for _, kind := range kinds {
		f, err := b.reviews.FindAttempt(ctx, g, userID, kind, a.Ref)
		if ErrorCode(err) == ENOTFOUND {
			continue
		}
		if err != nil {
			return 0, false, fmt.Errorf("find attempt: %w", err)
		}
		if f.QuestionID == a.QuestionID && f.At.Equal(a.At) && !f.Correct {
			return f.Choice, true, nil
		}
	}
	return 0, false, nil
}

func (b *Bot) cmdMistakes(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	return b.mistakesReply(ctx, cmd, 1)
}

// cmdMistakesPage is the Previous and Next buttons of /study mistakes.
func (b *Bot) cmdMistakesPage(ctx context.Context, cmd Command, in Input) (Reply, error) {
	if err := checkOwner(cmd, in.Get("owner")); err != nil {
		return Reply{}, err
	}
	page, err := strconv.Atoi(in.Get("page"))
	if err != nil || page < 1 {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	return b.mistakesReply(ctx, cmd, page)
}

// mistakesReply is one page of the member's missed questions: each with when it was missed, the question
// (cut short), what the member chose and the key, and a Retry button that serves it as a review card.
func (b *Bot) mistakesReply(ctx context.Context, cmd Command, page int) (Reply, error) {
	g := cmd.Channel.Group()
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	ms, answered, everMissed, err := b.mistakes(ctx, g, cmd.User.ID, pk)
	if err != nil {
		return Reply{}, err
	}
	if len(ms) == 0 {
		text := "No mistakes to go over: you have not answered a question yet. The daily question and /study practice are good places to start."
		switch {
		case everMissed:
			text = "No mistakes to go over: every question you missed, you have since answered right. Well done!"
		case answered:
			text = "No mistakes to go over: you have answered every question right so far. Well done!"
		}
		return Reply{Private: true, Text: text}, nil
	}
	pages := (len(ms) + mistakesPage - 1) / mistakesPage
	page = min(page, pages)
	now := b.clock.Now()
	loc := b.groupZone(ctx, g)
	owner := ownerTag(cmd)
	var text strings.Builder
	fmt.Fprintf(&text, "Your missed questions, latest first (%s", count(len(ms), "question", "questions"))
	if pages > 1 {
		fmt.Fprintf(&text, "; page %d of %d", page, pages)
	}
	text.WriteString("). Answer one right and it leaves the list; Retry asks it again.")
	r := Reply{Private: true}
	first := (page - 1) * mistakesPage
	for i, m := range ms[first:min(first+mistakesPage, len(ms))] {
		n := first + i + 1
		a := m.attempt
		q, _ := pk.Question(a.QuestionID)
		fmt.Fprintf(&text, "\n\n%d. [%s · %s] %s\n", n, domainName(pk, q.Domain), q.ID, Truncate(q.Text, mistakeText))
		choice, ok, err := b.missedChoice(ctx, g, cmd.User.ID, a)
		if err != nil {
			return Reply{}, err
		}
		when := ShortDate(a.At.In(loc), now)
		if ok && choice >= 0 && choice < len(q.Choices) {
			fmt.Fprintf(&text, "You chose %s) %s on %s.", letter(choice), Truncate(q.Choices[choice], mistakeChoice), when)
		} else {
			fmt.Fprintf(&text, "Missed on %s.", when)
		}
		if m.total > 1 {
			fmt.Fprintf(&text, " Missed %d times.", m.total)
		}
		fmt.Fprintf(&text, " Answer: %s) %s.", letter(q.Answer), Truncate(q.Choices[q.Answer], mistakeChoice))
		r.Buttons = append(r.Buttons, Button{Label: fmt.Sprint("Retry ", n), Action: Action{Name: ActionMistakeRetry,
			Args: []string{q.ID, owner}}})
	}
	if page > 1 {
		r.Buttons = append(r.Buttons, Button{Label: "Previous page", Action: Action{Name: ActionMistakesPage,
			Args: []string{strconv.Itoa(page - 1), owner}}})
	}
	if page < pages {
		r.Buttons = append(r.Buttons, Button{Label: "Next page", Style: StylePrimary, Action: Action{Name: ActionMistakesPage,
			Args: []string{strconv.Itoa(page + 1), owner}}})
	}
	r.Text = text.String()
	return r, nil
}

// cmdMistakeRetry is a mistake's Retry button: the question again as a private review card, answered like
// any other (its feedback's Next goes on with /study review). A question suspended or retired in the
// group, or one of the member's exam in progress, is not served.
func (b *Bot) cmdMistakeRetry(ctx context.Context, cmd Command, in Input) (Reply, error) {
	if err := checkOwner(cmd, in.Get("owner")); err != nil {
		return Reply{}, err
	}
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	q, ok := pk.Question(in.Get("question"))
	if !ok {
		return Reply{}, Errorf(ENOTFOUND, "That question is no longer in the pack. /study mistakes shows your list as it is now.")
	}
	g := cmd.Channel.Group()
	ls, err := b.learnerState(ctx, g, cmd.User.ID, pk)
	if err != nil {
		return Reply{}, err
	}
	if ls.exclude[q.ID] {
		why := "That question was taken out of rotation in this group, so it is not asked again."
		if _, _, inExam, err := b.examInProgress(ctx, g, cmd.User.ID); err == nil && inExam {
			why = "That question waits until your mock exam in progress ends, or was taken out of rotation in this group."
		}
		return Reply{Private: true, Text: why}, nil
	}
	now := b.clock.Now()
	id, err := b.practices.CreatePractice(ctx, Practice{Group: g, UserID: cmd.User.ID, Kind: KindReview, QuestionID: q.ID,
		Domain: q.Domain, CreatedAt: now, Pack: pk.ID, PackVersion: pk.Version})
	if err != nil {
		return Reply{}, fmt.Errorf("create retry: %w", err)
	}
	return privateCard(cardOf(pk, q, id, KindReview, "retry of a missed question")), nil
}
