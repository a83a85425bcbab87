package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/studybot/studybot/quiz"
)

// MaxImportSize is the largest file /study pack import takes. The adapters stop downloading past it, and
// the core refuses it; `studybot pack import FILE` on the server has no such bound.
const MaxImportSize = 2 << 20

// maxProblemsShown bounds the problems a refused import lists; the rest are counted.
const maxProblemsShown = 10

// cmdPackImport stores a pack from the file given with the command (Command.File, fetched by the
// adapter), read as `studybot pack import FILE` reads it: CSV or TSV with a header, Anki's notes in plain
// text, two columns of terms, or a pack's YAML. A file with any problem imports nothing; a pack of the same
// name already stored gets its next version.
func (b *Bot) cmdPackImport(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	f := cmd.File
	if f == nil || f.Name == "" {
		return Reply{}, Errorf(EINVALID, "/study pack import needs a file: attach it on Discord, give a file's link in Slack, or a path in the console.")
	}
	if len(f.Data) > MaxImportSize {
		return Reply{}, Errorf(EINVALID, "%s is %s; /study pack import takes files up to %s. Split it, or have the operator run studybot pack import on the server.",
			filepath.Base(f.Name), sizeText(len(f.Data)), sizeText(MaxImportSize))
	}
	var (
		p        *quiz.Pack
		imported *quiz.ImportResult
		err      error
	)
	switch strings.ToLower(filepath.Ext(f.Name)) {
	case ".yaml", ".yml":
		p, err = quiz.Parse(filepath.Base(f.Name), f.Data)
	default:
		if imported, err = quiz.Import(filepath.Base(f.Name), f.Data); err == nil {
			p = imported.Pack
		}
	}
	if err != nil {
		return Reply{}, importProblems(f.Name, err)
	}
	if err := b.mayImport(ctx, p.ID); err != nil {
		return Reply{}, err
	}
	if err := b.storeImport(ctx, cmd.Channel.Group(), p, f.Data, imported != nil); err != nil {
		return Reply{}, err
	}
	what := fmt.Sprintf("%s and %s in %s", count(len(p.Questions), "question", "questions"),
		count(len(p.Flashcards), "flashcard", "flashcards"), count(len(p.Domains), "domain", "domains"))
	if imported != nil {
		what += fmt.Sprintf(", from %s of %s", count(imported.Rows, "row", "rows"), imported.Format)
	}
	return Reply{Private: true, Text: fmt.Sprintf("Imported pack %s v%d: %s.\nA channel draws from it after /study pack use %s there; /study pack info %s describes it.",
		p.ID, p.Version, what, p.ID, p.ID)}, nil
}

// mayImport refuses a pack name that is not an import's to take: the operator's default pack, an embedded
// pack, or a group's own pack (its questions come from approved drafts).
func (b *Bot) mayImport(ctx context.Context, name string) error {
	if name == b.defaultPack.ID || strings.HasPrefix(name, "own-") {
		return Errorf(EFORBIDDEN, "The pack %s is not one an import may replace: rename the file and import it again.", name)
	}
	_, _, stored, err := b.ownPacks.PackSource(ctx, name)
	if err != nil {
		return fmt.Errorf("load pack %s: %w", name, err)
	}
	if stored {
		return nil
	}
	// Not stored, yet found: one of the packs built into studybot.
	if _, err := b.library.Pack(ctx, name, 0); err == nil {
		return Errorf(EFORBIDDEN, "%s is one of studybot's own packs, which an import may not replace: rename the file and import it again.", name)
	} else if ErrorCode(err) != ENOTFOUND {
		return fmt.Errorf("load pack %s: %w", name, err)
	}
	return nil
}

// storeImport stores p. A file (next) has no version of its own: it becomes the version after the stored
// one, and when another import of the same name comes between the read and the write, the store refuses
// this one and it reads again. A pack's YAML keeps its own version, which must be newer than the stored one.
func (b *Bot) storeImport(ctx context.Context, g GroupRef, p *quiz.Pack, source []byte, next bool) error {
	var last error
	for range 3 {
		cur, _, ok, err := b.ownPacks.PackSource(ctx, p.ID)
		if err != nil {
			return fmt.Errorf("load pack %s: %w", p.ID, err)
		}
		if next {
			p.Version = 1
			if ok {
				p.Version = cur + 1
			}
			src, err := quiz.MarshalYAML(p)
			if err != nil {
				return fmt.Errorf("write pack %s: %w", p.ID, err)
			}
			source = []byte(src)
		} else if ok && p.Version <= cur {
			return Errorf(ECONFLICT, "Pack %s is stored at version %d already: raise the file's version above it and import it again.", p.ID, cur)
		}
		if last = b.ownPacks.ImportGroupPack(ctx, g, p, source, b.clock.Now()); last == nil {
			return nil
		}
		if !next {
			break
		}
	}
	return fmt.Errorf("import pack %s: %w", p.ID, last)
}

// importProblems turns a file's problems into the moderator's error: each with its line and column, the
// first maxProblemsShown of them, and that nothing was imported.
func importProblems(file string, err error) error {
	var v *quiz.ValidationError
	if !errors.As(err, &v) {
		return fmt.Errorf("read %s: %w", file, err)
	}
	lines := []string{fmt.Sprintf("%s has %s; nothing was imported:", filepath.Base(file), count(len(v.Problems), "problem", "problems"))}
	for i, p := range v.Problems {
		if i == maxProblemsShown {
			lines = append(lines, fmt.Sprintf("… and %d more.", len(v.Problems)-i))
			break
		}
		lines = append(lines, fmt.Sprintf("line %d, %s: %s", p.Line, p.Field, p.Message))
	}
	return Errorf(EINVALID, "%s", strings.Join(lines, "\n"))
}

// sizeText shows a number of bytes the way a member reads it: "2 MB", "312 KB".
func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// FileRef is what an adapter fetches for a command that takes a file (an ArgFile argument, as /study pack
// import): the option's value (a Discord attachment's id) or the words typed after the subcommand (a path,
// a Slack file's link). ok is false for every other command, whose Command.File stays empty.
func FileRef(specs []Spec, cmd Command) (ref string, ok bool) {
	args := cmd.Args
	find := func(name string) *Spec {
		for i := range specs {
			if specs[i].Name == name {
				return &specs[i]
			}
		}
		return nil
	}
	s := find(cmd.Name)
	if s == nil && cmd.Options == nil && len(args) > 0 {
		if s = find(cmd.Name + " " + strings.ToLower(args[0])); s != nil {
			args = args[1:]
		}
	}
	if s == nil {
		return "", false
	}
	for _, a := range s.Args {
		if a.Kind != ArgFile {
			continue
		}
		if cmd.Options != nil {
			return cmd.Options[a.Name], true
		}
		return strings.TrimSpace(strings.Join(args, " ")), true
	}
	return "", false
}
