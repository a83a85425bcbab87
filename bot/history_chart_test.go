package bot_test

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestHistoryCarriesAChartOfTheWeeks: /study history's private reply carries a chart of the same 12 weeks
// as its table, the share right per week (no bar for a week without answers), described in words.
func TestHistoryCarriesAChartOfTheWeeks(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // a Monday
	e.practiceOne(alice, true)
	e.practiceOne(alice, false)
	e.clock.Add(7 * 24 * time.Hour)
	e.practiceOne(alice, true)
	r := e.do(alice, "/study history")
	c := r.Chart
	if !r.Private || c == nil || r.Table == nil {
		t.Fatalf("history: %+v", r)
	}
	if len(c.Categories) != 12 || len(c.Series) != 1 || len(c.Series[0].Values) != 12 || c.Name != "history.png" || c.Title != r.Table.Title {
		t.Fatalf("chart: %+v", c)
	}
	for i, row := range r.Table.Rows {
		if c.Categories[i] != row[0] {
			t.Fatalf("category %d is %q, the table's week %q", i, c.Categories[i], row[0])
		}
	}
	v := c.Series[0].Values
	if v[11] != 100 || v[10] != 50 || !math.IsNaN(v[0]) {
		t.Fatalf("values %v", v)
	}
	if !strings.Contains(c.AltText, "week of 2 Mar 50% of 2") || !strings.Contains(c.AltText, "week of 9 Mar (this week) 100% of 1") {
		t.Fatalf("alt text %q", c.AltText)
	}
}
