package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/studybot/studybot/quiz"
)

// A flashcard in review is self-graded: its front with "Show answer", then its back with "I knew it" and
// "I didn't". The grade is the review card's answer (a practice row of kind review whose question id is
// the card's): knew it is right (Good), didn't is wrong (Again), on the questions' FSRS schedule.

// Choices a flashcard's self-grade is stored with.
const (
	flashcardKnew   = 0
	flashcardDidnt  = 1
	flashcardHeader = "Review · Flashcard · "
)

// onlyFlashcards says that a channel's pack holds no question to post, only flashcards.
func onlyFlashcards(pk *quiz.Pack) string {
	return fmt.Sprintf("This channel's pack, %s, holds only flashcards, which are never posted as the daily question. /study review serves them; /study pack use NAME picks a pack with questions.", pk.Title)
}

// flashcardFront shows a flashcard's front with its "Show answer" button; id is its review card's.
func flashcardFront(cmd Command, pk *quiz.Pack, c quiz.Flashcard, id int64, progress, lead string) Reply {
	text := flashcardHeading(pk, c, progress) + "\n" + c.Front
	return Reply{Private: true, Text: joinParagraphs(lead, text), Buttons: []Button{{Label: "Show answer", Style: StylePrimary,
		Action: Action{Name: ActionFlashcardShow, Args: []string{strconv.FormatInt(id, 10)}}}}}
}

func flashcardHeading(pk *quiz.Pack, c quiz.Flashcard, progress string) string {
	h := flashcardHeader + domainName(pk, c.Domain)
	if progress != "" {
		h += " · " + progress
	}
	return h
}

// flashcardOf loads the member's own flashcard review card that a button is about, with its pack.
func (b *Bot) flashcardOf(ctx context.Context, cmd Command, in Input) (Practice, *quiz.Pack, quiz.Flashcard, error) {
	id, err := strconv.ParseInt(in.Get("id"), 10, 64)
	if err != nil {
		return Practice{}, nil, quiz.Flashcard{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	pr, err := b.practices.Practice(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return pr, nil, quiz.Flashcard{}, Errorf(ENOTFOUND, "That flashcard no longer exists. /study review for your next card.")
	}
	if err != nil {
		return pr, nil, quiz.Flashcard{}, fmt.Errorf("load flashcard review %d: %w", id, err)
	}
	if pr.Group != cmd.Channel.Group() || pr.UserID != cmd.User.ID {
		return pr, nil, quiz.Flashcard{}, Errorf(EFORBIDDEN, "That flashcard was someone else's. Your own: /study review.")
	}
	pk, err := b.packAt(ctx, pr.Pack, pr.PackVersion)
	if err != nil {
		return pr, nil, quiz.Flashcard{}, err
	}
	c, ok := pk.Flashcard(pr.QuestionID)
	if pr.Kind != KindReview || !ok {
		return pr, nil, quiz.Flashcard{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	return pr, pk, c, nil
}

// cmdFlashcardShow is a flashcard's "Show answer" button: the back, and the self-grade buttons.
func (b *Bot) cmdFlashcardShow(ctx context.Context, cmd Command, in Input) (Reply, error) {
	pr, pk, c, err := b.flashcardOf(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	id := strconv.FormatInt(pr.ID, 10)
	text := fmt.Sprintf("%s\n%s\n\nAnswer: %s\n\nDid you know it?", flashcardHeading(pk, c, ""), c.Front, c.Back)
	return Reply{Private: true, Text: text, Source: c.Source, Buttons: []Button{
		{Label: "I knew it", Style: StylePrimary, Action: Action{Name: ActionFlashcardGrade, Args: []string{id, strconv.Itoa(flashcardKnew)}}},
		{Label: "I didn't", Action: Action{Name: ActionFlashcardGrade, Args: []string{id, strconv.Itoa(flashcardDidnt)}}},
	}}, nil
}

// cmdFlashcardGrade records a flashcard's self-grade as its review card's answer and says when the card
// comes back.
func (b *Bot) cmdFlashcardGrade(ctx context.Context, cmd Command, in Input) (Reply, error) {
	pr, pk, c, err := b.flashcardOf(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	choice, err := strconv.Atoi(in.Get("grade"))
	if err != nil || (choice != flashcardKnew && choice != flashcardDidnt) {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	now := b.clock.Now()
	err = b.practices.AnswerPractice(ctx, pr.ID, choice, choice == flashcardKnew, now)
	if ErrorCode(err) == ECONFLICT {
		return Reply{Private: true, Text: "You already graded this flashcard.", Buttons: []Button{b.nextButton(cmd)}}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("grade flashcard %d: %w", pr.ID, err)
	}
	g := cmd.Channel.Group()
	ls, err := b.learnerState(ctx, g, cmd.User.ID, pk)
	if err != nil {
		return Reply{}, err
	}
	how := "Noted: you knew it."
	if choice == flashcardDidnt {
		how = "Noted: you didn't know it yet."
	}
	text := how
	if card, ok := ls.cards[c.ID]; ok {
		text += fmt.Sprintf(" This card comes back %s.", b.when(ctx, g, cmd.User.ID, card.Due, now))
	}
	text += " Flashcards are private and never count on the leaderboard."
	return Reply{Private: true, Text: text, Buttons: []Button{b.nextButton(cmd)}}, nil
}
