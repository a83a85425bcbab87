package bot

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/studybot/studybot/quiz"
)

// SourcedAttempt is a graded attempt as a store reads it, with whether it was given in private (practice,
// review or exam) rather than to a daily question.
type SourcedAttempt struct {
	GradedAttempt
	Private bool
}

// SortAttempts puts a member's attempts in the order Reviews.GradedAttempts returns them, which the replay
// of review cards depends on: oldest first; at the same millisecond a daily answer before a private
// attempt; then by Ref.
func SortAttempts(as []SourcedAttempt) []GradedAttempt {
	slices.SortFunc(as, func(x, y SourcedAttempt) int {
		return cmp.Or(x.At.Compare(y.At), cmpBool(x.Private, y.Private), cmp.Compare(x.Ref, y.Ref))
	})
	out := make([]GradedAttempt, len(as))
	for i, a := range as {
		out[i] = a.GradedAttempt
	}
	return out
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// ReviewNewPerDay is how many questions and flashcards a member never answered review introduces in a day,
// so that today's new cards do not become an avalanche of reviews later in the week. It counts only those
// review itself introduced (a member who practises or sits a mock exam has not had review's new questions),
// by the member's day: from midnight in their zone (reviewDay).
const ReviewNewPerDay = 10

// learner is what the learning features derive from a member's attempts.
type learner struct {
	attempts []GradedAttempt // without the answers of the member's exam in progress (countedAttempts)
	// selfGraded are the member's self-grades of the pack's flashcards: they schedule cards, but are no
	// evidence of mastery, so readiness and the goal read attempts alone.
	selfGraded []GradedAttempt
	cards      map[string]quiz.Card
	// exclude holds the questions suspended or retired in the group, and those of the member's exam in
	// progress, which practice and review leave alone until it ends.
	exclude map[string]bool
	inExam  int // how many of exclude are there only for the exam in progress
}

// countedAttempts returns the member's graded attempts that count for their cards, readiness and stats:
// all but the answers of their exam in progress, which promises no feedback until it ends, and would give
// some through any of them. inExam holds that exam's questions (nil without one).
func (b *Bot) countedAttempts(ctx context.Context, g GroupRef, userID string) (attempts []GradedAttempt, inExam []string, err error) {
	attempts, err = b.reviews.GradedAttempts(ctx, g, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("graded attempts: %w", err)
	}
	e, answers, ok, err := b.examInProgress(ctx, g, userID)
	if err != nil || !ok {
		return attempts, nil, err
	}
	return withoutExamAnswers(attempts, answers), e.Questions, nil
}

// learnerState loads a member's attempts at the questions and flashcards of pack p and the group's
// excluded questions, and replays the cards: each pack has its own (a member studying two packs in two
// channels has two).
func (b *Bot) learnerState(ctx context.Context, g GroupRef, userID string, p *quiz.Pack) (learner, error) {
	ev, err := b.memberEvidence(ctx, g, userID)
	if err != nil {
		return learner{}, err
	}
	return ev.learner(p), nil
}

// learnerEvidence is what a member's cards in any pack are replayed from, read once (memberEvidence): their counted attempts,
// the questions of their exam in progress and the group's excluded questions.
type learnerEvidence struct {
	all     []GradedAttempt
	inExam  []string
	exclude map[string]bool
}

func (b *Bot) memberEvidence(ctx context.Context, g GroupRef, userID string) (learnerEvidence, error) {
	all, inExam, err := b.countedAttempts(ctx, g, userID)
	if err != nil {
		return learnerEvidence{}, err
	}
	exclude, err := b.excluded(ctx, g)
	if err != nil {
		return learnerEvidence{}, err
	}
	return learnerEvidence{all: all, inExam: inExam, exclude: exclude}, nil
}

// learner replays the member's cards of pack p.
func (ev learnerEvidence) learner(p *quiz.Pack) learner {
	attempts, selfGraded := inPack(p, ev.all), flashcardsOf(p, ev.all)
	exclude := maps.Clone(ev.exclude) // the exam's questions join it, for this learner only
	n := 0
	for _, id := range ev.inExam {
		if !exclude[id] {
			exclude[id] = true
			n++
		}
	}
	graded := make([]quiz.Graded, 0, len(attempts)+len(selfGraded))
	for _, a := range slices.Concat(attempts, selfGraded) {
		graded = append(graded, quiz.Graded{QuestionID: a.QuestionID, Correct: a.Correct, Guessed: a.Guessed, At: a.At})
	}
	return learner{attempts: attempts, selfGraded: selfGraded, cards: quiz.DefaultFSRS().Cards(graded), exclude: exclude, inExam: n}
}

// flashcardsOf keeps the self-grades of flashcards of pack p.
func flashcardsOf(p *quiz.Pack, attempts []GradedAttempt) []GradedAttempt {
	out := attempts[:0:0]
	for _, a := range attempts {
		if _, ok := p.Flashcard(a.QuestionID); ok {
			out = append(out, a)
		}
	}
	return out
}

// inPack keeps the attempts at questions of pack p.
func inPack(p *quiz.Pack, attempts []GradedAttempt) []GradedAttempt {
	out := attempts[:0:0]
	for _, a := range attempts {
		if _, ok := p.Question(a.QuestionID); ok {
			out = append(out, a)
		}
	}
	return out
}

// evidence turns attempts into what a readiness estimate rests on.
func evidence(attempts []GradedAttempt) []quiz.Evidence {
	ev := make([]quiz.Evidence, len(attempts))
	for i, a := range attempts {
		ev[i] = quiz.Evidence{QuestionID: a.QuestionID, Domain: a.Domain, Correct: a.Correct, At: a.At}
	}
	return ev
}

// reviewDay is the member's day for review's new questions, the one now falls in: from midnight to
// midnight in the member's zone (memberZone), the zone their private replies show times in.
func (b *Bot) reviewDay(ctx context.Context, g GroupRef, userID string, now time.Time) (start, next time.Time) {
	t := now.In(b.memberZone(ctx, g, userID))
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location()), time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// reviewNewSince counts the questions review introduced since a time: the review cards answered since then
// that were the member's first answer to their question (attempts holds them all).
func (b *Bot) reviewNewSince(ctx context.Context, g GroupRef, userID string, attempts []GradedAttempt, since time.Time) (int, error) {
	reviews, err := b.reviews.ReviewsAnswered(ctx, g, userID, since)
	if err != nil || len(reviews) == 0 {
		return 0, err
	}
	first := map[string]time.Time{}
	for _, a := range attempts {
		if t, ok := first[a.QuestionID]; !ok || a.At.Before(t) {
			first[a.QuestionID] = a.At
		}
	}
	n := 0
	for _, r := range reviews {
		if first[r.QuestionID].Equal(r.At) {
			n++
		}
	}
	return n, nil
}

func (b *Bot) cmdReview(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	return b.reviewCard(ctx, cmd, "")
}

// reviewCard shows the member's next review card: due cards first, most overdue first, then questions
// and flashcards they never answered from their weakest domain, up to ReviewNewPerDay a day; never a
// question of their exam in progress. A flashcard shows its front (flashcardFront) and is self-graded. With neither, the session is over, and the reply says when the next review falls due.
func (b *Bot) reviewCard(ctx context.Context, cmd Command, lead string) (Reply, error) {
	g := cmd.Channel.Group()
	now := b.clock.Now()
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	ls, err := b.learnerState(ctx, g, cmd.User.ID, pk)
	if err != nil {
		return Reply{}, err
	}
	o := quiz.ReviewOptions{Exclude: ls.exclude, Flashcards: true, Seed: cmd.User.ID + now.Format(time.RFC3339Nano)}
	pick, ok := pk.NextReview(ls.cards, now, o)
	newLeft := 0
	if !ok {
		// Nothing is due: a new question, from the weakest domain (which only then is worth estimating),
		// while today's allowance lasts.
		dayStart, dayNext := b.reviewDay(ctx, g, cmd.User.ID, now)
		introduced, err := b.reviewNewSince(ctx, g, cmd.User.ID, slices.Concat(ls.attempts, ls.selfGraded), dayStart)
		if err != nil {
			return Reply{}, fmt.Errorf("review's new questions today: %w", err)
		}
		if newLeft = ReviewNewPerDay - introduced; newLeft > 0 {
			o.NewLimit, o.NewOrder = newLeft, pk.Readiness(evidence(ls.attempts), now).StudyOrder()
			pick, ok = pk.NextReview(ls.cards, now, o)
		}
		if !ok {
			return Reply{Private: true, Text: joinParagraphs(lead, b.reviewDone(ctx, g, pk, cmd.User.ID, ls, now, newLeft, dayNext))}, nil
		}
	}
	domain := pick.Question.Domain
	if pick.IsFlashcard() {
		domain = pick.Flashcard.Domain
	}
	// A flashcard's self-grade is kept as a review card's answer: its id is never a question's of the pack.
	id, err := b.practices.CreatePractice(ctx, Practice{Group: g, UserID: cmd.User.ID, Kind: KindReview, QuestionID: pick.ID(),
		Domain: domain, CreatedAt: now, Pack: pk.ID, PackVersion: pk.Version})
	if err != nil {
		return Reply{}, fmt.Errorf("create review: %w", err)
	}
	what := "new question"
	if pick.IsFlashcard() {
		what = "new flashcard"
	}
	progress := fmt.Sprintf("%s, %d of %d today", what, ReviewNewPerDay-newLeft+1, ReviewNewPerDay)
	if pick.Kind == quiz.PickDue {
		progress = count(pk.DueCount(ls.cards, ls.exclude, now), "card due", "cards due")
	}
	if pick.IsFlashcard() {
		return flashcardFront(cmd, pk, pick.Flashcard, id, progress, lead), nil
	}
	r := privateCard(cardOf(pk, pick.Question, id, KindReview, progress))
	r.Text = lead
	return r, nil
}

// reviewDone is the end of a review session: nothing is due, and no new question is left for today
// (newLeft is how many review may still introduce before dayNext, the member's next day).
func (b *Bot) reviewDone(ctx context.Context, g GroupRef, pk *quiz.Pack, userID string, ls learner, now time.Time, newLeft int, dayNext time.Time) string {
	why := "That's all for now: nothing is due."
	if newLeft <= 0 {
		why = fmt.Sprintf("That's all for now: nothing is due, and you have had review's %s for today; the next come tomorrow at %s.",
			count(ReviewNewPerDay, "new question", "new questions"), dayNext.Format("15:04 MST"))
	}
	if ls.inExam > 0 {
		why += " The questions of your mock exam in progress wait until it ends."
	}
	next, n, ok := pk.DueSummary(ls.cards, ls.exclude, now)
	if !ok {
		return why + " You have no cards scheduled yet."
	}
	return fmt.Sprintf("%s Next review due: %s, %s.", why, b.when(ctx, g, userID, next, now), count(n, "card", "cards"))
}

// when shows a coming time in the member's zone (memberZone), as dueTime writes it.
func (b *Bot) when(ctx context.Context, g GroupRef, userID string, t, now time.Time) string {
	return dueTime(t.In(b.memberZone(ctx, g, userID)), now)
}

// cmdReviewNext is the Next button of a review card's feedback.
func (b *Bot) cmdReviewNext(ctx context.Context, cmd Command, in Input) (Reply, error) {
	if err := checkOwner(cmd, in.Get("owner")); err != nil {
		return Reply{}, err
	}
	return b.reviewCard(ctx, cmd, "")
}

// Attempt references in button arguments: a daily answer (the post's id) or a private attempt (its id).
const (
	refDaily   = "d"
	refPrivate = "p"
)

func refKind(ref string) (string, bool) {
	switch ref {
	case refDaily:
		return KindDaily, true
	case refPrivate:
		return KindPractice, true
	}
	return "", false
}

// ownerTag names the member a button belongs to, without putting their id (which may hold any character)
// into the button's id. A button handler compares it with the clicker's (checkOwner).
func ownerTag(cmd Command) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", cmd.Channel.Platform, cmd.Channel.GroupID, cmd.User.ID)
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// checkOwner refuses a button that was given to another member (buttons of private messages can still be
// replayed by others).
func checkOwner(cmd Command, tag string) error {
	if tag != ownerTag(cmd) {
		return Errorf(EFORBIDDEN, "That button belongs to someone else's message. Your own: /study review, /study practice.")
	}
	return nil
}

func (b *Bot) nextButton(cmd Command) Button {
	return Button{Label: "Next", Style: StylePrimary, Action: Action{Name: ActionReviewNext, Args: []string{ownerTag(cmd)}}}
}

// feedbackButtons are the buttons of an answer's feedback: "I guessed" on a right answer, and "Report a
// problem".
func (b *Bot) feedbackButtons(cmd Command, ref string, id int64, correct bool) []Button {
	args := []string{ref, strconv.FormatInt(id, 10), ownerTag(cmd)}
	var out []Button
	if correct {
		out = append(out, Button{Label: "I guessed", Action: Action{Name: ActionGuessed, Args: args}})
	}
	return append(out, Button{Label: "Report a problem", Action: Action{Name: ActionReport, Args: args}})
}

// buttonAttempt reads the attempt a feedback button is about, checking it is the clicker's.
func (b *Bot) buttonAttempt(ctx context.Context, cmd Command, in Input) (GradedAttempt, error) {
	if err := checkOwner(cmd, in.Get("owner")); err != nil {
		return GradedAttempt{}, err
	}
	kind, ok := refKind(in.Get("kind"))
	id, err := strconv.ParseInt(in.Get("id"), 10, 64)
	if !ok || err != nil {
		return GradedAttempt{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	a, err := b.reviews.FindAttempt(ctx, cmd.Channel.Group(), cmd.User.ID, kind, id)
	if ErrorCode(err) == ENOTFOUND {
		return GradedAttempt{}, Errorf(ENOTFOUND, "I find no answer of yours to that question.")
	}
	if err != nil {
		return GradedAttempt{}, fmt.Errorf("find attempt: %w", err)
	}
	return a, nil
}

// cmdGuessed is the "I guessed" button: the right answer then rates Hard instead of Good, so the question
// comes back sooner.
func (b *Bot) cmdGuessed(ctx context.Context, cmd Command, in Input) (Reply, error) {
	a, err := b.buttonAttempt(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	if !a.Correct {
		return Reply{}, Errorf(EINVALID, "That answer was not right, so it already comes back soon.")
	}
	changed, err := b.reviews.MarkGuessed(ctx, cmd.Channel.Group(), cmd.User.ID, a.Kind, a.Ref)
	if err != nil {
		return Reply{}, fmt.Errorf("mark guessed: %w", err)
	}
	if !changed {
		return Reply{Private: true, Text: "Already noted as a guess."}, nil
	}
	return Reply{Private: true, Text: "Noted as a guess: it counts as Hard rather than Good, so /study review brings it back sooner."}, nil
}
