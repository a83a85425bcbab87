package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// packStore is how a store keeps imported content packs (not a port of the core: the program's wiring
// and `studybot pack import` use it).
type packStore interface {
	ImportPack(ctx context.Context, p *quiz.Pack, source []byte, now time.Time) error
	PackSource(ctx context.Context, name string) (version int, source []byte, ok bool, err error)
}

// testImportedPacks: a pack never imported is not found; an imported one reads back as stored, on every
// handle; only a newer version replaces it.
func testImportedPacks(t *testing.T, open func() bot.Store) {
	a, ok := open().(packStore)
	if !ok {
		t.Skip("the store keeps no packs")
	}
	b := open().(packStore)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, _, ok, err := a.PackSource(ctx, "tiny"); ok || err != nil {
		t.Fatalf("a pack never imported: %v %v", ok, err)
	}
	if err := a.ImportPack(ctx, &quiz.Pack{ID: "tiny", Version: 2}, []byte("v2"), now); err != nil {
		t.Fatal(err)
	}
	for _, old := range []int{1, 2} {
		if err := b.ImportPack(ctx, &quiz.Pack{ID: "tiny", Version: old}, []byte("old"), now); err == nil {
			t.Fatalf("version %d replaced version 2", old)
		}
	}
	if v, src, ok, err := b.PackSource(ctx, "tiny"); err != nil || !ok || v != 2 || string(src) != "v2" {
		t.Fatalf("pack read back: %d %q %v %v", v, src, ok, err)
	}
	if err := b.ImportPack(ctx, &quiz.Pack{ID: "tiny", Version: 3}, []byte("v3"), now); err != nil {
		t.Fatal(err)
	}
	if v, src, _, _ := a.PackSource(ctx, "tiny"); v != 3 || string(src) != "v3" {
		t.Fatalf("newer pack read back: %d %q", v, src)
	}
}
