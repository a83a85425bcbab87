package bot

import (
	"strings"
	"unicode"
)

// MaxNameLen is the longest display name the core keeps, in characters; a longer one is cut with "…".
const MaxNameLen = 80

// CleanName is a member's display name as the core keeps and shows it: without the invisible format
// characters that reorder or hide text (the bidi overrides, embeddings and isolates U+202A-U+202E and
// U+2066-U+2069, the marks U+200E, U+200F and U+061C, zero-width spaces, the byte order mark), with control
// characters and line or paragraph separators as spaces, trimmed, and cut to MaxNameLen characters. A
// right-to-left override in a name turned its leaderboard row around ("01 stniop"), and a line break made
// a row of its own. The zero-width joiner and non-joiner (emoji sequences, Persian and Indic names) and the
// emoji tag characters (subdivision flags) stay. Escaping for a platform's markup is the adapters' part.
func CleanName(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x80 && r >= 0x20 && r != 0x7f { // most names are plain ASCII: one comparison a letter
			continue
		}
		if dropInName(r) || spaceInName(r) || r == '\uFFFD' {
			clean = false
			break
		}
	}
	if clean && len(s) <= MaxNameLen && strings.TrimSpace(s) == s {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case dropInName(r):
		case spaceInName(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r) // invalid UTF-8 is written as U+FFFD
		}
	}
	return Truncate(strings.TrimSpace(b.String()), MaxNameLen)
}

// dropInName reports an invisible format character that CleanName removes.
func dropInName(r rune) bool {
	switch {
	case r == '\u200C' || r == '\u200D': // zero-width non-joiner and joiner
		return false
	case r >= 0xE0020 && r <= 0xE007F: // tag characters of emoji flag sequences
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// spaceInName reports a character that breaks a line or controls a terminal, which CleanName makes a space.
func spaceInName(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}
