package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/studybot/studybot/quiz"
)

// PointsCorrect is what a correct daily answer earns; a wrong one earns nothing and nothing is ever taken
// away.
const PointsCorrect = 10

// Config is what a Bot is built from.
type Config struct {
	Store Store
	// Pack is the default pack: a channel's until a moderator picks another (/study pack use).
	Pack *quiz.Pack
	// Library finds the other packs by name and version; without one, the default pack is the only one.
	Library Library
	Clock   Clock // defaults to the wall clock
	// Chats posts to each platform by name (PlatformDiscord, ...). A platform without one cannot get
	// scheduled posts.
	Chats  map[string]Chat
	Logger *slog.Logger
	// Observer, when set, is told about events worth counting (metrics).
	Observer Observer
	// Senders bounds how many messages the outbox sends at once, each to its own channel (default 64).
	Senders int
	// DeliveryLease is how long a process's claim on an outbox message lasts (DefaultDeliveryLease): how long a
	// dead process's message waits before another sends it. An attempt's timeouts are derived from it.
	DeliveryLease time.Duration
	// PublicURL is where studybot's web pages are reached from outside (STUDYBOT_PUBLIC_URL), for the links
	// /study web gives; empty when the operator has not set it.
	PublicURL string
}

// Observer hears about things operators count. Every method must be cheap and safe for concurrent use.
type Observer interface {
	QuestionPosted(platform string)
	AnswerRecorded(platform string, correct bool)
	ChatFailed(platform, op string)
	SchedulerLag(d time.Duration)
}

type nopObserver struct{}

func (nopObserver) QuestionPosted(string)       {}
func (nopObserver) AnswerRecorded(string, bool) {}
func (nopObserver) ChatFailed(string, string)   {}
func (nopObserver) SchedulerLag(time.Duration)  {}

// Bot is the core: the command router and the scheduler.
type Bot struct {
	members   Members
	channels  Channels
	posts     Posts
	answers   Answers
	boards    Boards
	practices Practices
	mods      Moderators
	confirms  Confirmations
	outbox    Outbox
	onces     Onces
	reviews   Reviews
	exams     Exams
	items     Items
	flags     Flagging
	notices   Notices
	summaries Summaries
	recaps    Recaps
	webTokens WebTokens
	drafts    Drafts
	ownPacks  OwnPacks
	goals     Goals
	reminders Reminders

	defaultPack *quiz.Pack
	library     Library
	publicURL   string
	clock       Clock
	log         *slog.Logger
	obs         Observer

	table      []Spec           // the command table
	byName     map[string]*Spec // its rows by name
	faq        *quiz.FAQ        // the default pack's FAQ entries and one entry per typed subcommand
	faqs       sync.Map         // *quiz.Pack -> *quiz.FAQ: other packs' FAQs (faqOf)
	asks       []quiz.Example   // members' asks about the bot itself, which every pack's FAQ learns from
	admins     *adminCache
	boardCache *boardCache

	// owner names this process's claims on outbox rows; kick wakes RunOutbox; senders bounds the messages
	// in flight at once.
	owner   string
	kick    chan struct{}
	senders int
	times   timings
	chLocks sync.Map // ChannelRef -> *sync.Mutex, see channelLock
	// itemLocks serialises the item statistics refreshes of one group in this process.
	itemLocks sync.Map // GroupRef -> *sync.Mutex

	mu       sync.RWMutex
	chats    map[string]Chat
	lastTick time.Time
	ticks    TickStats
	// recapsQueued is the week whose recap this process last queued (or found queued) per channel.
	recapsQueued map[ChannelRef]string
	// answered is the choice of each answer this process recorded or found (see cmdAnswer).
	answered map[answerKey]int
}

// New builds a Bot.
func New(cfg Config) (*Bot, error) {
	if cfg.Store == nil {
		return nil, errors.New("bot: a Store is required")
	}
	if cfg.Pack == nil {
		return nil, errors.New("bot: a Pack is required")
	}
	s := cfg.Store
	b := &Bot{members: s, channels: s, posts: s, answers: s, boards: s, practices: s, mods: s, confirms: s, outbox: s, onces: s,
		reviews: s, exams: s, items: s, flags: s, notices: s,
		summaries: s, recaps: s, webTokens: s, goals: s, reminders: s, drafts: s, ownPacks: s, recapsQueued: map[ChannelRef]string{},
		answered: map[answerKey]int{}, defaultPack: cfg.Pack, library: cfg.Library, publicURL: strings.TrimRight(cfg.PublicURL, "/"), clock: cfg.Clock, log: cfg.Logger, obs: cfg.Observer, chats: map[string]Chat{},
		owner: newID(), kick: make(chan struct{}, 1), senders: cfg.Senders}
	if b.library == nil {
		b.library = oneLibrary{cfg.Pack}
	}
	if b.senders <= 0 {
		b.senders = defaultSenders
	}
	if cfg.DeliveryLease <= 0 {
		cfg.DeliveryLease = DefaultDeliveryLease
	}
	b.times = leaseTimings(cfg.DeliveryLease)
	if b.clock == nil {
		b.clock = ClockFunc(time.Now)
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.obs == nil {
		b.obs = nopObserver{}
	}
	for k, v := range cfg.Chats {
		b.chats[k] = v
	}
	b.admins = newAdminCache(adminTTL)
	b.boardCache = newBoardCache(b.clock, b.boards.BucketScores, b.members.MemberName, func(bk Bucket, err error) {
		b.log.Warn("leaderboard refresh failed; the last snapshot stays", "group", bk.Group.GroupID, "period", bk.Period, "domain", bk.Domain, "err", err)
	})
	b.table = b.commandTable()
	b.byName = map[string]*Spec{}
	for i := range b.table {
		b.byName[b.table[i].Name] = &b.table[i]
		if u := b.table[i].Under; u != "" {
			b.byName[u+" "+b.table[i].Name] = &b.table[i]
		}
	}
	asks, err := botAsks()
	if err != nil {
		return nil, err
	}
	b.asks = asks
	b.faq = b.newFAQ(b.defaultPack)
	return b, nil
}

// SetChat attaches the Chat of a platform, for adapters built after the Bot.
func (b *Bot) SetChat(platform string, c Chat) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.chats[platform] = c
}

func (b *Bot) chat(platform string) (Chat, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	c, ok := b.chats[platform]
	return c, ok
}

// Owner names this process in the outbox's claims (claimed_by), so that logs tell which replica holds a
// message.
func (b *Bot) Owner() string { return b.owner }

// Pack returns the default content pack: a channel's until a moderator picks another.
func (b *Bot) Pack() *quiz.Pack { return b.defaultPack }

// Now returns the bot's current time.
func (b *Bot) Now() time.Time { return b.clock.Now() }

func newID() string {
	var buf [8]byte
	if _, err := rand.Read(buf[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // never fails on supported platforms
	}
	return hex.EncodeToString(buf[:])
}

func letter(i int) string { return quiz.Letter(i) }

func domainName(p *quiz.Pack, id string) string {
	if d, ok := p.Domain(id); ok {
		return d.Name
	}
	return id
}

// groupZone is the zone a group's weeks and months are counted in: its schedule's, else UTC.
func (b *Bot) groupZone(ctx context.Context, g GroupRef) *time.Location {
	name, err := b.channels.GroupZone(ctx, g)
	if err != nil {
		b.log.WarnContext(ctx, "group zone", "group", g.GroupID, "err", err)
		return time.UTC
	}
	return ZoneOrUTC(name)
}
