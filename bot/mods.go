package bot

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// IsModerator reports whether the user may run moderator commands in the group. A moderator is a member
// the platform itself makes one (Discord's Administrator or Manage Server, told with the request; Slack's
// workspace admins and owners, asked of Slack and remembered for adminTTL), or a user or role in the
// group's mods list. A platform that cannot be asked is an EUNAVAILABLE error, never a "no".
func (b *Bot) IsModerator(ctx context.Context, g GroupRef, u User) (bool, error) {
	if u.Admin {
		return true, nil
	}
	mods, err := b.mods.Mods(ctx, g)
	if err != nil {
		return false, fmt.Errorf("list mods: %w", err)
	}
	for _, m := range mods {
		if (m.Kind == "user" && m.ID == u.ID) || (m.Kind == "role" && slices.Contains(u.Roles, m.ID)) {
			return true, nil
		}
	}
	c, ok := b.chat(g.Platform)
	if !ok {
		return false, nil
	}
	key := g.Platform + "\x00" + g.GroupID + "\x00" + u.ID
	if admin, ok := b.admins.get(key, b.clock.Now()); ok {
		return admin, nil
	}
	admin, err := c.PlatformAdmin(ctx, g, u.ID)
	if err != nil {
		b.log.WarnContext(ctx, "platform admin check failed", "platform", g.Platform, "group", g.GroupID, "err", err)
		return false, Errorf(EUNAVAILABLE, "I could not check your %s admin status: %s. Please try again in a moment.",
			c.Describe().Name, ErrorMessage(err))
	}
	b.admins.put(key, admin, b.clock.Now())
	return admin, nil
}

// adminTTL is how long the core trusts a platform's answer about a member's admin rights.
const adminTTL = 5 * time.Minute

// adminCache remembers platform admin answers briefly, so a burst of moderator commands asks once. Each
// process keeps its own; a change on the platform is seen within adminTTL by every process.
type adminCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]adminEntry
}

type adminEntry struct {
	admin bool
	until time.Time
}

func newAdminCache(ttl time.Duration) *adminCache {
	return &adminCache{ttl: ttl, m: map[string]adminEntry{}}
}

func (c *adminCache) get(key string, now time.Time) (bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || !now.Before(e.until) {
		return false, false
	}
	return e.admin, true
}

func (c *adminCache) put(key string, admin bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10000 {
		for k, e := range c.m {
			if !now.Before(e.until) {
				delete(c.m, k)
			}
		}
	}
	c.m[key] = adminEntry{admin: admin, until: now.Add(c.ttl)}
}

func (b *Bot) cmdMods(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	action, who := in.Get("action"), in.Get("who")
	if action == "" || action == "list" {
		if who != "" {
			return Reply{}, Errorf(EINVALID, "Say what to do with %s: /study mods add %s or /study mods remove %s.", who, who, who)
		}
		mods, err := b.mods.Mods(ctx, g)
		if err != nil {
			return Reply{}, fmt.Errorf("list mods: %w", err)
		}
		if len(mods) == 0 {
			return Reply{Private: true, Text: fmt.Sprintf("No added moderators. %s always moderate. Add one with /study mods add USER-OR-ROLE.",
				capitalize(b.platform(g.Platform).Admins))}, nil
		}
		var names []string
		for _, m := range mods {
			names = append(names, m.Kind+" "+b.displayName(ctx, g, m))
		}
		sort.Strings(names)
		return Reply{Private: true, Text: "Added moderators:\n- " + strings.Join(names, "\n- ")}, nil
	}
	m := ParseMod(who)
	if m.ID == "" {
		return Reply{}, Errorf(EINVALID, "Name a user or a role: /study mods %s USER-OR-ROLE", action)
	}
	switch action {
	case "add":
		if err := b.mods.AddMod(ctx, g, m); err != nil {
			return Reply{}, fmt.Errorf("add mod: %w", err)
		}
		return Reply{Private: true, Text: fmt.Sprintf("%s can now moderate studybot here.", b.displayName(ctx, g, m))}, nil
	default: // remove
		ok, err := b.mods.RemoveMod(ctx, g, m)
		if err != nil {
			return Reply{}, fmt.Errorf("remove mod: %w", err)
		}
		if !ok {
			return Reply{Private: true, Text: fmt.Sprintf("%s was not on the moderators list.", b.displayName(ctx, g, m))}, nil
		}
		return Reply{Private: true, Text: fmt.Sprintf("%s is no longer a moderator.", b.displayName(ctx, g, m))}, nil
	}
}

// ParseMod reads a moderator reference: "role:ID" for a role, "user:ID" or a bare id for a user.
func ParseMod(s string) Mod {
	if id, ok := strings.CutPrefix(s, "role:"); ok {
		return Mod{Kind: "role", ID: id}
	}
	return Mod{Kind: "user", ID: strings.TrimPrefix(s, "user:")}
}

func (b *Bot) displayName(ctx context.Context, g GroupRef, m Mod) string {
	if m.Kind == "user" {
		if n, err := b.members.MemberName(ctx, g, m.ID); err == nil && n != "" {
			return n
		}
	}
	return m.ID
}
