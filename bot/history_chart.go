package bot

import (
	"fmt"
	"strings"
)

// historyChart draws /study history's weeks as a chart: the member's share right in each week (no bar for
// a week without answers), labelled as the table's rows are. Platforms that can attach an image to a
// private reply show it (Discord); the others show the table alone.
func historyChart(t *Table, answered, right []int) *Chart {
	c := &Chart{Title: t.Title, Name: "history.png", Series: []ChartSeries{{Name: "Share right"}}}
	var alt []string
	for i, row := range t.Rows {
		c.Categories = append(c.Categories, row[0])
		c.Series[0].Values = append(c.Series[0].Values, accuracy(DomainStats{Answered: answered[i], Correct: right[i]}))
		if answered[i] > 0 {
			alt = append(alt, fmt.Sprintf("week of %s %s of %d", row[0], percent(right[i], answered[i]), answered[i]))
		}
	}
	c.AltText = t.Title + ": " + strings.Join(alt, "; ") + "; no answers in the other weeks."
	return c
}
