// Package packs holds the content packs embedded in the binary: healthcare-it.yaml (the default) and
// aplus-core1.yaml.
package packs

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/studybot/studybot/quiz"
)

//go:embed *.yaml
var files embed.FS

// DefaultName is the file of the default pack.
const DefaultName = "healthcare-it.yaml"

// Source returns the text of an embedded pack file.
func Source(name string) ([]byte, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("embedded pack %s: %w", name, err)
	}
	return data, nil
}

// Default loads and validates the default pack.
func Default() (*quiz.Pack, error) {
	return quiz.LoadFS(files, DefaultName)
}

// Names lists the ids of the embedded packs (their file names without .yaml), sorted.
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Load loads and validates the embedded pack with the given id; ok is false when none has it.
func Load(id string) (p *quiz.Pack, ok bool, err error) {
	if !slices.Contains(Names(), id) {
		return nil, false, nil
	}
	p, err = quiz.LoadFS(files, id+".yaml")
	return p, err == nil, err
}
