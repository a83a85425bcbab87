package bot

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Exam is a member's mock exam: its questions in order, drawn by the exam's weights from Seed, and its
// clock. Everything about it is stored, so it resumes after a restart; its time limit is EndsAt, read
// against the bot's clock, and a timed-out exam is finished when next touched, not by a timer.
type Exam struct {
	ID         int64
	Group      GroupRef
	UserID     string
	Seed       uint64
	Questions  []string
	StartedAt  time.Time
	EndsAt     time.Time
	FinishedAt time.Time // zero while in progress
	TimedOut   bool
	// Pack and PackVersion are what the exam's questions were drawn from: it finishes on them, whatever
	// is imported or switched meanwhile (an empty Pack is the default pack's newest, for older rows).
	Pack        string
	PackVersion int
}

// ExamAnswer is one answered question of an exam.
type ExamAnswer struct {
	Position   int // 0-based, in Exam.Questions
	QuestionID string
	Domain     string
	Choice     int
	Correct    bool
	At         time.Time
}

// examPage is how many missed questions a page of an exam report shows.
const examPage = 4

func (b *Bot) cmdExam(ctx context.Context, cmd Command, in Input) (Reply, error) {
	switch in.Get("action") {
	case "start":
		return b.examStart(ctx, cmd)
	case "stop":
		return b.examStop(ctx, cmd)
	}
	return b.examStatus(ctx, cmd)
}

// openExam returns the member's exam in progress, finishing it first if its time is up (then the
// finished exam is returned with done set).
func (b *Bot) openExam(ctx context.Context, cmd Command) (e Exam, done bool, err error) {
	e, err = b.exams.OpenExam(ctx, cmd.Channel.Group(), cmd.User.ID)
	if err != nil {
		return Exam{}, false, err
	}
	if now := b.clock.Now(); !now.Before(e.EndsAt) {
		if err := b.finishExam(ctx, &e, e.EndsAt, true); err != nil {
			return Exam{}, false, err
		}
		return e, true, nil
	}
	return e, false, nil
}

// finishExam ends an exam at a moment, as timed out or not, in the store and in e.
func (b *Bot) finishExam(ctx context.Context, e *Exam, at time.Time, timedOut bool) error {
	if _, err := b.exams.FinishExam(ctx, e.ID, at, timedOut); err != nil {
		return fmt.Errorf("finish exam: %w", err)
	}
	e.FinishedAt, e.TimedOut = at, timedOut
	return nil
}

func (b *Bot) examStart(ctx context.Context, cmd Command) (Reply, error) {
	g := cmd.Channel.Group()
	e, done, err := b.openExam(ctx, cmd)
	switch {
	case err == nil && !done:
		return b.examCard(ctx, cmd, e, "You have an exam in progress; here is where you are. (/study exam stop ends it.)")
	case err == nil && done:
		r, err := b.examReport(ctx, e, 1)
		if err != nil {
			return Reply{}, err
		}
		r.Text = "Your last exam ran out of time before you came back, so here is its report. Run /study exam start again for a new one.\n\n" + r.Text
		return r, nil
	case ErrorCode(err) != ENOTFOUND:
		return Reply{}, fmt.Errorf("open exam: %w", err)
	}
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	ls, err := b.learnerState(ctx, g, cmd.User.ID, pk)
	if err != nil {
		return Reply{}, err
	}
	seen := make(map[string]bool, len(ls.cards))
	for id := range ls.cards {
		seen[id] = true
	}
	var buf [8]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return Reply{}, fmt.Errorf("exam seed: %w", err)
	}
	seed := binary.LittleEndian.Uint64(buf[:]) >> 1 // SQLite integers are signed
	qs := pk.DrawExam(seen, ls.exclude, seed)
	if len(qs) == 0 {
		return Reply{Private: true, Text: "There are no questions to draw an exam from in this group."}, nil
	}
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	now := b.clock.Now()
	e, err = b.exams.CreateExam(ctx, Exam{Group: g, UserID: cmd.User.ID, Seed: seed, Questions: ids, StartedAt: now,
		EndsAt: now.Add(pk.Exam.Duration()), Pack: pk.ID, PackVersion: pk.Version})
	if ErrorCode(err) == ECONFLICT {
		return b.examStatus(ctx, cmd) // started twice at once: show the one that won
	}
	if err != nil {
		return Reply{}, fmt.Errorf("create exam: %w", err)
	}
	intro := fmt.Sprintf("Mock exam: %s drawn by the exam's domain weights, questions you have not seen first; %s from now (until %s). No feedback until the end: your stats, readiness and reviews take its answers in then, and practice and review leave its questions alone meanwhile. /study exam status shows your progress, /study exam stop ends it. Unanswered questions count as wrong.",
		count(len(ids), "question", "questions"), count(pk.Exam.Minutes, "minute", "minutes"), b.when(ctx, g, e.EndsAt, now))
	return b.examQuestion(ctx, e, 0, intro) // a new exam: nothing answered yet
}

func (b *Bot) examStatus(ctx context.Context, cmd Command) (Reply, error) {
	e, done, err := b.openExam(ctx, cmd)
	if ErrorCode(err) == ENOTFOUND {
		last, lerr := b.exams.LastExam(ctx, cmd.Channel.Group(), cmd.User.ID)
		if lerr == nil {
			r, err := b.examReport(ctx, last, 1)
			if err != nil {
				return Reply{}, err
			}
			r.Text = "No exam in progress; /study exam start begins one. Your last exam's report:\n\n" + r.Text
			return r, nil
		}
		pk, err := b.packFor(ctx, cmd.Channel)
		if err != nil {
			return Reply{}, err
		}
		ex := pk.Exam
		return Reply{Private: true, Text: fmt.Sprintf("No exam in progress. /study exam start begins a mock exam of %s: %s in %s.",
			ex.Title(), count(ex.Questions, "question", "questions"), count(ex.Minutes, "minute", "minutes"))}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("open exam: %w", err)
	}
	if done {
		return b.examReport(ctx, e, 1)
	}
	return b.examCard(ctx, cmd, e, "")
}

func (b *Bot) examStop(ctx context.Context, cmd Command) (Reply, error) {
	e, done, err := b.openExam(ctx, cmd)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{Private: true, Text: "No exam in progress."}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("open exam: %w", err)
	}
	if !done {
		if err := b.finishExam(ctx, &e, b.clock.Now(), false); err != nil {
			return Reply{}, err
		}
	}
	return b.examReport(ctx, e, 1)
}

// examCard shows the exam's next unanswered question, with the progress and the time left.
func (b *Bot) examCard(ctx context.Context, cmd Command, e Exam, lead string) (Reply, error) {
	answers, err := b.exams.ExamAnswers(ctx, e.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("exam answers: %w", err)
	}
	return b.examQuestion(ctx, e, len(answers), lead)
}

// examQuestion shows the exam's question at pos, the first one not answered yet (the report once all are).
func (b *Bot) examQuestion(ctx context.Context, e Exam, pos int, lead string) (Reply, error) {
	if pos >= len(e.Questions) {
		return b.examReport(ctx, e, 1)
	}
	pk, q, err := b.question(ctx, e.Pack, e.PackVersion, e.Questions[pos])
	if err != nil {
		return Reply{}, fmt.Errorf("exam %d: %w", e.ID, err)
	}
	left := e.EndsAt.Sub(b.clock.Now())
	card := questionCard(pk, q)
	card.Kind, card.Progress = KindExam, fmt.Sprintf("question %d of %d · %s left", pos+1, len(e.Questions), minutes(left))
	return Reply{Private: true, Card: card, Text: lead,
		Buttons: choiceButtons(q, StyleDefault, ActionExamAnswer, strconv.FormatInt(e.ID, 10), strconv.Itoa(pos))}, nil
}

// cmdExamAnswer records an exam answer, without feedback, and shows the next question (or the report
// after the last one, or when the time ran out before this answer).
func (b *Bot) cmdExamAnswer(ctx context.Context, cmd Command, in Input) (Reply, error) {
	id, err1 := strconv.ParseInt(in.Get("exam"), 10, 64)
	pos, err2 := strconv.Atoi(in.Get("position"))
	if err1 != nil || err2 != nil {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	e, err := b.ownExam(ctx, cmd, id)
	if err != nil {
		return Reply{}, err
	}
	if !e.FinishedAt.IsZero() {
		return Reply{}, Errorf(ECONFLICT, "That exam is over. /study exam status shows its report.")
	}
	if now := b.clock.Now(); !now.Before(e.EndsAt) {
		if err := b.finishExam(ctx, &e, e.EndsAt, true); err != nil {
			return Reply{}, err
		}
		r, err := b.examReport(ctx, e, 1)
		if err != nil {
			return Reply{}, err
		}
		r.Text = "Time ran out before that answer, so it does not count.\n\n" + r.Text
		return r, nil
	}
	if pos < 0 || pos >= len(e.Questions) {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	// One question at a time: only the next unanswered one takes an answer.
	answers, err := b.exams.ExamAnswers(ctx, e.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("exam answers: %w", err)
	}
	if pos < len(answers) {
		return b.examQuestion(ctx, e, len(answers), fmt.Sprintf("You already answered question %d; here is where you are.", pos+1))
	}
	if pos > len(answers) {
		return b.examQuestion(ctx, e, len(answers), "That is not the current question; here is where you are.")
	}
	pk, err := b.packAt(ctx, e.Pack, e.PackVersion)
	if err != nil {
		return Reply{}, err
	}
	q, choice, err := pickedChoice(pk, e.Questions[pos], in.Get("choice"))
	if err != nil {
		return Reply{}, err
	}
	err = b.exams.AnswerExam(ctx, e, ExamAnswer{Position: pos, QuestionID: q.ID, Domain: q.Domain, Choice: choice,
		Correct: q.Grade(choice), At: b.clock.Now()})
	switch {
	case ErrorCode(err) == ECONFLICT:
		return b.examCard(ctx, cmd, e, fmt.Sprintf("You already answered question %d; here is where you are.", pos+1))
	case err != nil:
		return Reply{}, fmt.Errorf("answer exam: %w", err)
	}
	if pos == len(e.Questions)-1 {
		if err := b.finishExam(ctx, &e, b.clock.Now(), false); err != nil {
			return Reply{}, err
		}
		return b.examReport(ctx, e, 1)
	}
	return b.examQuestion(ctx, e, pos+1, fmt.Sprintf("Answer %s recorded.", letter(choice)))
}

// ownExam loads an exam for its own member.
func (b *Bot) ownExam(ctx context.Context, cmd Command, id int64) (Exam, error) {
	e, err := b.exams.Exam(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return Exam{}, Errorf(ENOTFOUND, "That exam no longer exists.")
	}
	if err != nil {
		return Exam{}, fmt.Errorf("load exam: %w", err)
	}
	if e.Group != cmd.Channel.Group() || e.UserID != cmd.User.ID {
		return Exam{}, Errorf(EFORBIDDEN, "That exam is someone else's. /study exam start begins your own.")
	}
	return e, nil
}

// cmdExamPage is the button that pages through an exam report's missed questions.
func (b *Bot) cmdExamPage(ctx context.Context, cmd Command, in Input) (Reply, error) {
	id, err1 := strconv.ParseInt(in.Get("exam"), 10, 64)
	page, err2 := strconv.Atoi(in.Get("page"))
	if err1 != nil || err2 != nil || page < 1 {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	e, err := b.ownExam(ctx, cmd, id)
	if err != nil {
		return Reply{}, err
	}
	if e.FinishedAt.IsZero() {
		return Reply{}, Errorf(ECONFLICT, "That exam is still in progress: its report comes at the end.")
	}
	return b.examReport(ctx, e, page)
}

// examReport is a finished exam's report: the score per domain, the estimated scaled score with its band,
// and one page of the missed questions with their explanations (page 1 also carries the summary).
func (b *Bot) examReport(ctx context.Context, e Exam, page int) (Reply, error) {
	answers, err := b.exams.ExamAnswers(ctx, e.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("exam answers: %w", err)
	}
	byPos := make(map[int]ExamAnswer, len(answers))
	for _, a := range answers {
		byPos[a.Position] = a
	}
	type missed struct {
		pos int
		q   quiz.Question
		a   *ExamAnswer
	}
	var misses []missed
	right := map[string]int{}
	asked := map[string]int{}
	var ev []quiz.Evidence
	total := 0
	pk, err := b.packAt(ctx, e.Pack, e.PackVersion)
	if err != nil {
		return Reply{}, err
	}
	for pos, id := range e.Questions {
		q, ok := pk.Question(id)
		if !ok {
			continue
		}
		asked[q.Domain]++
		a, answered := byPos[pos]
		correct := answered && a.Correct
		ev = append(ev, quiz.Evidence{QuestionID: q.ID, Domain: q.Domain, Correct: correct, At: e.FinishedAt})
		if correct {
			right[q.Domain]++
			total++
			continue
		}
		m := missed{pos: pos, q: q}
		if answered {
			m.a = &a
		}
		misses = append(misses, m)
	}
	// Page 1 is the summary; the missed questions follow, examPage a page. Members read those pages as the
	// misses' own, numbered from 1: report page 2 is "missed questions, page 1 of N".
	pages := 1 + (len(misses)+examPage-1)/examPage
	page = min(page, pages)
	var text strings.Builder
	r := Reply{Private: true}
	if page == 1 {
		how := "finished"
		switch {
		case e.TimedOut:
			how = "time ran out (unanswered questions count as wrong)"
		case len(answers) < len(e.Questions):
			how = "stopped early (unanswered questions count as wrong)"
		}
		est := pk.Readiness(ev, e.FinishedAt)
		fmt.Fprintf(&text, "Mock exam report: %d of %d right (%s); %s.\n", total, len(e.Questions), percent(total, len(e.Questions)), how)
		ex := pk.Exam
		fmt.Fprintf(&text, "Estimated score for %s: %s on %s, 90%% interval %s: %s.\n",
			ex.Title(), ex.Mark(est.Scaled), ex.ScaleText(), ex.Range(est.ScaledLow, est.ScaledHigh), bandText(est.Band))
		text.WriteString(ex.Caveat())
		if len(misses) > 0 {
			them := "them with their explanations"
			if len(misses) == 1 {
				them = "it with its explanation"
			}
			fmt.Fprintf(&text, "\nYou missed %s; Next page shows %s (%s).", count(len(misses), "question", "questions"), them,
				count(pages-1, "page", "pages"))
		}
		t := &Table{Title: "Score per domain", Columns: []string{"Domain", "Right", "Of", "Share"}}
		for _, d := range pk.Domains {
			if asked[d.ID] == 0 {
				continue
			}
			t.Rows = append(t.Rows, []string{d.Name, strconv.Itoa(right[d.ID]), strconv.Itoa(asked[d.ID]), percent(right[d.ID], asked[d.ID])})
		}
		r.Table = t
	} else {
		fmt.Fprintf(&text, "Mock exam: missed questions, page %d of %d (%d missed in all):", page-1, pages-1, len(misses))
		for _, m := range misses[(page-2)*examPage : min((page-1)*examPage, len(misses))] {
			q := m.q
			fmt.Fprintf(&text, "\n\n%d. [%s · %s] %s\n", m.pos+1, domainName(pk, q.Domain), q.ID, q.Text)
			if m.a != nil {
				fmt.Fprintf(&text, "You chose %s) %s.", letter(m.a.Choice), q.Choices[m.a.Choice])
				if why := q.WhyWrong(m.a.Choice); why != "" {
					text.WriteString(" " + why)
				}
				text.WriteString("\n")
			} else {
				text.WriteString("No answer.\n")
			}
			fmt.Fprintf(&text, "Answer: %s) %s. %s", letter(q.Answer), q.Choices[q.Answer], q.Explanation)
			if q.Source != "" {
				text.WriteString("\nSource: " + q.Source)
			}
		}
	}
	if page > 1 {
		r.Buttons = append(r.Buttons, Button{Label: "Previous page", Action: Action{Name: ActionExamPage,
			Args: []string{strconv.FormatInt(e.ID, 10), strconv.Itoa(page - 1)}}})
	}
	if page < pages {
		r.Buttons = append(r.Buttons, Button{Label: "Next page", Style: StylePrimary, Action: Action{Name: ActionExamPage,
			Args: []string{strconv.FormatInt(e.ID, 10), strconv.Itoa(page + 1)}}})
	}
	r.Text = text.String()
	return r, nil
}

// examInProgress returns the member's exam in progress and its answers so far; ok is false when there is
// none. An exam whose time is up is over here, though the store marks it finished only when it is next
// touched (openExam): its answers all came before its end, and from then on they count.
func (b *Bot) examInProgress(ctx context.Context, g GroupRef, userID string) (e Exam, answers []ExamAnswer, ok bool, err error) {
	e, err = b.exams.OpenExam(ctx, g, userID)
	if ErrorCode(err) == ENOTFOUND {
		return Exam{}, nil, false, nil
	}
	if err != nil {
		return Exam{}, nil, false, fmt.Errorf("open exam: %w", err)
	}
	if !b.clock.Now().Before(e.EndsAt) {
		return Exam{}, nil, false, nil
	}
	answers, err = b.exams.ExamAnswers(ctx, e.ID)
	if err != nil {
		return Exam{}, nil, false, fmt.Errorf("exam answers: %w", err)
	}
	return e, answers, true, nil
}

// withoutExamAnswers returns attempts without the given exam answers. An exam answer is stored as a private
// attempt, so the store's list holds it with the same question, time and grade; one attempt is dropped per
// answer. Were a daily answer to the same question graded the same at the same millisecond, dropping either
// leaves the same history.
func withoutExamAnswers(attempts []GradedAttempt, answers []ExamAnswer) []GradedAttempt {
	if len(answers) == 0 {
		return attempts
	}
	type key struct {
		question string
		at       int64
		correct  bool
	}
	held := make(map[key]int, len(answers))
	for _, a := range answers {
		held[key{a.QuestionID, a.At.UnixNano(), a.Correct}]++
	}
	out := make([]GradedAttempt, 0, len(attempts))
	for _, a := range attempts {
		k := key{a.QuestionID, a.At.UnixNano(), a.Correct}
		if held[k] > 0 && !a.Guessed { // an exam answer has no "I guessed" button
			held[k]--
			continue
		}
		out = append(out, a)
	}
	return out
}
