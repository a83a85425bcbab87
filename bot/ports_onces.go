package bot

import (
	"context"
	"time"
)

// Onces remembers keys for a while, in the database, so that a platform's retry of something already
// handled is recognised whichever process it reaches (Slack retries an event it thinks was lost).
type Onces interface {
	// FirstTime records key until expires and reports whether it is new: false when it was recorded
	// before and has not expired. Keys that expired are forgotten.
	FirstTime(ctx context.Context, key string, now, expires time.Time) (bool, error)
}
