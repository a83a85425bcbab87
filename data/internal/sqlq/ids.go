package sqlq

import (
	"context"
	"sync"

	"github.com/studybot/studybot/bot"
)

// IDs remembers the row ids of groups and channels. Their rows are never deleted or renumbered, so an id
// once read stays right, on every replica. The zero value is ready to use.
type IDs struct {
	groups   idMap[bot.GroupRef]
	channels idMap[bot.ChannelRef]
}

// idMap is one kind of remembered ids, safe for concurrent use.
type idMap[K comparable] struct {
	mu sync.RWMutex
	m  map[K]int64
}

func (c *idMap[K]) get(k K) (int64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.m[k]
	return id, ok
}

func (c *idMap[K]) set(k K, id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[K]int64{}
	}
	c.m[k] = id
}

// Group returns a group's id if it is remembered.
func (c *IDs) Group(g bot.GroupRef) (int64, bool) { return c.groups.get(g) }

// SetGroup remembers a group's id; only ids of committed rows may be remembered.
func (c *IDs) SetGroup(g bot.GroupRef, id int64) { c.groups.set(g, id) }

// Channel returns a channel's id if it is remembered.
func (c *IDs) Channel(ch bot.ChannelRef) (int64, bool) { return c.channels.get(ch) }

// SetChannel remembers a channel's id; only ids of committed rows may be remembered.
func (c *IDs) SetChannel(ch bot.ChannelRef, id int64) { c.channels.set(ch, id) }

// LookupGroup returns a group's id without creating it, 0 when it has no row, reading it through q when
// it is not remembered.
func (c *IDs) LookupGroup(ctx context.Context, q Querier, g bot.GroupRef) (int64, error) {
	if id, ok := c.Group(g); ok {
		return id, nil
	}
	id, err := FindGroup(ctx, q, g)
	if err != nil || id == 0 {
		return 0, err
	}
	c.SetGroup(g, id)
	return id, nil
}

// LookupChannel returns a channel's id without creating it, 0 when it has no row, reading it through q
// when it is not remembered.
func (c *IDs) LookupChannel(ctx context.Context, q Querier, ch bot.ChannelRef) (int64, error) {
	if id, ok := c.Channel(ch); ok {
		return id, nil
	}
	id, err := FindChannel(ctx, q, ch)
	if err != nil || id == 0 {
		return 0, err
	}
	c.SetChannel(ch, id)
	return id, nil
}
