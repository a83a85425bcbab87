package postgres

import (
	"context"

	"golang.org/x/sync/singleflight"
)

// shared runs load once for all the callers that ask for key while it runs, and gives each its result: the
// clicks of a burst that miss a cache together (the first ones after a start, and those when an entry
// expires) then share one query instead of each taking a connection, which would grow the pool, and each
// new connection is a new server process, in the middle of the burst. The query runs to its end even if
// the caller that started it gives up; a caller that gives up returns at once.
func shared[T any](ctx context.Context, g *singleflight.Group, key string, load func(context.Context) (T, error)) (T, error) {
	ch := g.DoChan(key, func() (any, error) { return load(context.WithoutCancel(ctx)) })
	select {
	case res := <-ch:
		v, _ := res.Val.(T)
		return v, res.Err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
