// Package showdemo builds a demo study group for the web page's browser test and for the README's
// screenshots (scripts/screenshots): five weeks of daily questions in a console channel answered by six
// members with different records, through the real core and store, with a moved clock.
package showdemo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// channel is where the demo happens; moderator runs its moderator commands.
func channel() bot.ChannelRef {
	return bot.ChannelRef{Platform: bot.PlatformConsole, GroupID: "demo", ChannelID: "study"}
}

func moderator() bot.User { return bot.User{ID: "mod", Name: "Morgan", Admin: true} }

// member is one demo member: who, how often right (out of 10), and which weekdays they skip.
type member struct {
	user  bot.User
	right int
	skip  string // weekday letters they skip: M T W R F
	// improve is how many points of ten they gain from the second-to-last week on.
	improve int
}

func members() []member {
	return []member{
		{bot.User{ID: "m1", Name: "Amara Okafor"}, 8, "", 0},
		{bot.User{ID: "m2", Name: "Ben Carter"}, 6, "F", 0},
		{bot.User{ID: "m3", Name: "Chen Wei"}, 7, "", 1},
		{bot.User{ID: "m4", Name: "Dana Ruiz"}, 3, "T", 5},
		{bot.User{ID: "m5", Name: "Eli Novak"}, 5, "MW", 0},
		{bot.User{ID: "m6", Name: "Farah Haddad-Lindqvist"}, 9, "R", 0},
	}
}

// Zone is the demo schedule's zone.
const Zone = "America/New_York"

// Start is when the demo begins (a Monday morning); end is where its clock stops (a Wednesday noon, five
// weeks on), so the page shows a week in progress.
func Start() time.Time { return time.Date(2026, 2, 2, 8, 0, 0, 0, zone()) }

func end() time.Time { return time.Date(2026, 3, 11, 12, 0, 0, 0, zone()) }

func zone() *time.Location {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return time.UTC // the binary embeds time/tzdata; this does not happen
	}
	return loc
}

// Core is what the demo needs of the bot.
type Core interface {
	HandleErr(ctx context.Context, cmd bot.Command) (bot.Reply, error)
	Tick(ctx context.Context) error
	Flush(ctx context.Context) error
	Pack() *quiz.Pack
}

// Clock is the demo's clock.
type Clock interface {
	Set(t time.Time)
}

// Seed runs the demo from Start to its end on the core, and returns the web page link /study web gives (the
// core needs a PublicURL). Answers follow each member's record, deterministically.
func Seed(ctx context.Context, core Core, clock Clock) (link string, err error) {
	loc, start, end := zone(), Start(), end()
	ch, mod := channel(), moderator()
	clock.Set(start)
	if _, err := core.HandleErr(ctx, bot.Command{Channel: ch, User: mod, Name: "schedule", Args: []string{"09:00", Zone, "mon-fri"}}); err != nil {
		return "", fmt.Errorf("schedule: %w", err)
	}
	day := 0
	for d := start; d.Before(end); d = time.Date(d.Year(), d.Month(), d.Day()+1, 9, 0, 0, 0, loc) {
		wd := d.Weekday()
		if wd == time.Saturday || wd == time.Sunday {
			continue
		}
		slot := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, loc)
		clock.Set(slot)
		if err := core.Tick(ctx); err != nil {
			return "", fmt.Errorf("tick %s: %w", slot, err)
		}
		if err := core.Flush(ctx); err != nil {
			return "", fmt.Errorf("flush %s: %w", slot, err)
		}
		r, err := core.HandleErr(ctx, bot.Command{Channel: ch, User: mod, Name: "today"})
		if err != nil || r.Card == nil {
			return "", fmt.Errorf("no open question on %s: %v", slot, err)
		}
		q, ok := core.Pack().Question(r.Card.QuestionID)
		if !ok {
			return "", fmt.Errorf("question %s not in the pack", r.Card.QuestionID)
		}
		week := int(slot.Sub(start).Hours() / 24 / 7)
		for i, m := range members() {
			if strings.ContainsRune(m.skip, rune("SMTWRFS"[wd])) {
				continue
			}
			clock.Set(slot.Add(time.Duration(10+7*i) * time.Minute))
			right := m.right
			if week >= 3 {
				right += m.improve
			}
			choice := q.Answer
			if roll(day, i, q.ID) >= right {
				choice = (q.Answer + 1 + i%(len(q.Choices)-1)) % len(q.Choices)
			}
			if _, err := core.HandleErr(ctx, bot.Command{Channel: ch, User: m.user, Name: bot.ActionAnswer,
				Args: []string{fmt.Sprint(r.Card.PostID), quiz.Letter(choice)}, Click: true}); err != nil {
				return "", fmt.Errorf("%s answers on %s: %w", m.user.Name, slot, err)
			}
		}
		day++
	}
	clock.Set(end)
	r, err := core.HandleErr(ctx, bot.Command{Channel: ch, User: mod, Name: "web"})
	if err != nil {
		return "", fmt.Errorf("web: %w", err)
	}
	for _, w := range strings.Fields(r.Text) {
		if strings.Contains(w, bot.WebPath) {
			return w, nil
		}
	}
	return "", errors.New("web: no link in the reply (is PublicURL set?): " + r.Text)
}

// roll is a member's deterministic draw from 0 to 9 for a day's question.
func roll(day, member int, question string) int {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d/%d/%s", day, member, question)
	return int(h.Sum32() % 10)
}

// Recorder is a bot.Chat that keeps what the core posts, for the demo's console channel.
type Recorder struct {
	mu    sync.Mutex
	Posts []bot.Reply
}

// Post implements bot.Chat.
func (r *Recorder) Post(_ context.Context, _ bot.ChannelRef, msg bot.Reply, _ bot.Send) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Posts = append(r.Posts, msg)
	return fmt.Sprintf("demo-%d", len(r.Posts)), nil
}

// Edit implements bot.Chat.
func (r *Recorder) Edit(context.Context, bot.ChannelRef, string, bot.Reply) error { return nil }

// PlatformAdmin implements bot.Chat.
func (r *Recorder) PlatformAdmin(context.Context, bot.GroupRef, string) (bool, error) {
	return false, nil
}

// Describe implements bot.Chat.
func (r *Recorder) Describe() bot.PlatformInfo {
	return bot.PlatformInfo{Name: "demo", Admins: "the demo's moderator"}
}

// Recaps returns the recaps posted so far.
func (r *Recorder) Recaps() []bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []bot.Reply
	for _, p := range r.Posts {
		if p.Chart != nil {
			out = append(out, p)
		}
	}
	return out
}

var _ bot.Chat = (*Recorder)(nil)
