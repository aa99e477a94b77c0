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
	})

	r.NotFound(s.handle(func(http.ResponseWriter, *http.Request) error { return errNotFound }))
	r.MethodNotAllowed(s.handle(func(http.ResponseWriter, *http.Request) error { return errMethodNotAllowed }))
	return r
}
