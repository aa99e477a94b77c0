package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// computeRun is the latest succeeded compute run, the one the pages report on.
type computeRun struct {
	ID          int64
	PeriodStart time.Time
	PeriodEnd   time.Time
	StartedAt   time.Time
	FinishedAt  time.Time
}

// freshness says how current the data on a page is.
type freshness struct {
	Known        bool        // false on the error page, which does not query
	Run          *computeRun // nil before the first succeeded compute
	LastLoadedAt time.Time   // zero before the first file is loaded
	FilesLoaded  int64
}

// layout is what layout.html needs on every page.
type layout struct {
	Title    string
	Section  string // nav entry to mark as current: overview, gaps
	Version  string
	Fresh    freshness
	CSS      string
	PrintCSS string
	Scripts  []string // set only on pages with charts: ECharts, then our chart init
	User     *account // the signed-in account; nil on the login page
}

// layout builds the page frame without touching the warehouse (the error page uses it).
func (s *Server) layout(title, section string) layout {
	return layout{
		Title:    title,
		Section:  section,
		Version:  s.version,
		CSS:      s.static.url("css/app.css"),
		PrintCSS: s.static.url("css/print.css"),
	}
}

// pageLayout is layout plus the freshness line every data page states.
func (s *Server) pageLayout(r *http.Request, title, section string) (layout, error) {
	l := s.layout(title, section)
	l.User = accountFrom(r.Context())
	f, err := s.freshness(r.Context())
	if err != nil {
		return layout{}, err
	}
	l.Fresh = f
	return l, nil
}

// freshnessTTL is how long the freshness line (latest run, last loaded file) is reused:
// every page states it, and under load re-reading it per request was a large share of a
// cached page's cost. A new run or file shows within this delay.
const freshnessTTL = 2 * time.Second

// freshnessCache holds the last freshness read and when it was read.
type freshnessCache struct {
	mu   sync.Mutex
	at   time.Time
	last freshness
}

func (s *Server) freshness(ctx context.Context) (freshness, error) {
	s.fresh.mu.Lock()
	defer s.fresh.mu.Unlock()
	if !s.fresh.at.IsZero() && time.Since(s.fresh.at) < freshnessTTL {
		return s.fresh.last, nil
	}
	f, err := s.readFreshness(ctx)
	if err != nil {
		return f, err
	}
	s.fresh.at, s.fresh.last = time.Now(), f
	return f, nil
}

// readFreshness reads the latest succeeded run and the last loaded file.
func (s *Server) readFreshness(ctx context.Context) (freshness, error) {
	f := freshness{Known: true}
	run, err := s.latestRun(ctx)
	if err != nil {
		return freshness{}, err
	}
	f.Run = run
	var last sql.NullTime
	if err := s.db.SQL().QueryRowContext(ctx, s.queries.ingestFreshness).Scan(&last, &f.FilesLoaded); err != nil {
		return freshness{}, fmt.Errorf("querying ingest freshness: %w", err)
	}
	if last.Valid {
		f.LastLoadedAt = last.Time
	}
	return f, nil
}

// latestRun returns the latest succeeded compute run, or nil when there is none yet.
func (s *Server) latestRun(ctx context.Context) (*computeRun, error) {
	var run *computeRun
	err := s.db.Each(ctx, s.queries.latestRun, nil, func(rows *sql.Rows) error {
		var c computeRun
		if err := rows.Scan(&c.ID, &c.PeriodStart, &c.PeriodEnd, &c.StartedAt, &c.FinishedAt); err != nil {
			return err
		}
		run = &c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("querying latest compute run: %w", err)
	}
	return run, nil
}
