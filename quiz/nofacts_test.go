package quiz_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// examFacts are HIT-001's facts: its code, retirement date, scale, pass mark, length, time and weights.
// They belong in the Healthcare IT pack's exam block, never in Go code, so that every pack's exam is data.
var examFacts = regexp.MustCompile(`HIT-?001|February 2017|100-900|\b650\b|\b75[- ]question|\b60[- ]minute|13/15/26/25/21|13, 15, 26, 25, 21`)

// TestNoExamFactsInCode reads every Go file of the module outside tests and fails on an exam fact.
func TestNoExamFactsInCode(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found from quiz/: %v", err)
	}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := examFacts.FindString(line); m != "" {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s:%d: %q is an exam's fact; it belongs in a pack's exam block", rel, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read only %d Go files: the walk missed the module", files)
	}
}
