package bot

import (
	"context"

	"github.com/studybot/studybot/quiz"
)

// Library is where the core finds packs by name: the embedded ones and those imported into the database.
// A version, once stored, never changes, so a pack at a version may be kept for good.
type Library interface {
	// PackNames lists every pack a channel may use, sorted.
	PackNames(ctx context.Context) ([]string, error)
	// Pack returns the named pack at version, or its newest when version is 0; an error with code
	// ENOTFOUND when there is no such pack or version.
	Pack(ctx context.Context, name string, version int) (*quiz.Pack, error)
	// PackOwner says who holds a pack: "" for the operator's (embedded, or imported on the command line),
	// else the group that imported or wrote it (PackOwnerOf). A group sees the operator's packs and its own.
	PackOwner(ctx context.Context, name string) (string, error)
}

// oneLibrary is the Library of a Bot built without one: its default pack only.
type oneLibrary struct{ p *quiz.Pack }

func (l oneLibrary) PackNames(context.Context) ([]string, error) { return []string{l.p.ID}, nil }

func (l oneLibrary) PackOwner(context.Context, string) (string, error) { return "", nil }

func (l oneLibrary) Pack(_ context.Context, name string, version int) (*quiz.Pack, error) {
	if name != l.p.ID || (version != 0 && version != l.p.Version) {
		return nil, Errorf(ENOTFOUND, "There is no pack %q (version %d) here.", name, version)
	}
	return l.p, nil
}
