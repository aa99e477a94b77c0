package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"populace/ingest"
	"populace/measures"
	"populace/warehouse"
)

// scheduler runs the background jobs of serve: polling each provider's inbox and the
// nightly compute. A job never overlaps itself: a tick that finds the previous run still
// going is recorded as skipped. Every run is recorded in meta.job_run.
type scheduler struct {
	cron *cron.Cron
	db   *warehouse.DB
	log  *slog.Logger
	ctx  context.Context
	mu   sync.Mutex
	busy map[string]*sync.Mutex
}

func newScheduler(ctx context.Context, cfg Config, db *warehouse.DB, log *slog.Logger) (*scheduler, error) {
	s := &scheduler{cron: cron.New(), db: db, log: log, ctx: ctx, busy: map[string]*sync.Mutex{}}
	opt, err := cfg.ingestOptions()
	if err != nil {
		return nil, err
	}
	if cfg.Inbox != "" {
		providers, err := inboxProviders(cfg.Inbox)
		if err != nil {
			return nil, err
		}
		for _, p := range providers {
			dir := filepath.Join(cfg.Inbox, p)
			if err := s.add(cfg.PollSchedule, "poll:"+p, func(ctx context.Context) (string, error) {
				return pollInbox(ctx, db, p, dir, opt)
			}); err != nil {
				return nil, err
			}
		}
	}
	if err := s.add(cfg.ComputeSchedule, "compute", func(ctx context.Context) (string, error) {
		return nightlyCompute(ctx, db, log)
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// inboxProviders lists the provider folders of an inbox.
func inboxProviders(inbox string) ([]string, error) {
	entries, err := os.ReadDir(inbox)
	if err != nil {
		return nil, fmt.Errorf("reading inbox %s: %w", inbox, err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && providerID.MatchString(e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

func (s *scheduler) add(spec, job string, fn func(context.Context) (string, error)) error {
	if _, err := s.cron.AddFunc(spec, func() { s.runJob(job, fn) }); err != nil {
		return usagef("schedule %q of job %s: %v", spec, job, err)
	}
	return nil
}

// runJob runs fn unless the same job is still running, and records the outcome.
func (s *scheduler) runJob(job string, fn func(context.Context) (string, error)) {
	s.mu.Lock()
	m, ok := s.busy[job]
	if !ok {
		m = &sync.Mutex{}
		s.busy[job] = m
	}
	s.mu.Unlock()
	started := time.Now()
	if !m.TryLock() {
		s.log.Info("job skipped: previous run still going", "job", job)
		s.record(job, started, "skipped", "previous run still going")
		return
	}
	defer m.Unlock()
	s.log.Info("job started", "job", job)
	detail, err := fn(s.ctx)
	status := "succeeded"
	if err != nil {
		status, detail = "failed", err.Error()
		s.log.Error("job failed", "job", job, "err", err, "duration_ms", time.Since(started).Milliseconds())
	} else {
		s.log.Info("job finished", "job", job, "duration_ms", time.Since(started).Milliseconds())
	}
	s.record(job, started, status, detail)
}

func (s *scheduler) record(job string, started time.Time, status, detail string) {
	if err := s.db.RecordJobRun(context.WithoutCancel(s.ctx), job, started, time.Now(), status, detail); err != nil {
		s.log.Error("recording job run", "job", job, "err", err)
	}
}

func (s *scheduler) Start() { s.cron.Start() }

// Stop stops scheduling and waits for running jobs: an in-flight file load either commits
// or rolls back (its context is cancelled by shutdown).
func (s *scheduler) Stop() { <-s.cron.Stop().Done() }

func pollInbox(ctx context.Context, db *warehouse.DB, provider, dir string, opt ingest.Options) (string, error) {
	results, err := ingest.LoadPath(ctx, db, provider, []string{dir}, opt)
	if err != nil {
		return "", err
	}
	var loaded, skipped, failed int
	for _, r := range results {
		switch {
		case r.Err != nil:
			failed++
		case r.Status == "skipped":
			skipped++
		default:
			loaded++
		}
	}
	detail := fmt.Sprintf("%d files loaded, %d already loaded, %d rejected", loaded, skipped, failed)
	if failed > 0 {
		return detail, fmt.Errorf("%s", detail)
	}
	return detail, nil
}

// nightlyCompute recomputes the period of the latest run, or the last full calendar year
// when nothing has been computed yet.
func nightlyCompute(ctx context.Context, db *warehouse.DB, log *slog.Logger) (string, error) {
	start, end, ok, err := db.LatestPeriod(ctx)
	if err != nil {
		return "", err
	}
	if !ok {
		y := time.Now().UTC().Year() - 1
		start, end = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	run, err := measures.Compute(ctx, db, measures.ComputeOptions{Start: start, End: end, Logger: log})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("run %d", run), nil
}
