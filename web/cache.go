package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/studybot/studybot/bot"
)

// cacheKey names one rendered thing: a group's page for one token, or its chart.
type cacheKey struct {
	group bot.GroupRef
	token string // the page's; empty for the chart
	chart bool
}

// cache keeps what was rendered for ttl. Requests that miss together wait for one render (singleflight),
// so a flood of requests for one group costs one render a ttl, not one per request.
type cache struct {
	ttl    time.Duration
	flight singleflight.Group

	mu        sync.Mutex
	entries   map[cacheKey]cached
	nextSweep time.Time
}

type cached struct {
	body  []byte
	until time.Time
}

func newCache(ttl time.Duration) *cache {
	return &cache{ttl: ttl, entries: map[cacheKey]cached{}}
}

// get returns the body kept for k if it is younger than the ttl, or else renders it with fn (once for all
// those asking at that moment) and keeps it. A failed render is not kept. The render runs on a context
// that the first caller going away does not cancel, since others may be waiting for it.
func (c *cache) get(ctx context.Context, k cacheKey, now func() time.Time, fn func(context.Context) ([]byte, error)) ([]byte, error) {
	if body, ok := c.lookup(k, now()); ok {
		return body, nil
	}
	v, err, _ := c.flight.Do(fmt.Sprintf("%s\x00%s\x00%s\x00%t", k.group.Platform, k.group.GroupID, k.token, k.chart), func() (any, error) {
		if body, ok := c.lookup(k, now()); ok { // rendered while this caller was on its way
			return body, nil
		}
		body, err := fn(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		c.store(k, body, now())
		return body, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

func (c *cache) lookup(k cacheKey, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || !now.Before(e.until) {
		return nil, false
	}
	return e.body, true
}

// store keeps body for k; once a ttl it drops what has expired, so the map holds at most what was
// rendered in the last two ttls (pages of groups seen, and of tokens since reset).
func (c *cache) store(k cacheKey, body []byte, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !now.Before(c.nextSweep) {
		for key, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, key)
			}
		}
		c.nextSweep = now.Add(c.ttl)
	}
	c.entries[k] = cached{body: body, until: now.Add(c.ttl)}
}
