// Package encode is how both stores write the values that have no column type of their own in both
// databases: the questions of an exam and a question's option shares. The two stores must write them
// alike, since `studybot migrate` copies the columns as they are.
package encode

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Questions joins an exam's question ids, one per line. An empty id, or one holding a newline, could not
// be read back and is refused.
func Questions(ids []string) (string, error) {
	for _, id := range ids {
		if id == "" || strings.Contains(id, "\n") {
			return "", fmt.Errorf("question id %q", id)
		}
	}
	return strings.Join(ids, "\n"), nil
}

// ParseQuestions reads what Questions wrote.
func ParseQuestions(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Shares writes option shares as comma-separated numbers of six significant digits.
func Shares(v []float64) string {
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = strconv.FormatFloat(f, 'g', 6, 64)
	}
	return strings.Join(parts, ",")
}

// ParseShares reads what Shares wrote; a number that does not parse reads as 0.
func ParseShares(s string) []float64 {
	if s == "" {
		return nil
	}
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, _ := strconv.ParseFloat(f, 64)
		out = append(out, v)
	}
	return out
}

// MS writes a time as unix milliseconds, the zero time as 0: both stores keep every time in a BIGINT
// (INTEGER) column of milliseconds, so that `studybot migrate` copies rows without converting them.
func MS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time reads what MS wrote, in UTC; 0 reads as the zero time.
func Time(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// NullMS is a nullable time column's value: nil for the zero time.
func NullMS(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	v := t.UnixMilli()
	return &v
}

// NullTime reads what NullMS wrote; NULL reads as the zero time.
func NullTime(v *int64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return Time(*v)
}
