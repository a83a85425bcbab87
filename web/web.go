// Package web serves a group's read-only page, GET /g/{token}: leaderboards, participation, accuracy per
// domain as a chart and the month's hardest questions. It is rendered on the server with html/template,
// with its CSS inline and its one image served here, so the page needs no JavaScript and no other host.
//
// Each group's page and chart are rendered at most once a minute (cache.go), and each client address has
// a token bucket for /g/ (limit.go), so a flood of requests costs little and guessing tokens is slow.
package web

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"log/slog"
	"math"
	"net/http"
	"net/netip"
	"time"

	"golang.org/x/time/rate"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/web/chart"
)

// Core is what the page needs of the bot.
type Core interface {
	// WebGroup finds the group a page token belongs to; ENOTFOUND for a token no group has.
	WebGroup(ctx context.Context, token string) (bot.GroupRef, error)
	WebPage(ctx context.Context, g bot.GroupRef) (bot.Page, error)
	WebAccuracy(ctx context.Context, g bot.GroupRef) (bot.Chart, error)
}

// Handler serves the pages of every group.
type Handler struct {
	core  Core
	log   *slog.Logger
	tmpl  *template.Template
	clock bot.Clock
	https bool
	proxy proxies
	cache *cache
	limit *limiter
}

//go:embed page.html
var pageHTML string

// CacheTTL is how long a group's page and chart are kept once rendered, here and (CacheControl) in the
// browser: the data behind them changes with answers, and a minute old is fresh enough for a leaderboard.
// A flood of requests for one group so costs one render a minute.
const CacheTTL = time.Minute

// CacheControl lets the browser keep a page or chart for CacheTTL, and no shared cache at all: the page
// names members, and its address is its only key.
const CacheControl = "private, max-age=60"

// ContentSecurityPolicy allows the inline CSS and the chart from this host, nothing else: no script, no
// framing by another site, no form, no <base> to move the chart's relative address elsewhere.
const ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"

// StrictTransportSecurity is sent when the page is reached over HTTPS, so that a browser that saw it once
// never asks for a token over plain HTTP, where anyone on the way could read the address.
const StrictTransportSecurity = "max-age=31536000"

// Options tune a Handler; the zero value serves with the defaults.
type Options struct {
	Log   *slog.Logger
	Clock bot.Clock // the cache's and the rate limit's clock; the wall clock when nil
	// HTTPS says the page is reached over HTTPS (STUDYBOT_PUBLIC_URL is https://): every page and chart
	// then carries Strict-Transport-Security. Without it, only a request that arrived over TLS, or whose
	// trusted proxy says X-Forwarded-Proto: https, gets it.
	HTTPS bool
	// TrustedProxies are the proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto
	// are believed; a request from anywhere else is its connection's peer, whatever its headers say.
	TrustedProxies []netip.Prefix
	// Rate and Burst are each client's token bucket for /g/ requests (a page view is two: the page and
	// its chart); over it, 429 with Retry-After. Defaults: DefaultRate, DefaultBurst.
	Rate  rate.Limit
	Burst int
	// MaxClients bounds the buckets kept at once (default DefaultMaxClients); past it, full ones go first.
	MaxClients int
}

// The rate limit's defaults: a burst that covers a team behind one address (a workplace's NAT) opening
// the page together, then one request a second per address.
const (
	DefaultRate       = rate.Limit(1)
	DefaultBurst      = 60
	DefaultMaxClients = 10000
)

// New returns the handler.
func New(core Core, o Options) *Handler {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = bot.ClockFunc(time.Now)
	}
	if o.Rate == 0 {
		o.Rate = DefaultRate
	}
	if o.Burst == 0 {
		o.Burst = DefaultBurst
	}
	if o.MaxClients == 0 {
		o.MaxClients = DefaultMaxClients
	}
	funcs := template.FuncMap{
		"pct": func(n, of int) string {
			if of == 0 {
				return "–"
			}
			return fmt.Sprintf("%d%%", (n*100+of/2)/of)
		},
		"count": bot.Count,
		// date labels a week by its first day, with the year when it is not the page's (bot.ShortDate).
		"date": bot.ShortDate,
		"stamp": func(t time.Time, zone string) string {
			loc, err := bot.LoadZone(zone)
			if err != nil {
				loc = time.UTC
			}
			return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST")
		},
		// bar is a bar's width in percent of the largest value.
		"bar": func(n, most int) int {
			if most == 0 {
				return 0
			}
			return int(math.Round(100 * float64(n) / float64(most)))
		},
	}
	return &Handler{core: core, log: o.Log, tmpl: template.Must(template.New("page").Funcs(funcs).Parse(pageHTML)),
		clock: o.Clock, https: o.HTTPS, proxy: proxies(o.TrustedProxies),
		cache: newCache(CacheTTL), limit: newLimiter(o.Rate, o.Burst, o.MaxClients)}
}

// Register adds the routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+bot.WebPath+"{token}", h.limited(h.page))
	mux.HandleFunc("GET "+bot.WebPath+"{token}/accuracy.png", h.limited(h.chart))
}

// view is the page's template data.
type view struct {
	bot.Page
	Token     string
	Overall   []bot.PageBoard
	PerDomain [][]bot.PageBoard
	MostWeek  int
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	g, err := h.core.WebGroup(r.Context(), token)
	if !h.found(w, r, err) {
		return
	}
	// The page holds its token (the chart's address is relative to it), so it is kept per group and
	// token: after /study web reset the new link renders afresh, and the old one is refused above.
	body, err := h.cache.get(r.Context(), cacheKey{group: g, token: token}, h.clock.Now, func(ctx context.Context) ([]byte, error) {
		return h.render(ctx, g, token)
	})
	if !h.found(w, r, err) {
		return
	}
	h.headers(w, r, "text/html; charset=utf-8")
	w.Write(body)
}

// render builds group g's page.
func (h *Handler) render(ctx context.Context, g bot.GroupRef, token string) ([]byte, error) {
	p, err := h.core.WebPage(ctx, g)
	if err != nil {
		return nil, err
	}
	v := view{Page: p, Token: token}
	for i, b := range p.Boards {
		if b.Domain == "" {
			v.Overall = append(v.Overall, b)
			continue
		}
		if i%3 == 0 || len(v.PerDomain) == 0 {
			v.PerDomain = append(v.PerDomain, nil)
		}
		v.PerDomain[len(v.PerDomain)-1] = append(v.PerDomain[len(v.PerDomain)-1], b)
	}
	for _, wk := range p.Weeks {
		v.MostWeek = max(v.MostWeek, wk.Answers)
	}
	var buf bytes.Buffer
	if err := h.tmpl.Execute(&buf, v); err != nil {
		return nil, fmt.Errorf("render page: %w", err)
	}
	return buf.Bytes(), nil
}

func (h *Handler) chart(w http.ResponseWriter, r *http.Request) {
	g, err := h.core.WebGroup(r.Context(), r.PathValue("token"))
	if !h.found(w, r, err) {
		return
	}
	body, err := h.cache.get(r.Context(), cacheKey{group: g, chart: true}, h.clock.Now, func(ctx context.Context) ([]byte, error) {
		c, err := h.core.WebAccuracy(ctx, g)
		if err != nil {
			return nil, err
		}
		b, err := chart.PNG(c)
		if err != nil {
			return nil, fmt.Errorf("draw chart: %w", err)
		}
		return b, nil
	})
	if !h.found(w, r, err) {
		return
	}
	h.headers(w, r, chart.ContentType)
	w.Write(body)
}

// found answers a failed lookup and reports whether there is something to show. An unknown token gets
// the mux's own 404, word for word, so the answer does not tell whether any group exists.
func (h *Handler) found(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		http.NotFound(w, r)
		return false
	case err != nil:
		h.log.ErrorContext(r.Context(), "web page", "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return false
	}
	return true
}

// headers are those of a page or chart that was found: kept for a minute by the browser alone, not to be
// indexed or framed, sending no Referer (the address holds the token) if a link on it is followed, and
// HTTPS only from then on when it came over HTTPS.
func (h *Handler) headers(w http.ResponseWriter, r *http.Request, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", CacheControl)
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
	if h.https || r.TLS != nil || h.proxy.forwardedHTTPS(r) {
		w.Header().Set("Strict-Transport-Security", StrictTransportSecurity)
	}
}
