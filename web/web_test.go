package web_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/app/showdemo"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/web/chart"
)

// site is the real server on a temporary database, with the demo group in it.
type site struct {
	m    *server.Main
	base string // http://127.0.0.1:PORT
	path string // /g/TOKEN
}

func startSite(t testing.TB) *site {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	m := server.NewMain()
	clock := bot.NewManualClock(showdemo.Start())
	m.Clock = clock
	m.TickInterval = time.Hour
	m.Config = server.Config{DB: filepath.Join(t.TempDir(), "studybot.db"), HTTPAddr: "127.0.0.1:0", PublicURL: "https://study.example.com"}
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	m.Bot.SetChat(bot.PlatformConsole, &showdemo.Recorder{})
	link, err := showdemo.Seed(ctx, m.Bot, clock)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
		m.Close()
	})
	return &site{m: m, base: "http://" + m.Addr(), path: strings.TrimPrefix(link, "https://study.example.com")}
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestPage(t *testing.T) {
	s := startSite(t)
	resp, body := get(t, s.base+s.path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	// The page names members and its address is its key: the browser may keep it, no shared cache.
	if got := resp.Header.Get("Cache-Control"); got != "private, max-age=60" {
		t.Fatalf("Cache-Control %q, want private, max-age=60", got)
	}
	// STUDYBOT_PUBLIC_URL is https://: the browser is told to use HTTPS only.
	if got := resp.Header.Get("Strict-Transport-Security"); got == "" {
		t.Error("no Strict-Transport-Security behind an https:// public URL")
	}
	page := string(body)
	for _, want := range []string{"Amara Okafor", "This week", "This month", "All time", "Participation, last 12 weeks",
		"Share right per domain", "Hardest questions this month", "Answer: ", `accuracy.png"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Names only: no member's platform id appears, nor any script or outside address.
	for _, bad := range []string{`"m1"`, ">m1<", ">m4<", "<script", `src="http`, `href="http`, "url(", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	resp, body = get(t, s.base+s.path+"/accuracy.png")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("Cache-Control") != "private, max-age=60" {
		t.Fatalf("chart: %d %v", resp.StatusCode, resp.Header)
	}
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil || img.Bounds().Dx() != chart.Width {
		t.Fatalf("chart PNG: %v %v", err, img)
	}
}

// An unknown token gets exactly the 404 of any other unknown address: same status, headers and body.
func TestUnknownTokenIsAPlain404(t *testing.T) {
	s := startSite(t)
	other, otherBody := get(t, s.base+"/no/such/page")
	for _, u := range []string{"/g/AAAAAAAAAAAAAAAAAAAAAA", "/g/AAAAAAAAAAAAAAAAAAAAAA/accuracy.png", s.path + "x"} {
		resp, body := get(t, s.base+u)
		if resp.StatusCode != http.StatusNotFound || !bytes.Equal(body, otherBody) {
			t.Errorf("%s: %d %q, want %d %q", u, resp.StatusCode, body, other.StatusCode, otherBody)
		}
		for _, h := range []string{"Content-Type", "X-Content-Type-Options", "Cache-Control"} {
			if resp.Header.Get(h) != other.Header.Get(h) {
				t.Errorf("%s: header %s %q, want %q", u, h, resp.Header.Get(h), other.Header.Get(h))
			}
		}
	}
}
