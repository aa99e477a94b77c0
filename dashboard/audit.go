package dashboard

import (
	"context"
	"fmt"
	"time"
)

// audit records a patient-level view or export. detail holds the filters used, never
// identifiers. A view that cannot be audited is not shown.
func (s *Server) audit(ctx context.Context, action, object, detail string) error {
	_, err := s.db.SQL().ExecContext(ctx, s.queries.auditInsert, time.Now().UTC(), actorOf(ctx), action, object, detail)
	if err != nil {
		return fmt.Errorf("writing audit record for %s: %w", object, err)
	}
	return nil
}

// actorOf names the signed-in account for the audit log.
func actorOf(ctx context.Context) string {
	if a := accountFrom(ctx); a != nil {
		return a.Name
	}
	return "anonymous"
}
