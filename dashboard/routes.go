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

	r.Get("/", s.handle(s.overview))                      // overview.go
	r.Get("/measures/{measure}", s.handle(s.measureShow)) // measure_show.go
	r.Get("/gaps", s.handle(s.careGapList))               // care_gap_list.go
	r.Get("/static/{hash}/*", s.handle(s.staticFile))     // static.go

	r.NotFound(s.handle(func(http.ResponseWriter, *http.Request) error { return errNotFound }))
	r.MethodNotAllowed(s.handle(func(http.ResponseWriter, *http.Request) error { return errMethodNotAllowed }))
	return r
}
