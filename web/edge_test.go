package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/web"
)

// fakeCore knows tokens and counts what it is asked to build.
type fakeCore struct {
	mu            sync.Mutex
	tokens        map[string]bot.GroupRef
	pages, charts map[bot.GroupRef]int
	page          *bot.Page // the page every group gets, if set
}

func newFakeCore() *fakeCore {
	return &fakeCore{tokens: map[string]bot.GroupRef{
		"tokA": {Platform: "slack", GroupID: "A"},
		"tokB": {Platform: "slack", GroupID: "B"},
	}, pages: map[bot.GroupRef]int{}, charts: map[bot.GroupRef]int{}}
}

func (f *fakeCore) WebGroup(_ context.Context, token string) (bot.GroupRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.tokens[token]
	if !ok {
		return g, bot.Errorf(bot.ENOTFOUND, "no such page")
	}
	return g, nil
}

func (f *fakeCore) WebPage(_ context.Context, g bot.GroupRef) (bot.Page, error) {
	f.mu.Lock()
	f.pages[g]++
	page := f.page
	f.mu.Unlock()
	if page != nil {
		return *page, nil
	}
	return bot.Page{Now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Zone: "UTC"}, nil
}

func (f *fakeCore) WebAccuracy(_ context.Context, g bot.GroupRef) (bot.Chart, error) {
	f.mu.Lock()
	f.charts[g]++
	f.mu.Unlock()
	return bot.AccuracyChart([]bot.DomainAccuracy{{ID: "d", Name: "D", Week: bot.DomainStats{Answered: 4, Correct: 3}, All: bot.DomainStats{Answered: 9, Correct: 5}}}, "accuracy.png"), nil
}

func (f *fakeCore) counts(g bot.GroupRef) (pages, charts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pages[g], f.charts[g]
}

// edge is a Handler on a fake core and a manual clock, served without a socket.
type edge struct {
	core  *fakeCore
	clock *bot.ManualClock
	mux   *http.ServeMux
}

func newEdge(o web.Options) *edge {
	e := &edge{core: newFakeCore(), clock: bot.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), mux: http.NewServeMux()}
	o.Clock = e.clock
	web.New(e.core, o).Register(e.mux)
	return e
}

// get asks for path from remote (host:port), with headers given as name, value pairs.
func (e *edge) get(path, remote string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.RemoteAddr = remote
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w
}

// Many requests for one group's page and chart within a minute build each once; after the minute, once
// more. Another group's page is its own.
func TestFloodRendersOnceAMinute(t *testing.T) {
	e := newEdge(web.Options{Burst: 1000})
	a, b := bot.GroupRef{Platform: "slack", GroupID: "A"}, bot.GroupRef{Platform: "slack", GroupID: "B"}
	var first []byte
	for i := 0; i < 50; i++ {
		page := e.get("/g/tokA", "192.0.2.1:1000")
		if page.Code != http.StatusOK {
			t.Fatalf("page: %d", page.Code)
		}
		if i == 0 {
			first = page.Body.Bytes()
		} else if !bytes.Equal(page.Body.Bytes(), first) {
			t.Fatal("a page from the cache differs from the one rendered")
		}
		if c := e.get("/g/tokA/accuracy.png", "192.0.2.1:1000"); c.Code != http.StatusOK || c.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("chart: %d %v", c.Code, c.Header())
		}
		e.clock.Add(time.Second)
	}
	if pages, charts := e.core.counts(a); pages != 1 || charts != 1 {
		t.Fatalf("50 requests in 50 s built the page %d times and the chart %d times, want once each", pages, charts)
	}
	e.clock.Add(10 * time.Second) // 60 s after the first render
	e.get("/g/tokA", "192.0.2.1:1000")
	e.get("/g/tokA/accuracy.png", "192.0.2.1:1000")
	if pages, charts := e.core.counts(a); pages != 2 || charts != 2 {
		t.Fatalf("a minute on: page built %d times, chart %d, want twice each", pages, charts)
	}
	e.get("/g/tokB", "192.0.2.1:1000")
	if pages, _ := e.core.counts(b); pages != 1 {
		t.Fatalf("group B's page built %d times, want once", pages)
	}
}

// Requests that miss the cache together wait for one render.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	e := newEdge(web.Options{Burst: 1000})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if w := e.get("/g/tokA/accuracy.png", "192.0.2.1:1000"); w.Code != http.StatusOK {
				t.Errorf("chart: %d", w.Code)
			}
		}()
	}
	wg.Wait()
	if _, charts := e.core.counts(bot.GroupRef{Platform: "slack", GroupID: "A"}); charts != 1 {
		t.Fatalf("20 requests at once drew the chart %d times, want once", charts)
	}
}

// A link reset while its page is cached stops working at once; the new link gets a page of its own.
func TestResetLinkStopsDespiteCache(t *testing.T) {
	e := newEdge(web.Options{})
	if w := e.get("/g/tokA", "192.0.2.1:1000"); w.Code != http.StatusOK {
		t.Fatalf("page: %d", w.Code)
	}
	e.core.mu.Lock()
	e.core.tokens["tokA2"] = e.core.tokens["tokA"]
	delete(e.core.tokens, "tokA")
	e.core.mu.Unlock()
	if w := e.get("/g/tokA", "192.0.2.1:1000"); w.Code != http.StatusNotFound {
		t.Fatalf("the old link after a reset: %d, want 404", w.Code)
	}
	w := e.get("/g/tokA2", "192.0.2.1:1000")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `src="tokA2/accuracy.png"`) {
		t.Fatalf("the new link: %d, chart address not its own", w.Code)
	}
}

// Each client address has its bucket: past it, 429 with Retry-After until it refills; another address is
// not held up; an unknown token is a 404 within the limit and a 429 past it.
func TestRateLimitPerClient(t *testing.T) {
	e := newEdge(web.Options{Rate: 0.1, Burst: 3})
	for i := 0; i < 3; i++ {
		if w := e.get("/g/tokA", "192.0.2.1:1000"); w.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i, w.Code)
		}
	}
	w := e.get("/g/tokA", "192.0.2.1:1001")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "10" {
		t.Fatalf("past the burst: %d, Retry-After %q; want 429 and 10", w.Code, w.Header().Get("Retry-After"))
	}
	if w := e.get("/g/nope/accuracy.png", "192.0.2.1:1000"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("an unknown token past the limit: %d, want 429", w.Code)
	}
	if w := e.get("/g/nope", "192.0.2.2:1000"); w.Code != http.StatusNotFound {
		t.Fatalf("an unknown token from another address: %d, want 404", w.Code)
	}
	if w := e.get("/g/tokA", "192.0.2.2:1000"); w.Code != http.StatusOK {
		t.Fatalf("another address: %d", w.Code)
	}
	// IPv6: one bucket per /64.
	for i, a := range []string{"[2001:db8::1]:1", "[2001:db8::2]:1", "[2001:db8::3]:1", "[2001:db8::4]:1"} {
		want := http.StatusOK
		if i == 3 {
			want = http.StatusTooManyRequests
		}
		if w := e.get("/g/tokA", a); w.Code != want {
			t.Fatalf("%s: %d, want %d", a, w.Code, want)
		}
	}
	e.clock.Add(10 * time.Second)
	if w := e.get("/g/tokA", "192.0.2.1:1000"); w.Code != http.StatusOK {
		t.Fatalf("after Retry-After: %d", w.Code)
	}
}

// X-Forwarded-For counts only from a trusted proxy: from anywhere else, changing it does not get a new
// bucket; behind the proxy, each client it names has its own.
func TestForwardedForOnlyFromTrustedProxy(t *testing.T) {
	e := newEdge(web.Options{Rate: 0.1, Burst: 1, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if w := e.get("/g/tokA", "192.0.2.1:1000", "X-Forwarded-For", "198.51.100.1"); w.Code != http.StatusOK {
		t.Fatalf("first: %d", w.Code)
	}
	if w := e.get("/g/tokA", "192.0.2.1:1000", "X-Forwarded-For", "198.51.100.2"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("an untrusted peer with another X-Forwarded-For: %d, want 429", w.Code)
	}
	for _, client := range []string{"198.51.100.1", "198.51.100.2", "203.0.113.9, 198.51.100.3"} {
		if w := e.get("/g/tokA", "10.1.2.3:5555", "X-Forwarded-For", client); w.Code != http.StatusOK {
			t.Fatalf("behind the proxy, client %s: %d", client, w.Code)
		}
	}
	// The proxy's last untrusted hop is the client, whatever the client wrote before it.
	if w := e.get("/g/tokA", "10.1.2.3:5555", "X-Forwarded-For", "203.0.113.10, 198.51.100.3"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("a client that prepends an address to its X-Forwarded-For: %d, want 429", w.Code)
	}
}

// A found page and its chart forbid framing, forms and <base>, keep no-referrer and nosniff, are private
// to the browser, and ask for HTTPS from then on when reached over HTTPS, as the public URL or a trusted
// proxy says; a plain-HTTP request whose untrusted X-Forwarded-Proto says https gets no HSTS.
func TestSecurityHeaders(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32")}
	cases := []struct {
		name     string
		o        web.Options
		remote   string
		headers  []string
		wantHSTS bool
	}{
		{"public URL https", web.Options{HTTPS: true}, "192.0.2.1:1", nil, true},
		{"plain http", web.Options{TrustedProxies: trusted}, "192.0.2.1:1", []string{"X-Forwarded-Proto", "https"}, false},
		{"trusted proxy https", web.Options{TrustedProxies: trusted}, "10.0.0.1:1", []string{"X-Forwarded-Proto", "https"}, true},
		{"trusted proxy http", web.Options{TrustedProxies: trusted}, "10.0.0.1:1", []string{"X-Forwarded-Proto", "http"}, false},
	}
	for _, tc := range cases {
		e := newEdge(tc.o)
		for _, path := range []string{"/g/tokA", "/g/tokA/accuracy.png"} {
			w := e.get(path, tc.remote, tc.headers...)
			if w.Code != http.StatusOK {
				t.Fatalf("%s %s: %d", tc.name, path, w.Code)
			}
			h := w.Header()
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "form-action 'none'", "base-uri 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s %s: CSP %q lacks %q", tc.name, path, csp, want)
				}
			}
			if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s %s: Referrer-Policy %q, X-Content-Type-Options %q", tc.name, path, h.Get("Referrer-Policy"), h.Get("X-Content-Type-Options"))
			}
			if cc := h.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
				t.Errorf("%s %s: Cache-Control %q, want private", tc.name, path, cc)
			}
			if got := h.Get("Strict-Transport-Security") != ""; got != tc.wantHSTS {
				t.Errorf("%s %s: HSTS %q, want it: %v", tc.name, path, h.Get("Strict-Transport-Security"), tc.wantHSTS)
			}
		}
	}
}

// pageWith renders the page of group A as the core would build it.
func pageWith(t *testing.T, p bot.Page) string {
	t.Helper()
	e := newEdge(web.Options{})
	e.core.page = &p
	w := e.get("/g/tokA", "192.0.2.1:1000")
	if w.Code != http.StatusOK {
		t.Fatalf("page: %d", w.Code)
	}
	return w.Body.String()
}

// TestParticipationWeeksOfLastYearShowTheYear: in January the participation chart reaches back into
// December, and those weeks are labelled with their year (issue 26, defect 9).
func TestParticipationWeeksOfLastYearShowTheYear(t *testing.T) {
	now := time.Date(2027, 1, 13, 9, 0, 0, 0, time.UTC)
	var weeks []bot.PageWeek
	for _, d := range []int{-3, 4, 11} { // Mondays: 28 Dec 2026, 4 Jan and 11 Jan 2027
		weeks = append(weeks, bot.PageWeek{Start: time.Date(2027, 1, d, 0, 0, 0, 0, time.UTC), Members: 2, Answers: 6})
	}
	page := pageWith(t, bot.Page{Now: now, Zone: "UTC", Weeks: weeks})
	for _, want := range []string{"<span>28 Dec 2026</span>", "<span>4 Jan</span>", "<span>11 Jan</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestParticipationCountsOneInTheSingular: a week with one member's one answer reads "1 member · 1
// answer" (issue 26, defect 10c).
func TestParticipationCountsOneInTheSingular(t *testing.T) {
	now := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	page := pageWith(t, bot.Page{Now: now, Zone: "UTC", Weeks: []bot.PageWeek{
		{Start: time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC), Members: 1, Answers: 1},
		{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Members: 2, Answers: 7},
	}})
	for _, want := range []string{">1 member · 1 answer<", ">2 members · 7 answers<"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
