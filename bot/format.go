package bot

import (
	"strconv"
	"time"
)

// humanDuration writes a window the way moderators type it: 24h, 72h, 90m.
func humanDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}
