// Package web serves a group's read-only page, GET /g/{token}: leaderboards, participation, accuracy per
// domain as a chart and the month's hardest questions. It is rendered on the server with html/template,
// with its CSS inline and its one image served here, so the page needs no JavaScript and no other host.
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
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/chart"
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
	core Core
	log  *slog.Logger
	tmpl *template.Template
}

//go:embed page.html
var pageHTML string

// CacheControl lets a proxy serve a page or chart for a minute: the data behind it changes with answers,
// and a minute old is fresh enough for a leaderboard.
const CacheControl = "public, max-age=60"

// New returns the handler.
func New(core Core, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	funcs := template.FuncMap{
		"pct": func(n, of int) string {
			if of == 0 {
				return "–"
			}
			return fmt.Sprintf("%d%%", (n*100+of/2)/of)
		},
		"date": func(t time.Time) string { return t.Format("2 Jan") },
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
	return &Handler{core: core, log: log, tmpl: template.Must(template.New("page").Funcs(funcs).Parse(pageHTML))}
}

// Register adds the routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+bot.WebPath+"{token}", h.page)
	mux.HandleFunc("GET "+bot.WebPath+"{token}/accuracy.png", h.chart)
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
	p, err := h.core.WebPage(r.Context(), g)
	if !h.found(w, r, err) {
		return
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
		h.log.ErrorContext(r.Context(), "web page", "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	headers(w, "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (h *Handler) chart(w http.ResponseWriter, r *http.Request) {
	g, err := h.core.WebGroup(r.Context(), r.PathValue("token"))
	if !h.found(w, r, err) {
		return
	}
	c, err := h.core.WebAccuracy(r.Context(), g)
	if !h.found(w, r, err) {
		return
	}
	b, err := chart.PNG(c)
	if err != nil {
		h.log.ErrorContext(r.Context(), "web chart", "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	headers(w, chart.ContentType)
	w.Write(b)
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

// headers are those of a page or chart that was found: cacheable for a minute, not to be indexed, and
// sending no Referer (the address holds the token) if a link on it is followed.
func headers(w http.ResponseWriter, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", CacheControl)
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
}
