// Package library is the core's bot.Library over the packs embedded in the binary (data/packs) and those
// imported into the database.
package library

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/quiz"
)

// Stored is what a Library reads of the packs imported into the database (both stores have it).
type Stored interface {
	// ImportedPacks lists the imported packs' names.
	ImportedPacks(ctx context.Context) ([]string, error)
	// PackVersion is an imported pack's newest version.
	PackVersion(ctx context.Context, name string) (version int, ok bool, err error)
	// PackVersionSource is the text of one imported version.
	PackVersionSource(ctx context.Context, name string, version int) (source []byte, ok bool, err error)
	// PackOwner is who holds an imported pack ("" the operator).
	PackOwner(ctx context.Context, name string) (owner string, ok bool, err error)
}

// PackOwner implements bot.Library: the embedded packs and those imported on the command line are the
// operator's ("").
func (l *Library) PackOwner(ctx context.Context, name string) (string, error) {
	owner, _, err := l.stored.PackOwner(ctx, name)
	return owner, err
}

// Library is the core's bot.Library: the embedded packs and the imported ones. An imported version newer
// than an embedded pack of the same name replaces it (as STUDYBOT_PACK's pack always did); the older
// versions of both stay readable, so that a question posted from one still resolves. A version is parsed
// once and kept: versions never change.
type Library struct {
	stored Stored
	mu     sync.Mutex
	parsed map[libKey]*quiz.Pack
}

type libKey struct {
	name    string
	version int
}

// New returns the library over the embedded packs and those stored.
func New(stored Stored) *Library {
	return &Library{stored: stored, parsed: map[libKey]*quiz.Pack{}}
}

// PackNames implements bot.Library.
func (l *Library) PackNames(ctx context.Context) ([]string, error) {
	names, err := l.stored.ImportedPacks(ctx)
	if err != nil {
		return nil, err
	}
	names = append(names, packs.Names()...)
	slices.Sort(names)
	return slices.Compact(names), nil
}

// Pack implements bot.Library.
func (l *Library) Pack(ctx context.Context, name string, version int) (*quiz.Pack, error) {
	emb, err := l.embedded(name)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		v, ok, err := l.stored.PackVersion(ctx, name)
		switch {
		case err != nil:
			return nil, err
		case ok && (emb == nil || v > emb.Version):
			version = v
		case emb != nil:
			return emb, nil
		default:
			return nil, bot.Errorf(bot.ENOTFOUND, "There is no pack %q. /study pack list shows the packs.", name)
		}
	}
	if emb != nil && emb.Version == version {
		return emb, nil
	}
	key := libKey{name, version}
	l.mu.Lock()
	p := l.parsed[key]
	l.mu.Unlock()
	if p != nil {
		return p, nil
	}
	src, ok, err := l.stored.PackVersionSource(ctx, name, version)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, bot.Errorf(bot.ENOTFOUND, "There is no version %d of pack %q.", version, name)
	}
	if p, err = quiz.Parse(fmt.Sprintf("%s v%d (imported)", name, version), src); err != nil {
		return nil, fmt.Errorf("load pack %s version %d: %w", name, version, err)
	}
	l.mu.Lock()
	l.parsed[key] = p
	l.mu.Unlock()
	return p, nil
}

// embedded is the embedded pack of that name, parsed once; nil when none has it.
func (l *Library) embedded(name string) (*quiz.Pack, error) {
	if !slices.Contains(packs.Names(), name) {
		return nil, nil
	}
	key := libKey{name, -1}
	l.mu.Lock()
	p := l.parsed[key]
	l.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, _, err := packs.Load(name)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.parsed[key] = p
	l.mu.Unlock()
	return p, nil
}
