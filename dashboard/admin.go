package dashboard

import (
	"database/sql"
	"fmt"
	"net/http"
	"time"
)

// The administrator's pages: feeds, runs, data quality and quarantine (admin.go), jobs
// (admin_jobs.go), users (admin_users.go) and the audit log (admin_audit.go). They show
// operational metadata only (meta.*), never patient data.

type adminFeedsView struct {
	layout
	Feeds      []adminFeed
	Findings   []adminFinding
	Quarantine []adminQuarantined
}

type adminFeed struct {
	Provider                    string
	LastLoaded, LastRun         sql.NullTime
	FilesLoaded, FilesRejected  int64
	Resources, RecordsRejected  int64
	LastRunStatus, LastRunError string
	OpenErrors, OpenWarnings    int64
}

type adminFinding struct {
	Provider, Check, Category, Severity, Message, ResolvedNote string
	Run                                                        int64
	CheckedAt                                                  time.Time
	Measured, Threshold                                        sql.NullFloat64
	ResolvedAt                                                 sql.NullTime
}

type adminQuarantined struct {
	FileID                 int64
	Provider, File, Format string
	At                     time.Time
	Error, Reasons         string
	Rejected               int64
}

// adminFeeds shows each provider feed's freshness and last run, the open data-quality
// findings of each provider's latest quality run, and the files quarantined with reasons.
func (s *Server) adminFeeds(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.pageLayout(r, "Feeds and data quality", "admin")
	if err != nil {
		return err
	}
	v := adminFeedsView{layout: l}
	err = s.db.Each(ctx, s.work.adminFeeds, nil, func(rows *sql.Rows) error {
		var f adminFeed
		var status, errText sql.NullString
		if err := rows.Scan(&f.Provider, &f.LastLoaded, &f.FilesLoaded, &f.FilesRejected, &f.Resources, &f.RecordsRejected,
			&f.LastRun, &status, &errText, &f.OpenErrors, &f.OpenWarnings); err != nil {
			return err
		}
		f.LastRunStatus, f.LastRunError = status.String, errText.String
		v.Feeds = append(v.Feeds, f)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying feeds: %w", err)
	}
	err = s.db.Each(ctx, s.work.adminFindings, nil, func(rows *sql.Rows) error {
		var f adminFinding
		var note sql.NullString
		if err := rows.Scan(&f.Provider, &f.Run, &f.CheckedAt, &f.Check, &f.Category, &f.Severity, &f.Measured,
			&f.Threshold, &f.Message, &f.ResolvedAt, &note); err != nil {
			return err
		}
		f.ResolvedNote = note.String
		v.Findings = append(v.Findings, f)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying quality findings: %w", err)
	}
	err = s.db.Each(ctx, s.work.adminQuarantine, nil, func(rows *sql.Rows) error {
		var q adminQuarantined
		if err := rows.Scan(&q.FileID, &q.Provider, &q.File, &q.Format, &q.At, &q.Error, &q.Rejected, &q.Reasons); err != nil {
			return err
		}
		v.Quarantine = append(v.Quarantine, q)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying quarantined files: %w", err)
	}
	return s.render(w, http.StatusOK, "admin_feeds", v)
}

// adminRunsLimit bounds the run history shown.
const adminRunsLimit = 200

type adminRunsView struct {
	layout
	Runs  []adminRun
	Limit int
}

type adminRun struct {
	Kind, Name, Status, Detail string
	Started                    time.Time
	Finished                   sql.NullTime
}

// adminRuns is the run history: compute, feed and job runs, newest first.
func (s *Server) adminRuns(w http.ResponseWriter, r *http.Request) error {
	l, err := s.pageLayout(r, "Run history", "admin")
	if err != nil {
		return err
	}
	v := adminRunsView{layout: l, Limit: adminRunsLimit}
	err = s.db.Each(r.Context(), s.work.adminRuns, []any{adminRunsLimit}, func(rows *sql.Rows) error {
		var run adminRun
		var detail sql.NullString
		if err := rows.Scan(&run.Kind, &run.Name, &run.Started, &run.Finished, &run.Status, &detail); err != nil {
			return err
		}
		run.Detail = detail.String
		v.Runs = append(v.Runs, run)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying run history: %w", err)
	}
	return s.render(w, http.StatusOK, "admin_runs", v)
}

// Administers reports whether the account may use the administrator's pages (the layout's
// navigation asks).
func (a *account) Administers() bool { return a.Can(RoleAdministrator) }
