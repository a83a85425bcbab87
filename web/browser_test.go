package web_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/studybot/studybot/internal/browser"
)

// TestPageInBrowser drives a real headless Chromium against the real server on a temporary database: the
// page loads, the week's board lists the members in rank order, the chart image loads, a wrong token is a
// 404, and at a phone's 375 px the page does not scroll sideways. Without Chromium it is skipped, except in
// CI (CI set), where that is a failure.
func TestPageInBrowser(t *testing.T) {
	exe, ok := browser.Find()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found, and CI is set: install it (apt-get install chromium) or set STUDYBOT_CHROMIUM")
		}
		t.Skip("no Chromium found (apt-get install chromium, or set STUDYBOT_CHROMIUM); skipped outside CI")
	}
	start := time.Now()
	s := startSite(t)
	g, err := s.m.Bot.WebGroup(context.Background(), strings.TrimPrefix(s.path, "/g/"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.m.Bot.WebPage(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	var wantNames []string
	for _, r := range want.Boards[0].Rows {
		wantNames = append(wantNames, r.Name)
	}
	if len(wantNames) < 3 {
		t.Fatalf("the demo's week board has %d rows", len(wantNames))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	ctx, closeBrowser := browser.New(ctx, exe, t.TempDir())
	defer closeBrowser()

	resp, err := chromedp.RunResponse(ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(s.base+s.path))
	if err != nil {
		t.Fatalf("load page: %v", err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("page status %d", resp.Status)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatalf("title: %v", err)
	}
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelector('.boards .board tbody').rows).map(r => r.cells[1].textContent)`))
	if err != nil {
		t.Fatalf("read the board: %v", err)
	}
	// The image may still be loading when the document is: wait for it, then read its natural width.
	chartWidth, err := chromedp.Run(ctx, chromedp.Poll[int](
		`(() => { const i = document.getElementById('accuracy'); return i.complete && i.naturalWidth > 0 ? i.naturalWidth : 0; })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("chart image: %v", err)
	}
	widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatalf("widths: %v", err)
	}
	scrollWidth, innerWidth := widths[0], widths[1]
	if !strings.Contains(title, "Study group") {
		t.Errorf("title %q", title)
	}
	if strings.Join(names, "|") != strings.Join(wantNames, "|") {
		t.Errorf("week board in the browser: %q, want in rank order %q", names, wantNames)
	}
	if chartWidth <= 0 {
		t.Errorf("chart image natural width %d", chartWidth)
	}
	if innerWidth != 375 || scrollWidth > innerWidth {
		t.Errorf("at %d px wide the page is %d px: it scrolls sideways", innerWidth, scrollWidth)
	}

	resp, err = chromedp.RunResponse(ctx, chromedp.Navigate(s.base+"/g/wrong-token"))
	if err != nil {
		t.Fatalf("load wrong token: %v", err)
	}
	if resp.Status != http.StatusNotFound {
		t.Errorf("wrong token: status %d, want 404", resp.Status)
	}
	t.Logf("browser test took %s", time.Since(start).Round(time.Millisecond))
}
