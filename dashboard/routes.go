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
