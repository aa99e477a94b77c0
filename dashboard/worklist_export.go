package dashboard

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// worklistExport streams the worklist under the request's filter as CSV: every matching gap,
// not one page, in the worklist's order. The export is audit-logged before the first byte.
func (s *Server) worklistExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := parseWorklistFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ready, err := s.gapsBuilt(ctx)
	if err != nil {
		return err
	}
	if !ready {
		return notFound("The care-gap list has not been built yet: run populace compute.")
	}
	f.Page = 0
	if err := s.audit(ctx, "export", "worklist_csv", f.describe()); err != nil {
		return err
	}
	args := f.args(time.Now().UTC(), worklistScope(accountFrom(ctx)))
	rows, err := s.db.SQL().QueryContext(ctx, s.work.worklistExport, args...)
	if err != nil {
		return fmt.Errorf("querying the worklist export: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("reading export columns: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="worklist-`+time.Now().UTC().Format("2006-01-02")+`.csv"`)
	h.Set("Cache-Control", "no-store")
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	// From here on the status is sent: a failure can only cut the download short (logged).
	if err := cw.Write(cols); err != nil {
		return nil
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	rec := make([]string, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			s.log.Error("exporting worklist", "request_id", middleware.GetReqID(ctx), "err", err)
			return nil
		}
		for i, v := range vals {
			rec[i] = v.String
		}
		if err := cw.Write(rec); err != nil {
			return nil // the client went away
		}
	}
	if err := rows.Err(); err != nil {
		s.log.Error("exporting worklist", "request_id", middleware.GetReqID(ctx), "err", err)
		return nil
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil
	}
	_ = bw.Flush()
	return nil
}
