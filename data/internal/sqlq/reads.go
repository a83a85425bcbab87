package sqlq

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// Reads implements the store ports' reads that are the same on both stores, so that each store embeds
// it rather than writing each method again: a read on SQLite's reader pool and on PostgreSQL's pool take
// the same statements. A store's own methods (its writes, and the reads it does its own way) sit beside
// the promoted ones. A group or channel the store has no row for reads as empty, as the ports say.
type Reads struct {
	q       Querier
	group   func(context.Context, bot.GroupRef) (int64, error)
	channel func(context.Context, bot.ChannelRef) (int64, error)
}

// NewReads returns the reads on q, finding row ids with the store's group and channel lookups (which cache
// them), each returning 0 for a group or channel the store has no row for.
func NewReads(q Querier, group func(context.Context, bot.GroupRef) (int64, error), channel func(context.Context, bot.ChannelRef) (int64, error)) Reads {
	return Reads{q: q, group: group, channel: channel}
}

// Flags implements bot.Flagging.
func (r Reads) Flags(ctx context.Context, g bot.GroupRef) ([]bot.Flag, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return Flags(ctx, r.q, gid)
}

// ItemStates implements bot.Items.
func (r Reads) ItemStates(ctx context.Context, g bot.GroupRef) (map[string]bot.ItemState, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return map[string]bot.ItemState{}, err
	}
	return ItemStates(ctx, r.q, gid)
}

// ItemSnapshot implements bot.Items.
func (r Reads) ItemSnapshot(ctx context.Context, g bot.GroupRef) (bot.ItemSnapshot, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return bot.ItemSnapshot{Stats: map[string]quiz.ItemStats{}}, err
	}
	return ItemSnapshot(ctx, r.q, gid)
}

// PendingNotices implements bot.Notices.
func (r Reads) PendingNotices(ctx context.Context, g bot.GroupRef) (bool, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	return PendingNotices(ctx, r.q, gid)
}

// OpenExam implements bot.Exams.
func (r Reads) OpenExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return OpenExam(ctx, r.q, g, userID)
}

// Exam implements bot.Exams.
func (r Reads) Exam(ctx context.Context, id int64) (bot.Exam, error) { return Exam(ctx, r.q, id) }

// LastExam implements bot.Exams.
func (r Reads) LastExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return LastExam(ctx, r.q, g, userID)
}

// ExamAnswers implements bot.Exams.
func (r Reads) ExamAnswers(ctx context.Context, examID int64) ([]bot.ExamAnswer, error) {
	return ExamAnswers(ctx, r.q, examID)
}

// FindAttempt implements bot.Reviews.
func (r Reads) FindAttempt(ctx context.Context, g bot.GroupRef, userID, kind string, ref int64) (bot.GradedAttempt, error) {
	gid, err := r.group(ctx, g)
	if err != nil {
		return bot.GradedAttempt{Ref: ref}, err
	}
	return FindAttempt(ctx, r.q, gid, userID, kind, ref)
}

// MemberTotals implements bot.Summaries.
func (r Reads) MemberTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.MemberTotal, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return MemberTotals(ctx, r.q, gid, from, to)
}

// QuestionTotals implements bot.Summaries.
func (r Reads) QuestionTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.QuestionTotal, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return QuestionTotals(ctx, r.q, gid, from, to)
}

// DomainTotals implements bot.Summaries.
func (r Reads) DomainTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.DomainStats, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return DomainTotals(ctx, r.q, gid, from, to)
}

// RecapState implements bot.Recaps.
func (r Reads) RecapState(ctx context.Context, ch bot.ChannelRef, payload string) (bot.DeliveryState, error) {
	cid, err := r.channel(ctx, ch)
	if err != nil {
		return bot.DeliveryState{}, err
	}
	return RecapState(ctx, r.q, cid, payload)
}

// WebGroup implements bot.WebTokens.
func (r Reads) WebGroup(ctx context.Context, hash bot.WebTokenHash) (bot.GroupRef, bool, error) {
	return WebGroup(ctx, r.q, hash)
}

// Mods implements bot.Moderators.
func (r Reads) Mods(ctx context.Context, g bot.GroupRef) ([]bot.Mod, error) { return Mods(ctx, r.q, g) }

// MemberName implements bot.Members.
func (r Reads) MemberName(ctx context.Context, g bot.GroupRef, userID string) (string, error) {
	return MemberName(ctx, r.q, g, userID)
}

// GroupZone implements bot.Channels.
func (r Reads) GroupZone(ctx context.Context, g bot.GroupRef) (string, error) {
	return GroupZone(ctx, r.q, g)
}

// Practice implements bot.Practices.
func (r Reads) Practice(ctx context.Context, id int64) (bot.Practice, error) {
	return Practice(ctx, r.q, id)
}

// PackSource returns an imported pack's version and source by name; ok is false when there is none.
func (r Reads) PackSource(ctx context.Context, name string) (version int, source []byte, ok bool, err error) {
	return PackSource(ctx, r.q, name)
}

// MemberScore implements bot.Boards, by primary key.
func (r Reads) MemberScore(ctx context.Context, b bot.Bucket, userID string) (bot.Score, bool, error) {
	gid, err := r.group(ctx, b.Group)
	if err != nil || gid == 0 {
		return bot.Score{UserID: userID}, false, err
	}
	return MemberScore(ctx, r.q, gid, b, userID)
}

// MemberStats implements bot.Boards.
func (r Reads) MemberStats(ctx context.Context, g bot.GroupRef, userID string) (bot.Stats, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return bot.Stats{}, err
	}
	return MemberStats(ctx, r.q, gid, userID)
}

// AnswerCounts implements bot.Answers.
func (r Reads) AnswerCounts(ctx context.Context, postID int64, choices int) ([]int, error) {
	return AnswerCounts(ctx, r.q, postID, choices)
}

// Streak implements bot.Answers.
func (r Reads) Streak(ctx context.Context, ref bot.ChannelRef, userID string) (int, error) {
	cid, err := r.channel(ctx, ref)
	if err != nil || cid == 0 {
		return 0, err
	}
	return Streak(ctx, r.q, cid, userID)
}

// History implements bot.Posts.
func (r Reads) History(ctx context.Context, ref bot.ChannelRef) (quiz.History, int, error) {
	cid, err := r.channel(ctx, ref)
	if err != nil || cid == 0 {
		return quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}}, 0, err
	}
	return History(ctx, r.q, cid)
}

// OpenPost implements bot.Posts.
func (r Reads) OpenPost(ctx context.Context, ref bot.ChannelRef) (bot.Post, error) {
	cid, err := r.channel(ctx, ref)
	if err != nil {
		return bot.Post{}, err
	}
	return OpenPost(ctx, r.q, cid)
}

// ExpiredPosts implements bot.Posts.
func (r Reads) ExpiredPosts(ctx context.Context, now time.Time) ([]bot.Post, error) {
	return ExpiredPosts(ctx, r.q, now)
}

// Deliveries implements bot.Outbox.
func (r Reads) Deliveries(ctx context.Context, postID int64) ([]bot.DeliveryState, error) {
	return Deliveries(ctx, r.q, postID)
}

// NextDeliveryAt implements bot.Outbox.
func (r Reads) NextDeliveryAt(ctx context.Context) (time.Time, error) {
	return NextDeliveryAt(ctx, r.q)
}

// Channel implements bot.Channels.
func (r Reads) Channel(ctx context.Context, ref bot.ChannelRef) (bot.Channel, error) {
	return Channel(ctx, r.q, ref)
}

// ScheduledChannels implements bot.Channels.
func (r Reads) ScheduledChannels(ctx context.Context) ([]bot.Channel, error) {
	return ScheduledChannels(ctx, r.q)
}

// SchemaVersion returns the highest migration applied.
func (r Reads) SchemaVersion(ctx context.Context) (int, error) { return SchemaVersion(ctx, r.q) }

// ReviewsAnswered implements bot.Reviews.
func (r Reads) ReviewsAnswered(ctx context.Context, g bot.GroupRef, userID string, since time.Time) ([]bot.GradedAttempt, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return ReviewsAnswered(ctx, r.q, gid, userID, since)
}
