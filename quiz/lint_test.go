package quiz

import (
	"slices"
	"strings"
	"testing"
)

func TestLintCues(t *testing.T) {
	tests := []struct {
		name             string
		choices          []string
		answer           int
		longer, absolute bool
	}{
		{"balanced", []string{"Port 443", "Port 80", "Port 22", "Port 25"}, 0, false, false},
		{"key much longer", []string{"Restart the print spooler service on the server", "Reboot", "Reseat it", "Replace it"}, 0, true, false},
		{"key just under 1.5x", []string{"abcdefghijklmno", "abcdefghij", "abcdefghij", "abcdefghij"}, 0, false, false},
		{"absolute in a distractor only", []string{"Encrypt the drive", "Never store PHI on laptops", "Use a cable lock", "Disable USB ports"}, 0, false, true},
		{"absolute in the key too", []string{"Only the patient", "Only the physician", "The payer", "The clearinghouse"}, 0, false, false},
		{"absolute as part of a word", []string{"Everyone here", "Onlyness", "Alwaysness", "Nevermind"}, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Question{Text: "Which one?", Choices: tt.choices, Answer: tt.answer}
			if got := keyMuchLonger(q); got != tt.longer {
				t.Errorf("keyMuchLonger = %v, want %v", got, tt.longer)
			}
			if got := absoluteInDistractorOnly(q); got != tt.absolute {
				t.Errorf("absoluteInDistractorOnly = %v, want %v", got, tt.absolute)
			}
		})
	}
}

// TestLintLimits: a pack passes with its cues under the limits and fails, naming the rule, over them.
func TestLintLimits(t *testing.T) {
	p := newTestPack([5]int{8, 8, 8, 8, 8}) // 40 questions with four equal-length choices, key B
	if st := ComputeStats(p); len(st.Lint()) != 0 {
		t.Fatalf("a pack without cues fails lint: %v", st.Lint())
	}
	// Two absolutes in distractors: 5% of 40 is the limit, so two pass and three fail.
	for i := range 3 {
		p.Questions[i].Choices = []string{"never", "two", "three", "four"}
		st := ComputeStats(p)
		if !slices.Contains(st.AbsoluteInDistractor, p.Questions[i].ID) {
			t.Fatalf("%s not counted: %v", p.Questions[i].ID, st.AbsoluteInDistractor)
		}
		failed := slices.ContainsFunc(st.Lint(), func(l string) bool { return strings.Contains(l, "absolute word") })
		if failed != (i == 2) {
			t.Fatalf("%d absolutes in 40 questions: lint %v", i+1, st.Lint())
		}
	}
	if !strings.Contains(ComputeStats(p).String(), "pack validate --lint fails") {
		t.Error("pack stats does not say the pack fails lint")
	}
}
