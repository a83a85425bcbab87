// Command screenshots makes the README's pictures: it builds the demo study group (app/showdemo) on a
// temporary database, serves the real server on loopback, and has headless Chromium take
// docs/img/web-page.png (the group's page at a phone's width) and docs/img/recap.png (the latest weekly
// recap as the console prints it, with its chart). Run from the repository's root:
//
//	go run ./scripts/screenshots
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"html"
	"image"
	"image/color/palette"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/studybot/studybot/adapters/console"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/app/showdemo"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/browser"
	"github.com/studybot/studybot/web/chart"
)

func main() {
	out := flag.String("out", "docs/img", "directory for the PNGs")
	flag.Parse()
	if err := run(context.Background(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, outDir string) error {
	exe, ok := browser.Find()
	if !ok {
		return errors.New("no Chromium found: apt-get install chromium, or set STUDYBOT_CHROMIUM")
	}
	tmp, err := os.MkdirTemp("", "studybot-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()

	m := server.NewMain()
	clock := bot.NewManualClock(showdemo.Start())
	m.Clock = clock
	m.TickInterval = time.Hour
	m.Config = server.Config{DB: filepath.Join(tmp, "demo.db"), HTTPAddr: "127.0.0.1:0", PublicURL: "https://study.example.com"}
	if err := m.Open(ctx); err != nil {
		return err
	}
	defer m.Close()
	rec := &showdemo.Recorder{}
	m.Bot.SetChat(bot.PlatformConsole, rec)
	link, err := showdemo.Seed(ctx, m.Bot, clock)
	if err != nil {
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- m.Run(runCtx) }()
	defer func() { stop(); <-done }()
	pageURL := "http://" + m.Addr() + strings.TrimPrefix(link, "https://study.example.com")

	recaps := rec.Recaps()
	if len(recaps) == 0 {
		return errors.New("the demo posted no recap")
	}
	recapHTML, err := recapPage(recaps[len(recaps)-1])
	if err != nil {
		return err
	}
	recapFile := filepath.Join(tmp, "recap.html")
	if err := os.WriteFile(recapFile, []byte(recapHTML), 0o644); err != nil {
		return err
	}

	bctx, closeBrowser := browser.New(ctx, exe, filepath.Join(tmp, "chromium"))
	defer closeBrowser()
	shots := []struct {
		url, file string
		width     int64
	}{
		{pageURL, "web-page.png", 900},
		{"file://" + recapFile, "recap.png", 820},
	}
	for _, s := range shots {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(s.width, 900), chromedp.Navigate(s.url)); err != nil {
			return fmt.Errorf("load %s: %w", s.url, err)
		}
		// Wait for the images, then take the whole page.
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)`,
			chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			return fmt.Errorf("images of %s: %w", s.url, err)
		}
		shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			return fmt.Errorf("screenshot of %s: %w", s.url, err)
		}
		small, err := shrink(shot)
		if err != nil {
			return fmt.Errorf("shrink %s: %w", s.file, err)
		}
		path := filepath.Join(outDir, s.file)
		if err := os.WriteFile(path, small, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d KB)\n", path, len(small)/1024)
	}
	return nil
}

// shrink maps a screenshot onto a fixed 256-colour palette and compresses it hard, so the README's images
// stay around a hundred kilobytes: text and flat colours survive it well.
func shrink(b []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	p := image.NewPaletted(img.Bounds(), palette.Plan9)
	draw.Draw(p, p.Rect, img, img.Bounds().Min, draw.Src)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, p); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// recapPage shows a recap as the console prints it, with its chart below: the message and the image a
// channel gets, without any platform's styling.
func recapPage(r bot.Reply) (string, error) {
	img, err := chart.PNG(*r.Chart)
	if err != nil {
		return "", err
	}
	return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#fff;font:14px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;color:#1d2430}
pre{margin:16px 20px 8px;white-space:pre-wrap}
img{display:block;margin:0 10px 16px;width:800px}
</style></head><body><pre>` + html.EscapeString(console.Render(r)) + `</pre>
<img alt="" src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(img) + `"></body></html>`, nil
}
