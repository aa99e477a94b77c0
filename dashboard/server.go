package dashboard

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"populace/warehouse"
)

// Options configures the dashboard.
type Options struct {
	Logger  *slog.Logger // where request errors are logged; slog.Default() when nil
	Version string       // build version, shown in every page footer
	Jobs    JobRunner    // the scheduler, for the administrator's job page; nil = no jobs
}

// Server holds what the handlers share: the warehouse, the parsed templates, the queries
// and the static assets. It is safe for concurrent use.
type Server struct {
	db       *warehouse.DB
	log      *slog.Logger
	version  string
	queries  queries
	pages    map[string]*template.Template
	static   staticAssets
	throttle *throttle

	// care coordinator and administrator pages (queries_work.go, opaque.go, jobs.go)
	work   workQueries
	secret string
	jobs   JobRunner
	wl     worklistCache
	agg    aggregateCache // overview and measure page figures per run (aggregate_cache.go)
	fresh  freshnessCache // the freshness line, reused for freshnessTTL (run.go)

	sessions    sessionCache // session lookups, reused for sessionTTL (session_cache.go)
	noPageCache bool         // render every page afresh (tests compare with it; page_cache.go)
	audits      auditQueue   // audit records waiting to be committed (audit.go)
	people      peopleByRef  // opaque person ids of the latest run (opaque_lookup.go)
}

// New prepares the dashboard: it loads the embedded queries and static assets and parses
// every page template, so a missing or broken template fails here rather than on a request.
func New(db *warehouse.DB, opt Options) (*Server, error) {
	if db == nil {
		return nil, fmt.Errorf("creating dashboard: no warehouse")
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	q, err := loadQueries()
	if err != nil {
		return nil, fmt.Errorf("creating dashboard: %w", err)
	}
	static, err := loadStatic(staticFS)
	if err != nil {
		return nil, fmt.Errorf("creating dashboard: %w", err)
	}
	pages, err := parsePages(templateFS, templateFuncs())
	if err != nil {
		return nil, fmt.Errorf("creating dashboard: %w", err)
	}
	s := &Server{db: db, log: log, version: opt.Version, queries: q, pages: pages, static: static, throttle: newThrottle()}
	if s.work, err = loadWorkQueries(); err != nil {
		return nil, fmt.Errorf("creating dashboard: %w", err)
	}
	if s.secret, err = loadSecret(context.Background(), db, s.work); err != nil {
		return nil, fmt.Errorf("creating dashboard: %w", err)
	}
	s.jobs = opt.Jobs
	if s.jobs == nil {
		s.jobs = noJobs{}
	}
	return s, nil
}

// Handler returns the dashboard's routes (see routes.go).
func (s *Server) Handler() http.Handler { return s.routes() }
