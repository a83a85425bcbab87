package console_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackImportReadsThePathGiven: /study pack import PATH reads the file and the core imports it, named
// after the file; a path that is not there is said to be unreadable, and nothing is imported.
func TestPackImportReadsThePathGiven(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "biology.csv")
	csv := "question,A,B,C,D,answer,explanation,domain\n" +
		"Which organelle makes most ATP?,Ribosome,Mitochondrion,Golgi body,Lysosome,B,Respiration runs there.,Cells\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "chemistry.csv")
	out := session(t, monday, true, "/study pack import "+file+"\n/study pack import "+missing+"\n")
	if !strings.Contains(out, "Imported pack biology v1: 1 question and 0 flashcards in 1 domain") {
		t.Errorf("the import is not reported:\n%s", out)
	}
	if !strings.Contains(out, "cannot read "+missing) || strings.Contains(out, "Imported pack chemistry") {
		t.Errorf("a missing file is not refused:\n%s", out)
	}
}
