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

// Dates in replies. A time is shown in its own zone (the caller puts it there). A coming time within the
// week needs no date ("Tue 14:00 EST"); any other shows its date ("Mon 16 Mar 14:00 EDT"), and its year
// when it is more than six months from now, either way, or in another year ("Tue 2 Mar 2027 14:00 EST"),
// so that a review due next March is not read as due this March.

// dueTime shows a coming time: the exam's end, the next review due.
func dueTime(t, now time.Time) string {
	if d := t.Sub(now); d >= 0 && d < 6*24*time.Hour && !needsYear(t, now) {
		return t.Format("Mon 15:04 MST")
	}
	return dateTime(t, now)
}

// dateTime shows a time with its date, and its year where needsYear says.
func dateTime(t, now time.Time) string {
	if needsYear(t, now) {
		return t.Format("Mon 2 Jan 2006 15:04 MST")
	}
	return t.Format("Mon 2 Jan 15:04 MST")
}

// ShortDate shows a day without its weekday ("2 Mar"), with its year where needsYear says ("8 Dec 2025"),
// for the web page's week labels.
func ShortDate(t, now time.Time) string {
	if needsYear(t, now) {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// needsYear reports whether t is shown with its year: it is in another year than now (in t's zone), or
// more than six months from now, before or after.
func needsYear(t, now time.Time) bool {
	now = now.In(t.Location())
	return t.Year() != now.Year() || t.After(now.AddDate(0, 6, 0)) || t.Before(now.AddDate(0, -6, 0))
}

// Percentages. Every percentage shown is a whole number rounded half up (1 of 8 is 13%), so a question's
// share right reads the same in the recap, /study stats and /study items. share rounds counts; percent
// (board.go) is share as text, with "-" for nothing counted; pct rounds a fraction the same way. accuracy
// alone does not round: it is a chart's value, drawn rather than read.

// pct shows a fraction (a share computed elsewhere, or an estimate such as mastery) as a whole
// percentage, rounded half up like share.
func pct(x float64) string { return fmt.Sprintf("%d%%", wholePercent(x)) }

// wholePercent is the fraction x as a whole percentage, rounded half up. x is usually a ratio of counts
// computed in floating point, where a tie such as 29/200 comes out a hair under 14.5%; the 1e-9 puts it
// back where share(29, 200) puts it (a ratio's 100x is never that close to a half without being one).
func wholePercent(x float64) int { return int(math.Floor(100*x + 0.5 + 1e-9)) }

// share is n of `of` as a whole percentage, rounded half up; 0 of nothing is 0. The recap, the reveal's
// bars and the stats table all round this way.
func share(n, of int) int {
	if of == 0 {
		return 0
	}
	return (n*100 + of/2) / of
}

// accuracy is a domain's share right for the accuracy chart, unrounded, and NaN (a gap, not a zero) when
// nothing was answered.
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

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", share(n, of))
}

// count writes a number with the singular or plural noun ("1 answer", "3 answers"). Every count shown
// with a noun goes through it, so that none reads "1 questions".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Count is count for the web page's template: "1 member", "7 answers".
func Count(n int, one, many string) string { return count(n, one, many) }
