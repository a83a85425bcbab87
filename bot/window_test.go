package bot_test

import (
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestScheduleOpenFor: a question stays open for the schedule's window, or 24 hours when it sets none.
func TestScheduleOpenFor(t *testing.T) {
	tests := []struct {
		name string
		s    *bot.Schedule
		want time.Duration
	}{
		{"no schedule", nil, 24 * time.Hour},
		{"no window set", &bot.Schedule{Hour: 9}, 24 * time.Hour},
		{"a 48h window", &bot.Schedule{Hour: 9, Window: 48 * time.Hour}, 48 * time.Hour},
		{"a 90m window", &bot.Schedule{Hour: 9, Window: 90 * time.Minute}, 90 * time.Minute},
	}
	for _, tt := range tests {
		if got := tt.s.OpenFor(); got != tt.want {
			t.Errorf("%s: OpenFor() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
