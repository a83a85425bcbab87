package bot

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/studybot/studybot/quiz"
)

// cmdPractice serves a due review first (the most overdue), then a question the member never answered,
// then the card due soonest, all within the domain asked for, and none of the member's exam in progress.
func (b *Bot) cmdPractice(ctx context.Context, cmd Command, in Input) (Reply, error) {
	var allowed []string
	if d := in.Get("domain"); d != "" {
		allowed = []string{d}
	}
	g := cmd.Channel.Group()
	now := b.clock.Now()
	pk, err := b.channelPackOf(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	if len(pk.Questions) == 0 && len(pk.Flashcards) > 0 {
		return Reply{Private: true, Text: fmt.Sprintf("There are only flashcards here (%s has no questions to practise): /study review serves them.", pk.Title)}, nil
	}
	ls, err := b.learnerState(ctx, g, cmd.User.ID, pk)
	if err != nil {
		return Reply{}, err
	}
	pick, ok := pk.NextReview(ls.cards, now, quiz.ReviewOptions{Allowed: allowed, Exclude: ls.exclude,
		NewLimit: len(pk.Questions), Ahead: true, Seed: cmd.User.ID + now.Format(time.RFC3339Nano)})
	if !ok && ls.inExam > 0 {
		return Reply{Private: true, Text: "There is no question to practise here outside your mock exam in progress: its questions wait until it ends. /study exam status goes back to it."}, nil
	}
	if !ok {
		return Reply{Private: true, Text: "There is no question left to practise here: the ones there are were suspended or retired in this group."}, nil
	}
	q := pick.Question
	id, err := b.practices.CreatePractice(ctx, Practice{Group: g, UserID: cmd.User.ID, Kind: KindPractice, QuestionID: q.ID,
		Domain: q.Domain, CreatedAt: now, Pack: pk.ID, PackVersion: pk.Version})
	if err != nil {
		return Reply{}, fmt.Errorf("create practice: %w", err)
	}
	progress := ""
	if pick.Kind == quiz.PickDue {
		progress = "due for review"
	}
	return privateCard(cardOf(pk, q, id, "", progress)), nil
}

// cardOf builds the card of a private question (practice or review) with its answer buttons.
func cardOf(p *quiz.Pack, q quiz.Question, practiceID int64, kind, progress string) (*Card, []Button) {
	card := questionCard(p, q)
	card.PracticeID, card.Practice, card.Kind, card.Progress = practiceID, true, kind, progress
	return card, choiceButtons(q, StyleDefault, ActionPracticeAnswer, strconv.FormatInt(practiceID, 10))
}

func privateCard(card *Card, buttons []Button) Reply {
	return Reply{Private: true, Card: card, Buttons: buttons}
}

// cmdPracticeAnswer grades the answer to a practice question or a review card. A review card's feedback
// carries a Next button.
func (b *Bot) cmdPracticeAnswer(ctx context.Context, cmd Command, in Input) (Reply, error) {
	id, err := strconv.ParseInt(in.Get("id"), 10, 64)
	if err != nil {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	pr, err := b.practices.Practice(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{}, Errorf(ENOTFOUND, "That practice question no longer exists.")
	}
	if err != nil {
		return Reply{}, fmt.Errorf("load practice: %w", err)
	}
	if pr.Group != cmd.Channel.Group() || pr.UserID != cmd.User.ID {
		return Reply{}, Errorf(EFORBIDDEN, "That practice question was someone else's. Try /study practice for your own.")
	}
	pk, err := b.packAt(ctx, pr.Pack, pr.PackVersion)
	if err != nil {
		return Reply{}, err
	}
	q, choice, err := pickedChoice(pk, pr.QuestionID, in.Get("choice"))
	if err != nil {
		return Reply{}, err
	}
	correct := q.Grade(choice)
	err = b.practices.AnswerPractice(ctx, id, choice, correct, b.clock.Now())
	if ErrorCode(err) == ECONFLICT {
		if pr.Kind == KindReview {
			return Reply{Private: true, Text: "You already answered this card.", Buttons: []Button{b.nextButton(cmd)}}, nil
		}
		return Reply{Private: true, Text: "You already answered this practice question. Try /study practice for another."}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("answer practice: %w", err)
	}
	if pr.Kind == KindReview {
		r := feedback(q, choice, "Reviews are private and count for your readiness, not the leaderboard.")
		r.Buttons = append([]Button{b.nextButton(cmd)}, b.feedbackButtons(cmd, refPrivate, id, correct)...)
		return r, nil
	}
	r := feedback(q, choice, "Practice counts for your stats, not the leaderboard. /study practice for another.")
	r.Buttons = b.feedbackButtons(cmd, refPrivate, id, correct)
	return r, nil
}
