package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// cardReply renders a daily post as a card with answer buttons (none when closed), from the pack and
// version it was posted from.
func (b *Bot) cardReply(ctx context.Context, p Post, closed bool) (Reply, error) {
	pk, q, err := b.question(ctx, p.Pack, p.PackVersion, p.QuestionID)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{Text: fmt.Sprintf("Question %s is no longer in the pack.", p.QuestionID)}, nil
	}
	if err != nil {
		return Reply{}, err
	}
	card := questionCard(pk, q)
	card.PostID, card.Closed = p.ID, closed
	r := Reply{Card: card}
	if !closed {
		r.Buttons = choiceButtons(q, StylePrimary, ActionAnswer, strconv.FormatInt(p.ID, 10))
	}
	return r, nil
}

// questionCard is the card of a question: its domain, objective, text and choices. Each caller adds what
// its card is about (a post, a practice question, an exam's progress).
func questionCard(p *quiz.Pack, q quiz.Question) *Card {
	return &Card{QuestionID: q.ID, Domain: domainName(p, q.Domain), Objective: q.Objective, Text: q.Text, Choices: q.Choices}
}

// choiceButtons are a question's answer buttons, A to the last choice: each runs the action with args and
// then its letter.
func choiceButtons(q quiz.Question, style ButtonStyle, action string, args ...string) []Button {
	buttons := make([]Button, len(q.Choices))
	for i := range q.Choices {
		buttons[i] = Button{Label: letter(i), Style: style, Action: Action{Name: action, Args: append(slices.Clip(args), letter(i))}}
	}
	return buttons
}

// pickedChoice returns a question of pack p and the choice a member's letter picks in it.
func pickedChoice(p *quiz.Pack, questionID, letterTyped string) (quiz.Question, int, error) {
	q, ok := p.Question(questionID)
	if !ok {
		return quiz.Question{}, 0, Errorf(ENOTFOUND, "That question is no longer in the pack.")
	}
	choice, ok := quiz.ParseLetter(letterTyped)
	if !ok || choice >= len(q.Choices) {
		return quiz.Question{}, 0, Errorf(EINVALID, "Choose one of %s to %s.", letter(0), letter(len(q.Choices)-1))
	}
	return q, choice, nil
}

func (b *Bot) cmdAnswer(ctx context.Context, cmd Command, in Input) (Reply, error) {
	now := b.clock.Now()
	var p Post
	var err error
	if ref := in.Get("post"); ref == "open" {
		p, err = b.posts.OpenPost(ctx, cmd.Channel)
		if ErrorCode(err) == ENOTFOUND {
			return Reply{}, Errorf(ENOTFOUND, "There is no open question in this channel right now.")
		}
	} else {
		id, perr := strconv.ParseInt(ref, 10, 64)
		if perr != nil {
			return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
		}
		p, err = b.posts.Post(ctx, id)
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
	if p.Channel != cmd.Channel {
		// A channel's question is answered in that channel: its members saw it there.
		return Reply{}, Errorf(EFORBIDDEN, "That question belongs to another channel: answer it there.")
	}
	if !p.Open(now) {
		return Reply{}, Errorf(ECONFLICT, "This question is closed. The next one is on its way.")
	}
	pk, err := b.packAt(ctx, p.Pack, p.PackVersion)
	if err != nil {
		return Reply{}, err
	}
	q, choice, err := pickedChoice(pk, p.QuestionID, in.Get("choice"))
	if err != nil {
		return Reply{}, err
	}
	correct := q.Grade(choice)
	a := Answer{PostID: p.ID, Group: cmd.Channel.Group(), UserID: cmd.User.ID, UserName: cmd.User.Name, Choice: choice, Correct: correct,
		Domain: q.Domain, QuestionID: q.ID, AnsweredAt: now}
	if correct {
		a.Points = PointsCorrect
	}
	first, err := b.recordAnswer(ctx, a)
	if ErrorCode(err) == ECONFLICT {
		return Reply{Private: true, Text: fmt.Sprintf("You already answered %s. Only your first answer counts; the reveal comes when the question closes.", letter(first.Choice))}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("record answer: %w", err)
	}
	b.obs.AnswerRecorded(cmd.Channel.Platform, correct)
	text := fmt.Sprintf("+%s · streak %d", count(a.Points, "point", "points"), first.Streak)
	if !p.Scheduled() {
		text += " (an extra question: streaks count the scheduled ones)"
	}
	r := feedback(q, choice, text)
	r.Buttons = b.feedbackButtons(cmd, refDaily, p.ID, correct)
	return r, nil
}

// feedback is the private reply to an answer. A wrong one says first why the chosen option is wrong, then
// the key and why it is right; every one ends with the note and the question's source.
func feedback(q quiz.Question, choice int, note string) Reply {
	var b strings.Builder
	if q.Grade(choice) {
		fmt.Fprintf(&b, "Correct! %s) %s\n", letter(choice), q.Choices[choice])
	} else {
		fmt.Fprintf(&b, "Not quite: you chose %s) %s.", letter(choice), q.Choices[choice])
		if why := q.WhyWrong(choice); why != "" {
			b.WriteString(" " + why)
		}
		fmt.Fprintf(&b, "\nThe answer is %s) %s\n", letter(q.Answer), q.Choices[q.Answer])
	}
	b.WriteString(q.Explanation)
	if note != "" {
		b.WriteString("\n" + note)
	}
	return Reply{Private: true, Text: b.String(), Source: q.Source}
}

// answerKey names one member's answer to one post; maxAnswered bounds the memory of answers.
type answerKey struct {
	post int64
	user string
}

const maxAnswered = 200_000

// recordAnswer stores an answer through the Answers port, except that a repeat click this process has
// seen is answered from memory (ECONFLICT with the first answer's choice), without going to the store.
// Answers are never changed or removed, so what is remembered stays true whichever process or replica
// took the first click; a click first seen here is decided by the store (its UNIQUE key).
func (b *Bot) recordAnswer(ctx context.Context, a Answer) (Answer, error) {
	key := answerKey{a.PostID, a.UserID}
	b.mu.RLock()
	choice, seen := b.answered[key]
	b.mu.RUnlock()
	if seen {
		first := a
		first.Choice = choice
		return first, Errorf(ECONFLICT, "already answered")
	}
	first, err := b.answers.RecordAnswer(ctx, a)
	if err == nil || ErrorCode(err) == ECONFLICT {
		b.mu.Lock()
		if len(b.answered) >= maxAnswered {
			clear(b.answered)
		}
		b.answered[key] = first.Choice
		b.mu.Unlock()
	}
	return first, err
}
