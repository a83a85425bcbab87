package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// humanDuration writes a window the way moderators type it: 24h, 72h, 90m.
func humanDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// minutes shows time left in whole minutes, rounding up: "1 min", "47 min".
func minutes(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("%d min", max(m, 0))
}

// pct shows a share as a whole percentage.
func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// share is n of `of` as a whole percentage, rounded half up; 0 of nothing is 0. The recap, the reveal's
// bars and the stats table all round this way.
func share(n, of int) int {
	if of == 0 {
		return 0
	}
	return (n*100 + of/2) / of
}

func accuracy(d DomainStats) float64 {
	if d.Answered == 0 {
		return math.NaN()
	}
	return 100 * float64(d.Correct) / float64(d.Answered)
}

// Truncate shortens s to at most n characters (runes), ending a cut one with "…", for the platforms'
// length limits and for short previews.
func Truncate(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
