// Package redact takes credentials out of what studybot logs. A Slack response_url, a Discord interaction
// callback or follow-up webhook carries its token in the URL's path, and errors quote such URLs whole:
// net/http's *url.Error ("Post \"https://…/TOKEN\": EOF") and discordgo's rate-limit error do. Log lines
// that may carry one log it through URL or Err, which keep the scheme and host only.
package redact

import (
	"log/slog"
	"net/url"
	"regexp"
	"strings"
)

// URL returns raw as it may be logged: its scheme and host, with user info, path, query and fragment
// replaced by "…" ("https://hooks.slack.com/…"). Text that does not parse as a URL gives "…".
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return "…"
	}
	if u.Host == "" {
		return u.Scheme + ":…"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// urls matches a URL inside text: a scheme, "://", and everything up to a space or a quote.
var urls = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>` + "`" + `]+`)

// Text returns s with every URL in it cut down to its scheme and host, as URL does. Punctuation that ends
// a URL ("…/callback, retry after 2s") is kept as text.
func Text(s string) string {
	return urls.ReplaceAllStringFunc(s, func(m string) string {
		trimmed := strings.TrimRight(m, ".,;:!?)]}")
		return URL(trimmed) + m[len(trimmed):]
	})
}

// Err is a log line's "err" attribute: err's text with every URL in it cut down to its scheme and host.
func Err(err error) slog.Attr {
	if err == nil {
		return slog.String("err", "")
	}
	return slog.String("err", Text(err.Error()))
}

// Error returns err with every URL in its text cut down as Text does, for an error that goes on to be
// logged elsewhere; errors.Is and errors.As still find err and what it wraps. Error(nil) is nil.
func Error(err error) error {
	if err == nil {
		return nil
	}
	return &redacted{err: err, text: Text(err.Error())}
}

type redacted struct {
	err  error
	text string
}

func (r *redacted) Error() string { return r.text }
func (r *redacted) Unwrap() error { return r.err }
