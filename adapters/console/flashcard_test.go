package console_test

import (
	"strings"
	"testing"

	"github.com/studybot/studybot/quiz"
)

// A flashcard in the console: /study review shows its front with a "Show answer" button, /click show
// turns it over, and /click i didn't grades it; the next day it is due again, and /click i knew it sends
// it further out. /study practice says there are only flashcards here.
func TestFlashcardReviewWithClick(t *testing.T) {
	pack, err := quiz.Parse("cards.yaml", []byte(`pack: cards
title: Cell biology
version: 1
domains:
  - {id: cells, name: Cells, weight: 100}
flashcards:
  - {id: c-mitosis, domain: cells, front: mitosis, back: Cell division giving two identical daughter cells}
`))
	if err != nil {
		t.Fatal(err)
	}
	out := sessionWith(t, pack, monday, true, "/study practice\n/study review\n/click show\n/click i didn't\n/click next\n"+
		"/advance 25h\n/study review\n/click show\n/click i knew\n/advance 25h\n/study review\n")
	for _, want := range []string{
		"only flashcards here",
		"Review · Flashcard · Cells · new flashcard, 1 of 10 today\n  mitosis", "[/click Show answer]",
		"Answer: Cell division giving two identical daughter cells", "[/click I knew it] [/click I didn't]",
		"Noted: you didn't know it yet. This card comes back Tue",
		"That's all for now: nothing is due.",
		"Review · Flashcard · Cells · 1 card due\n  mitosis",
		"Noted: you knew it. This card comes back",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if last := out[strings.LastIndex(out, "you> /study review"):]; !strings.Contains(last, "nothing is due") {
		t.Errorf("the card known yesterday is due again a day later:\n%s", last)
	}
}
