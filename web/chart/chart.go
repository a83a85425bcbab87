// Package chart draws the core's bot.Chart as a PNG, the same way for every adapter and the web page.
//
// It uses github.com/go-analyze/charts (pure Go, no cgo, no browser). gonum.org/v1/plot v0.17.0 was tried
// too, drawing the same grouped bar chart: go-analyze added 1.8 MB to a stripped static binary against
// gonum's 7.5 MB (gonum brings its PDF, SVG and LaTeX backends and the Liberation fonts along), and its
// defaults (anti-aliased Roboto, legend, grid, horizontal bars with long category names, a value formatter
// for percent labels) needed a few options where gonum needed hand-placed offsets, colours and nominal axes
// to look as good. Both embed their fonts; go-analyze's Roboto is compiled into the binary, so the PNG
// renders the same on the distroless image, which has no fonts at all.
package chart

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/go-analyze/charts"

	"github.com/studybot/studybot/bot"
)

// Size of the PNG: wide enough for a chat preview, tall enough for five domains with two bars each.
const (
	Width  = 800
	Height = 450
)

// ContentType is the PNG's media type.
const ContentType = "image/png"

// PNG draws c as horizontal grouped bars on a 0–100 % axis, one group per category and one bar per series,
// each labelled with its value; a NaN value (no answers) draws no bar.
func PNG(c bot.Chart) ([]byte, error) {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return nil, errors.New("chart: no data to draw")
	}
	values := make([][]float64, len(c.Series))
	names := make([]string, len(c.Series))
	for i, s := range c.Series {
		if len(s.Values) != len(c.Categories) {
			return nil, fmt.Errorf("chart: series %q has %d values for %d categories", s.Name, len(s.Values), len(c.Categories))
		}
		names[i] = s.Name
		values[i] = make([]float64, len(s.Values))
		for j, v := range s.Values {
			if math.IsNaN(v) {
				v = charts.GetNullValue()
			}
			values[i][j] = v
		}
		// Horizontal bars list the first category at the bottom; reversed (values here, categories
		// below), the chart reads top-down in the pack's order, as the text does.
		slices.Reverse(values[i])
	}
	cats := slices.Clone(c.Categories)
	slices.Reverse(cats)
	percent := func(f float64) string { return fmt.Sprintf("%.0f%%", f) }
	opt := charts.NewBarChartOptionWithData(values)
	opt.Horizontal = true
	opt.Title.Text = c.Title
	opt.Legend.SeriesNames = names
	opt.Legend.Offset = charts.OffsetRight
	opt.CategoryAxis = charts.CategoryAxisOption{Labels: cats}
	opt.ValueAxis[0].Min = charts.Ptr(0.0)
	opt.ValueAxis[0].Max = charts.Ptr(100.0)
	opt.ValueAxis[0].Unit = 20
	opt.ValueFormatter = percent
	opt.Padding = charts.Box{Top: 20, Right: 40, Bottom: 20, Left: 20}
	for i := range opt.SeriesList {
		opt.SeriesList[i].Label = charts.SeriesLabel{Show: charts.Ptr(true), ValueFormatter: percent}
	}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: Width, Height: Height})
	if err := p.BarChart(opt); err != nil {
		return nil, fmt.Errorf("chart: draw %q: %w", c.Title, err)
	}
	b, err := p.Bytes()
	if err != nil {
		return nil, fmt.Errorf("chart: encode %q: %w", c.Title, err)
	}
	return b, nil
}
