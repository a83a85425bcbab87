// Package packs holds the content packs embedded in the binary. healthcare-it.yaml is the default.
package packs

import (
	"embed"
	"fmt"

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
