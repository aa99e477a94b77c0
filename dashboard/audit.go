package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// audit records a patient-level view or export. detail holds the filters used, never
// identifiers. A view that cannot be audited is not shown: audit returns only once the record
// is committed.
//
// Records are written in groups: a request's record joins those waiting while an earlier
// group commits, and the next group goes in one transaction. Under load this turns 32
// commits into one (each commit, not each row, is what costs); a lone request is written at
// once as before.
func (s *Server) audit(ctx context.Context, action, object, detail string) error {
	e := &auditRecord{at: time.Now().UTC(), actor: actorOf(ctx), action: action, object: object, detail: detail,
		done: make(chan error, 1)}
	q := &s.audits
	q.mu.Lock()
	q.pending = append(q.pending, e)
	if !q.writing {
		q.writing = true
		go s.writeAudits()
	}
	q.mu.Unlock()
	select {
	case err := <-e.done:
		if err != nil {
			return fmt.Errorf("writing audit record for %s: %w", object, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("writing audit record for %s: %w", object, ctx.Err())
	}
}

// auditQueue holds the records waiting for the writer.
type auditQueue struct {
	mu      sync.Mutex
	pending []*auditRecord
	writing bool // a writeAudits goroutine is running
}

type auditRecord struct {
	at                            time.Time
	actor, action, object, detail string
	done                          chan error // receives the outcome of the record's commit
}

// writeAudits writes the waiting records, a group per transaction, until none is left.
func (s *Server) writeAudits() {
	q := &s.audits
	for {
		q.mu.Lock()
		group := q.pending
		q.pending = nil
		if len(group) == 0 {
			q.writing = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		err := s.insertAudits(context.Background(), group)
		for _, e := range group {
			e.done <- err
		}
	}
}

// insertAudits inserts a group of records in one transaction.
func (s *Server) insertAudits(ctx context.Context, group []*auditRecord) error {
	if len(group) == 1 {
		e := group[0]
		_, err := s.db.SQL().ExecContext(ctx, s.queries.auditInsert, e.at, e.actor, e.action, e.object, e.detail)
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.queries.auditInsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, e := range group {
			if _, err := stmt.ExecContext(ctx, e.at, e.actor, e.action, e.object, e.detail); err != nil {
				return err
			}
		}
		return nil
	})
}

// actorOf names the signed-in account for the audit log.
func actorOf(ctx context.Context) string {
	if a := accountFrom(ctx); a != nil {
		return a.Name
	}
	return "anonymous"
}
