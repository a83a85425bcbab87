package bot

import (
	"fmt"
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

// minutes shows time left in whole minutes, rounding up: "1 min", "47 min".
func minutes(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("%d min", max(m, 0))
}

// pct shows a share as a whole percentage.
func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
