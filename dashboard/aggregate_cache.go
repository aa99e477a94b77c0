package dashboard

import (
	"context"
	"fmt"
	"sync"
)

// aggregateCache keeps what the aggregate pages (overview, measure page) compute from one
// compute run: those figures change only when a new run lands or a goal is edited, so each
// is built once per run, role class (suppressed or not) and page, instead of on every
// request. A new run id, or invalidate() after a goal edit, empties it.
type aggregateCache struct {
	mu      sync.Mutex
	run     int64
	gen     int64 // bumped by invalidate
	entries map[string]any
}

// invalidate drops every entry (a goal changed: goals show on the aggregate pages).
func (c *aggregateCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = nil
}

// cachedAggregate returns the value of build for key within run, building it at most once
// per run (builds are serialised: the first request after a run does the work, the others
// wait for it rather than repeating it). The key includes the viewer's smallest visible
// cell, so suppressed and unsuppressed figures never mix. A nil run is never cached.
func cachedAggregate[T any](ctx context.Context, c *aggregateCache, run *computeRun, key string, build func() (T, error)) (T, error) {
	if run == nil {
		return build()
	}
	key = fmt.Sprintf("%s|min%d", key, minCellFor(ctx))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.run != run.ID {
		c.run, c.entries = run.ID, nil
	}
	if v, ok := c.entries[key]; ok {
		return v.(T), nil
	}
	gen := c.gen
	v, err := build()
	if err != nil {
		return v, err
	}
	if c.entries == nil {
		c.entries = map[string]any{}
	}
	if c.gen == gen {
		c.entries[key] = v
	}
	return v, nil
}
