package bot

import (
	"testing"

	"github.com/studybot/studybot/quiz"
)

// TestButtonActionsAreHiddenRows: every action a button is built with is a hidden row of the command table
// (so its click reaches a handler and typing it does not), and every hidden row has its constant.
func TestButtonActionsAreHiddenRows(t *testing.T) {
	actions := []string{ActionAnswer, ActionPracticeAnswer, ActionReviewNext, ActionFlashcardShow, ActionFlashcardGrade, ActionGuessed, ActionReport,
		ActionExamAnswer, ActionExamPage, ActionMistakesPage, ActionMistakeRetry, ActionConfirm, ActionCancel, ActionFAQEntry,
		ActionQuestionForm, ActionQuestionSave, ActionQuestionSubmit}
	hidden := map[string]bool{}
	for _, s := range (&Bot{defaultPack: &quiz.Pack{}}).commandTable() {
		if s.Hidden {
			hidden[s.Name] = true
		}
	}
	for _, a := range actions {
		if !hidden[a] {
			t.Errorf("button action %q is not a hidden row of the table", a)
		}
		delete(hidden, a)
	}
	for name := range hidden {
		t.Errorf("hidden row %q has no Action constant", name)
	}
}
