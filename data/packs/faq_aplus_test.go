package packs_test

import (
	"testing"

	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// loadAPlus returns the embedded A+ pack.
func loadAPlus(t testing.TB) *quiz.Pack {
	t.Helper()
	p, ok, err := packs.Load("aplus-core1")
	if err != nil || !ok {
		t.Fatalf("load aplus-core1: %v, %v", ok, err)
	}
	return p
}
