// Package storetest is the contract test suite of the core's store ports: one set of tests that every
// backend (data/sqlite, data/postgres) passes against a real database. It uses nothing but the ports; what
// only one backend has (SQLite's file checks, PostgreSQL's migration lock) is tested beside it.
//
// A backend's tests call Run with a function that makes an empty database for one test and returns a way
// to open handles on it. Two handles on one database are two processes (replicas) sharing it.
package storetest

import (
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// NewDatabase makes an empty database for one test and returns a function that opens a handle on it; every
// handle is closed and the database removed when the test ends.
type NewDatabase func(t *testing.T) (open func() bot.Store)

// Run runs every contract test as a subtest, each on its own database and in parallel.
func Run(t *testing.T, newDB NewDatabase) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newDB(t))
		})
	}
}

type contractTest struct {
	name string
	fn   func(t *testing.T, open func() bot.Store)
}

// tests lists the contract; each one's doc comment says what it holds the store to.
var tests = []contractTest{
	{"ScoresMatchAnswers", testScoresMatchAnswers},
	{"AnswerStreaks", testAnswerStreaks},
	{"StreaksSurviveAStudyPostClosingEarly", testStreaksSurviveAStudyPostClosingEarly},
	{"OneAnswerPerMember", testOneAnswerPerMember},
	{"OneAnswerPerMemberAcrossReplicas", testOneAnswerPerMemberAcrossReplicas},
	{"OnePostPerSlot", testOnePostPerSlot},
	{"OnePostPerSlotAcrossReplicas", testOnePostPerSlotAcrossReplicas},
	{"CreatePostClosesAndQueues", testCreatePostClosesAndQueues},
	{"ClosePostOnce", testClosePostOnce},
	{"HistoryAndCycles", testHistoryAndCycles},
	{"ChannelSettings", testChannelSettings},
	{"ClaimDueChannels", testClaimDueChannels},
	{"MembersAndStats", testMembersAndStats},
	{"Practice", testPractice},
	{"Moderators", testModerators},
	{"Confirmations", testConfirmations},
	{"ResetScores", testResetScores},
	{"OutboxHeadOfEachChannel", testOutboxHeadOfEachChannel},
	{"OutboxOwnerFinishes", testOutboxOwnerFinishes},
	{"OutboxLapsedClaim", testOutboxLapsedClaim},
	{"OutboxRetryAndExpiry", testOutboxRetryAndExpiry},
	{"OutboxNotices", testOutboxNotices},
	{"OutboxReplicasClaimOnce", testOutboxReplicasClaimOnce},
	{"OutboxThreadFollowsItsReveal", testOutboxThreadFollowsItsReveal},
	{"ChannelThreads", testChannelThreads},
	{"GradedAttemptsAndGuesses", testGradedAttemptsAndGuesses},
	{"ReviewsAnswered", testReviewsAnswered},
	{"ExamsOnePerMember", testExamsOnePerMember},
	{"SuspendAndNotices", testSuspendAndNotices},
	{"FlagsAndSnapshots", testFlagsAndSnapshots},
	{"ItemResponsesLeaveOutExamsInProgress", testItemResponsesLeaveOutExamsInProgress},
	{"RecapsAndTotals", testRecapsAndTotals},
	{"WebTokens", testWebTokens},
	{"Goals", testGoals},
	{"OnceAcrossReplicas", testOnceAcrossReplicas},
	{"BucketAndMemberScores", testBucketAndMemberScores},
	{"ImportedPacks", testImportedPacks},
	{"PacksPerChannel", testPacksPerChannel},
	{"PacksBelongToTheirGroup", testPacksBelongToTheirGroup},
	{"MemberZones", testMemberZones},
	{"RemindersClaimAdvanceAndBlock", testRemindersClaimAdvanceAndBlock},
	{"OneReminderPerMemberAndDay", testOneReminderPerMemberAndDay},
	{"OpenUnanswered", testOpenUnanswered},
	{"DraftsKeepWhatWasTyped", testDraftsKeepWhatWasTyped},
	{"DraftDecidedOnceAndToldOnce", testDraftDecidedOnceAndToldOnce},
}

// FarFuture is a delivery deadline store tests do not reach.
var FarFuture = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
