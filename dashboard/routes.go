package dashboard

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// routes is the dashboard's table of contents.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.GetHead)
	r.Use(s.recoverPanics)
	r.Use(securityHeaders)

	r.Get("/static/{hash}/*", s.handle(s.staticFile)) // static.go
	r.Get("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.WriteHeader(http.StatusNoContent) // no icon; browsers ask anyway
	})

	r.Group(func(r chi.Router) {
		r.Use(s.loadSession) // session.go
		r.Use(s.checkCSRF)   // every POST carries the session's (or login form's) token

		r.Get("/login", s.handle(s.loginForm)) // login.go
		r.Post("/login", s.handle(s.login))
		r.Post("/logout", s.handle(s.logout))

		// Aggregates: every role (executives see cells under 11 suppressed).
		r.With(s.requireRole(Roles...)).Get("/", s.handle(s.overview))                      // overview.go
		r.With(s.requireRole(Roles...)).Get("/measures/{measure}", s.handle(s.measureShow)) // measure_show.go

		// Patient level: quality managers, and care coordinators for their providers.
		r.With(s.requireRole(RoleQualityManager, RoleCareCoordinator)).Get("/gaps", s.handle(s.careGapList)) // care_gap_list.go

		// --- Executive overview and quality manager (issue 6 items 2 and 3) ---
		// Aggregates, every role (small cells suppressed for executives): the overview is "/".
		r.With(s.requireRole(Roles...)).Get("/measures", s.handle(s.measureList)) // measure_list.go
		r.With(s.requireRole(Roles...)).Get("/scorecard", s.handle(s.scorecard))  // scorecard.go
		// Patient lists, exports and goals: quality managers only (every view and export audited).
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(RoleQualityManager))
			r.Get("/measures/{measure}/patients", s.handle(s.measurePatients))                // measure_patients.go
			r.Get("/measures/{measure}/patients.csv", s.handle(s.measurePatientsCSV))         // measure_export.go
			r.Get("/measures/{measure}/measurereport.json", s.handle(s.measureReportSummary)) // measure_report.go
			r.Get("/measures/{measure}/measurereports.zip", s.handle(s.measureReportsZip))
			r.Get("/measures/{measure}/measurereports.ndjson", s.handle(s.measureReportsNDJSON))
			r.Get("/measures/{measure}/goal", s.handle(s.goalEdit)) // goal_edit.go
			r.Post("/measures/{measure}/goal", s.handle(s.goalSave))
		})
		// --- end of issue 6 items 2 and 3 ---

		// --- Care coordinator and administrator (issue 6 items 4 and 5) ---
		// People and gaps are addressed by opaque ids only (opaque.go). Worklist, registries and
		// the patient page: quality managers (all providers) and care coordinators (their
		// providers); every patient-level view and export is audit-logged.
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(RoleQualityManager, RoleCareCoordinator))
			r.Get("/worklist", s.handle(s.worklist))           // worklist.go
			r.Get("/worklist.csv", s.handle(s.worklistExport)) // worklist_export.go
			r.Get("/worklist/{gap}", s.handle(s.gapShow))      // gap_show.go
			r.Get("/registries", s.handle(s.registryList))     // registry.go
			r.Get("/registries/{condition}", s.handle(s.registryShow))
			r.Get("/people/{person}", s.handle(s.personShow)) // person_show.go
		})
		// Workflow actions (POST, CSRF-checked): care coordinators only.
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(RoleCareCoordinator))
			r.Post("/worklist/assign", s.handle(s.worklistAssign))    // worklist_actions.go
			r.Post("/worklist/{gap}/{action}", s.handle(s.gapAction)) // assign, status, note, snooze
		})
		// Administration: administrators only.
		r.Group(func(r chi.Router) {
			r.Use(s.requireRole(RoleAdministrator))
			r.Get("/admin", s.handle(s.adminFeeds)) // admin.go: feeds, quality, quarantine
			r.Get("/admin/runs", s.handle(s.adminRuns))
			r.Get("/admin/jobs", s.handle(s.adminJobs)) // admin_jobs.go
			r.Post("/admin/jobs", s.handle(s.adminJobRun))
			r.Get("/admin/users", s.handle(s.adminUsers)) // admin_users.go
			r.Post("/admin/users", s.handle(s.adminUserAdd))
			r.Post("/admin/users/disable", s.handle(s.adminUserDisable))
			r.Get("/admin/audit", s.handle(s.adminAudit)) // admin_audit.go
		})
		// --- end of issue 6 items 4 and 5 ---
	})

	r.NotFound(s.handle(func(http.ResponseWriter, *http.Request) error { return errNotFound }))
	r.MethodNotAllowed(s.handle(func(http.ResponseWriter, *http.Request) error { return errMethodNotAllowed }))
	return r
}
