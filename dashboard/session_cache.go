package dashboard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Every page checks its session, and under load reading it from the warehouse (a join with a
// correlated subquery, about 2.5 ms) was the largest part of a cached page's cost. So a
// lookup is reused for sessionTTL, never past the session's expiry, and any change to
// accounts or sessions made in this process (sign-out, disabling an account, adding or
// resetting one, which may change a role or a coordinator's providers) drops every reused
// lookup at once: the next request reads the warehouse again. While the dashboard runs it
// holds the warehouse file open for writing, so no other process can change accounts behind
// its back; the TTL only bounds how long a change made some other way could go unseen.

// sessionTTL is how long a session lookup is reused.
const sessionTTL = 5 * time.Second

// sessionCacheMax bounds the reused lookups; past it, stale ones are dropped first.
const sessionCacheMax = 4096

// accountsEpoch counts the changes to accounts and sessions made in this process. It is
// process-wide because AddAccount and ResetAccount (used by the command line and tests) run
// without a Server; a lookup read under an older epoch is never reused.
var accountsEpoch atomic.Int64

// accountsChanged drops every reused session lookup, in every Server of the process.
func accountsChanged() { accountsEpoch.Add(1) }

// sessionCache holds recent session lookups by token hash.
type sessionCache struct {
	mu      sync.Mutex
	entries map[string]*sessionLookup
}

// sessionLookup is one lookup, shared by the requests that arrive while it is read.
type sessionLookup struct {
	done    chan struct{} // closed when the fields below are set
	epoch   int64         // accountsEpoch when the read started
	readAt  time.Time
	acct    *account  // nil: no live session for this token
	expires time.Time // the session's expires_at
	err     error
}

// usable reports whether a finished lookup may answer a request at now.
func (l *sessionLookup) usable(now time.Time) bool {
	return l.err == nil && l.epoch == accountsEpoch.Load() && now.Sub(l.readAt) < sessionTTL &&
		(l.acct == nil || now.Before(l.expires))
}

// sessionAccount returns the account of a live session with token hash, or nil when there is
// none (unknown, expired or signed-out session, disabled account).
func (s *Server) sessionAccount(ctx context.Context, hash string) (*account, error) {
	now := time.Now().UTC()
	c := &s.sessions
	c.mu.Lock()
	l, ok := c.entries[hash]
	if ok {
		select {
		case <-l.done:
			ok = l.usable(now)
		default: // being read: wait for it, unless it started before a change
			ok = l.epoch == accountsEpoch.Load()
		}
	}
	if !ok {
		l = &sessionLookup{done: make(chan struct{}), epoch: accountsEpoch.Load(), readAt: now}
		if c.entries == nil {
			c.entries = map[string]*sessionLookup{}
		}
		if len(c.entries) >= sessionCacheMax {
			c.prune(now)
		}
		c.entries[hash] = l
		c.mu.Unlock()
		l.acct, l.expires, l.err = s.readSession(context.WithoutCancel(ctx), hash, now)
		close(l.done)
	} else {
		c.mu.Unlock()
	}
	select {
	case <-l.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("loading session: %w", ctx.Err())
	}
	if l.err != nil {
		c.mu.Lock()
		if c.entries[hash] == l {
			delete(c.entries, hash) // errors are not reused
		}
		c.mu.Unlock()
		return nil, l.err
	}
	if l.acct == nil || !now.Before(l.expires) {
		return nil, nil
	}
	a := *l.acct // each request gets its own copy
	return &a, nil
}

// prune drops lookups that can no longer be used, and everything if that is not enough.
func (c *sessionCache) prune(now time.Time) {
	for k, l := range c.entries {
		select {
		case <-l.done:
			if !l.usable(now) {
				delete(c.entries, k)
			}
		default:
		}
	}
	if len(c.entries) >= sessionCacheMax {
		clear(c.entries)
	}
}

// readSession reads a live session from the warehouse (nil account: none).
func (s *Server) readSession(ctx context.Context, hash string, now time.Time) (*account, time.Time, error) {
	var a account
	var role, providers string
	var expires time.Time
	err := s.db.SQL().QueryRowContext(ctx, s.queries.sessionAccount, hash, now).
		Scan(&a.Name, &role, &a.CSRF, &providers, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, time.Time{}, nil
	case err != nil:
		return nil, time.Time{}, fmt.Errorf("loading session: %w", err)
	}
	a.Role = Role(role)
	if providers != "" {
		a.Providers = strings.Split(providers, ",")
	}
	return &a, expires, nil
}
