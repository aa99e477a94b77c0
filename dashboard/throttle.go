package dashboard

import (
	"sync"
	"time"
)

// throttle limits failed logins: after maxFailures failures within window for the same
// account name or the same client address, further attempts are refused until the oldest
// failure leaves the window. It is per process, which is what a single-binary server needs.
type throttle struct {
	mu          sync.Mutex
	failures    map[string][]time.Time
	maxFailures int
	window      time.Duration
	now         func() time.Time
}

func newThrottle() *throttle {
	return &throttle{failures: map[string][]time.Time{}, maxFailures: 5, window: 15 * time.Minute, now: time.Now}
}

func (t *throttle) recent(key string, now time.Time) []time.Time {
	kept := t.failures[key][:0]
	for _, at := range t.failures[key] {
		if now.Sub(at) < t.window {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = kept
	return kept
}

// blocked reports whether any key has reached the failure limit.
func (t *throttle) blocked(keys ...string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		if len(t.recent(k, now)) >= t.maxFailures {
			return true
		}
	}
	return false
}

// fail records a failed attempt under every key.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		t.failures[k] = append(t.recent(k, now), now)
	}
}

// succeed forgets the failures of an account name after a successful login.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}
