package bot

import "context"

// Answers keeps members' answers to daily posts.
type Answers interface {
	// RecordAnswer stores a member's answer and returns it with its Streak set (see Answer.Streak). The
	// first answer counts: a second answer to the same post is an ECONFLICT error, returned with the
	// first answer.
	RecordAnswer(ctx context.Context, a Answer) (Answer, error)
	// AnswerCounts returns how many members picked each choice of a post.
	AnswerCounts(ctx context.Context, postID int64, choices int) ([]int, error)
	// Streak returns a member's current streak in a channel (see Answer.Streak): the streak of their
	// answer to the channel's newest scheduled post that counts for them (a scheduled post a /study post
	// closed before its time, which they had not answered, does not), or, while that post is open and they
	// have not answered it yet, of their answer to the one before it; 0 otherwise.
	Streak(ctx context.Context, ch ChannelRef, userID string) (int, error)
}
