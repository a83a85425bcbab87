package bot

import (
	"context"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Draft states: a draft being written (it has problems, or a cue warning its author has not saved past), one
// waiting for a moderator, and the two decisions.
const (
	DraftWriting  = "writing"
	DraftPending  = "pending"
	DraftApproved = "approved"
	DraftRejected = "rejected"
)

// Who may write questions in a group (/study question who).
const (
	WritersAnyone = "anyone"
	WritersMods   = "mods"
)

// Draft is a question a member wrote in chat (/study question add), kept as typed until a moderator
// approves it into the group's own pack or rejects it.
type Draft struct {
	ID         int64
	AuthorID   string
	AuthorName string
	Fields     quiz.Draft
	Status     string
	Reason     string // why it was rejected, when the moderator said
	DecidedBy  string // the moderator's user id
	QuestionID string // its id in the group's own pack, once approved
	// Token names the form a new draft was written in, so that the form sent again (a Slack modal kept
	// open with its problems) saves the same draft rather than another.
	Token     string
	CreatedAt time.Time
	UpdatedAt time.Time
	DecidedAt time.Time // zero until decided
}

// Undecided reports whether a moderator has still to approve or reject the draft.
func (d Draft) Undecided() bool { return d.Status == DraftWriting || d.Status == DraftPending }

// Drafts keeps the questions a group's members write in chat, who may write them, and which decisions
// their authors have still to hear of.
type Drafts interface {
	// SaveDraft stores a draft of the group: a new one (ID 0) is given its id and returned, unless the group
	// has a draft of its Token already, which is saved instead; an existing one
	// has its author's fields, status and UpdatedAt replaced, unless it was decided meanwhile (ECONFLICT)
	// or is not the group's (ENOTFOUND).
	SaveDraft(ctx context.Context, g GroupRef, d Draft) (Draft, error)
	// Draft returns the group's draft with this id; ok is false when there is none.
	Draft(ctx context.Context, g GroupRef, id int64) (d Draft, ok bool, err error)
	// OpenDrafts lists the group's undecided drafts, oldest first.
	OpenDrafts(ctx context.Context, g GroupRef) ([]Draft, error)
	// DecideDraft records a moderator's decision (d's Status, Reason, DecidedBy, QuestionID, DecidedAt) on
	// an undecided draft, for its author to hear of. It reports false, changing nothing, when the draft
	// was decided already.
	DecideDraft(ctx context.Context, g GroupRef, d Draft) (bool, error)
	// UndoDecision returns an approved or rejected draft to pending, its decision forgotten and not told.
	UndoDecision(ctx context.Context, g GroupRef, id int64) error
	// DraftNews reports whether the member has decisions on their drafts they were not told of yet.
	DraftNews(ctx context.Context, g GroupRef, userID string) (bool, error)
	// TakeDraftNews returns those drafts, oldest decision first, and marks them told.
	TakeDraftNews(ctx context.Context, g GroupRef, userID string, at time.Time) ([]Draft, error)
	// QuestionWriters says who may write questions in the group: WritersAnyone (also when never set) or
	// WritersMods.
	QuestionWriters(ctx context.Context, g GroupRef) (string, error)
	// SetQuestionWriters sets it.
	SetQuestionWriters(ctx context.Context, g GroupRef, who string) error
}

// OwnPacks keeps imported packs, the group's own pack among them (the store's packs table, which `studybot
// pack import` fills too).
type OwnPacks interface {
	// PackSource returns a stored pack's version and source; ok is false when there is none.
	PackSource(ctx context.Context, name string) (version int, source []byte, ok bool, err error)
	// ImportGroupPack stores a version of a pack for group g, newer than the stored one: a new name becomes
	// the group's; a name the operator or another group holds is ECONFLICT (PackOwnerOf).
	ImportGroupPack(ctx context.Context, g GroupRef, p *quiz.Pack, source []byte, now time.Time) error
}

// PackOwnerOf is how the store names a group as the holder of the packs it imported or wrote in chat.
func PackOwnerOf(g GroupRef) string { return g.Platform + "/" + g.GroupID }
