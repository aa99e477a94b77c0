package dashboard

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"populace/warehouse"
)

// Audit records are committed in groups (audit.go): every concurrent call must return only
// with its own record written, and a failed commit must fail every call of its group.
func TestAuditGroupsConcurrentRecords(t *testing.T) {
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(t.Context(), accountKey{}, &account{Name: "quality", Role: RoleQualityManager})
	const n = 64
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = s.audit(ctx, "view", "worklist", fmt.Sprintf("page=%d", i)) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	var rows, distinct int
	err = db.SQL().QueryRowContext(t.Context(), `select count(*), count(distinct detail) from meta.audit_log
		where actor = 'quality' and action = 'view' and object = 'worklist'`).Scan(&rows, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	if rows != n || distinct != n {
		t.Errorf("audit log holds %d records (%d distinct), want %d", rows, distinct, n)
	}

	if _, err := db.SQL().ExecContext(t.Context(), `drop table meta.audit_log`); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		wg.Go(func() { errs[i] = s.audit(ctx, "view", "worklist", fmt.Sprintf("page=%d", i)) })
	}
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			t.Fatalf("record %d: no error although the audit log is gone", i)
		}
	}
}
