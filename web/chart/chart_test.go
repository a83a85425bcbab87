package chart_test

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/web/chart"
)

func sample() bot.Chart {
	return bot.AccuracyChart([]bot.DomainAccuracy{
		{ID: "regulatory", Name: "Regulatory Requirements", Week: bot.DomainStats{Answered: 10, Correct: 6}, All: bot.DomainStats{Answered: 40, Correct: 22}},
		{ID: "organizational", Name: "Organizational Behavior", Week: bot.DomainStats{Answered: 4, Correct: 1}, All: bot.DomainStats{Answered: 30, Correct: 15}},
		{ID: "it-operations", Name: "IT Operations", All: bot.DomainStats{Answered: 12, Correct: 9}},
		{ID: "business", Name: "Medical Business Operations", Week: bot.DomainStats{Answered: 5, Correct: 5}, All: bot.DomainStats{Answered: 25, Correct: 20}},
		{ID: "security", Name: "Security", Week: bot.DomainStats{Answered: 8, Correct: 2}, All: bot.DomainStats{Answered: 33, Correct: 12}},
	}, "recap.png")
}

// The PNG decodes, has the promised size, and is a drawing: several colours, not one value everywhere.
func TestPNG(t *testing.T) {
	c := sample()
	if !math.IsNaN(c.Series[0].Values[2]) {
		t.Fatalf("a domain without answers this week should be NaN, got %v", c.Series[0].Values[2])
	}
	b, err := chart.PNG(c)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("STUDYBOT_CHART_OUT"); dir != "" {
		os.WriteFile(dir+"/chart-test.png", b, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got := img.Bounds(); got != image.Rect(0, 0, chart.Width, chart.Height) {
		t.Fatalf("size %v, want %dx%d", got, chart.Width, chart.Height)
	}
	colours := map[[4]uint32]int{}
	for y := 0; y < chart.Height; y += 2 {
		for x := 0; x < chart.Width; x += 2 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}]++
		}
	}
	if len(colours) < 8 {
		t.Fatalf("only %d colours: blank or nearly so", len(colours))
	}
	// The background is the most common colour but far from all of it: bars, text and axes cover the rest.
	most := 0
	for _, n := range colours {
		most = max(most, n)
	}
	if total := (chart.Width / 2) * (chart.Height / 2); most > total*97/100 {
		t.Fatalf("one colour covers %d of %d pixels", most, total)
	}
	// Both series' bar colours are present in quantity: the chart has bars, not only labels.
	var big int
	for _, n := range colours {
		if n > 500 {
			big++
		}
	}
	if big < 3 {
		t.Fatalf("want a background and two bar colours covering areas, got %d large colours", big)
	}
}

func TestPNGRefusesMismatchedSeries(t *testing.T) {
	c := sample()
	c.Series[1].Values = c.Series[1].Values[:2]
	if _, err := chart.PNG(c); err == nil {
		t.Fatal("want an error for a series shorter than the categories")
	}
	if _, err := chart.PNG(bot.Chart{}); err == nil {
		t.Fatal("want an error for an empty chart")
	}
}
