package dashboard

import (
	"testing"
	"time"
)

// A reused session lookup answers only within sessionTTL, before the session expires and
// while no account or session has changed since it was read.
func TestSessionLookupUsable(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	done := make(chan struct{})
	close(done)
	lookup := func(expires time.Time) *sessionLookup {
		return &sessionLookup{done: done, epoch: accountsEpoch.Load(), readAt: now, acct: &account{Name: "a"}, expires: expires}
	}
	tests := []struct {
		name string
		l    *sessionLookup
		at   time.Time
		want bool
	}{
		{"just read", lookup(now.Add(time.Hour)), now.Add(time.Second), true},
		{"past the TTL", lookup(now.Add(time.Hour)), now.Add(sessionTTL), false},
		{"session expired", lookup(now.Add(time.Second)), now.Add(time.Second), false},
		{"no session, within the TTL", &sessionLookup{done: done, epoch: accountsEpoch.Load(), readAt: now}, now.Add(time.Second), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.usable(tt.at); got != tt.want {
				t.Errorf("usable = %t, want %t", got, tt.want)
			}
		})
	}
	l := lookup(now.Add(time.Hour))
	accountsChanged()
	if l.usable(now) {
		t.Error("a lookup read before an account change is still used")
	}
}
