package dashboard

import (
	"context"
	"fmt"
	"time"
)

// auditActor is who the audit log names until accounts exist.
const auditActor = "local"

// audit records a patient-level view or export. detail holds the filters used, never
// identifiers. A view that cannot be audited is not shown.
func (s *Server) audit(ctx context.Context, action, object, detail string) error {
	_, err := s.db.SQL().ExecContext(ctx, s.queries.auditInsert, time.Now().UTC(), auditActor, action, object, detail)
	if err != nil {
		return fmt.Errorf("writing audit record for %s: %w", object, err)
	}
	return nil
}
