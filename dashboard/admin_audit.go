package dashboard

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

const auditPerPage = 100

type adminAuditView struct {
	layout
	Actor   string
	Entries []auditEntry
	Total   int64
	Page    int
	Pages   int
}

type auditEntry struct {
	At                            time.Time
	Actor, Action, Object, Detail string
}

func (v adminAuditView) HasPrevious() bool { return v.Page > 1 }
func (v adminAuditView) HasNext() bool     { return v.Page < v.Pages }

// PageURL is page n of the audit log under the same actor filter.
func (v adminAuditView) PageURL(n int) string {
	q := url.Values{"page": {strconv.Itoa(n)}}
	if v.Actor != "" {
		q.Set("actor", v.Actor)
	}
	return "/admin/audit?" + q.Encode()
}

// adminAudit is the audit log, newest first, paginated, optionally for one account.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := adminAuditView{Actor: r.URL.Query().Get("actor"), Page: 1}
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return badRequest("The page number must be a whole number, 1 or more.")
		}
		v.Page = n
	}
	l, err := s.pageLayout(r, "Audit log", "admin")
	if err != nil {
		return err
	}
	v.layout = l
	if err := s.db.SQL().QueryRowContext(ctx, s.work.auditCount, v.Actor, v.Actor).Scan(&v.Total); err != nil {
		return fmt.Errorf("counting audit records: %w", err)
	}
	v.Pages = max(1, int((v.Total+auditPerPage-1)/auditPerPage))
	if v.Page > v.Pages {
		return notFound(fmt.Sprintf("There is no page %d: this list has %d.", v.Page, v.Pages))
	}
	err = s.db.Each(ctx, s.work.auditPage, []any{v.Actor, v.Actor, auditPerPage, (v.Page - 1) * auditPerPage}, func(rows *sql.Rows) error {
		var e auditEntry
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Object, &e.Detail); err != nil {
			return err
		}
		v.Entries = append(v.Entries, e)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying the audit log: %w", err)
	}
	return s.render(w, http.StatusOK, "admin_audit", v)
}
