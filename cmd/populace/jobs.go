package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"populace/ingest"
	"populace/measures"
	"populace/warehouse"
)

// scheduler runs the background jobs of serve: each provider feed on its own schedule (see
// Config.Feeds and Config.Inbox) and the nightly compute. A job never overlaps itself: a tick that finds the previous run still
// going is recorded as skipped. Every run is recorded in meta.job_run.
type scheduler struct {
	cron *cron.Cron
	db   *warehouse.DB
	log  *slog.Logger
	ctx  context.Context
	mu   sync.Mutex
	busy map[string]*sync.Mutex
	jobs []scheduledJob // in the order added, for the dashboard (jobs_dashboard.go)
}

func newScheduler(ctx context.Context, cfg Config, db *warehouse.DB, log *slog.Logger) (*scheduler, error) {
	s := &scheduler{cron: cron.New(), db: db, log: log, ctx: ctx, busy: map[string]*sync.Mutex{}}
	opt, err := cfg.ingestOptions()
	if err != nil {
		return nil, err
	}
	feeds, err := cfg.feeds(opt)
	if err != nil {
		return nil, err
	}
	if len(feeds) > 0 {
		// Runs a stopped process left as running can no longer finish.
		if n, err := db.MarkInterruptedFeedRuns(ctx); err != nil {
			return nil, err
		} else if n > 0 {
			log.Warn("feed runs interrupted by an earlier stop", "rows", n)
		}
	}
	for _, f := range feeds {
		if err := s.add(f.Schedule, "poll:"+f.ID, func(ctx context.Context) (string, error) {
			return runFeed(ctx, db, f)
		}); err != nil {
			return nil, err
		}
	}
	if err := s.add(cfg.ComputeSchedule, "compute", func(ctx context.Context) (string, error) {
		return nightlyCompute(ctx, db, cfg.SlicePersons, log)
	}); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *scheduler) add(spec, job string, fn func(context.Context) (string, error)) error {
	id, err := s.cron.AddFunc(spec, func() { s.runJob(job, fn) })
	if err != nil {
		return usagef("schedule %q of job %s: %v", spec, job, err)
	}
	s.jobs = append(s.jobs, scheduledJob{name: job, spec: spec, id: id, fn: fn})
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

// runFeed runs one feed (see ingest.RunFeed), then, when it loaded anything, the provider's
// data-quality checks: an error-level finding keeps the provider's data out of the measures
// until resolved. A run that quarantined files succeeded: the files and their reports wait
// in the quarantine.
func runFeed(ctx context.Context, db *warehouse.DB, f ingest.Feed) (string, error) {
	run, err := ingest.RunFeed(ctx, db, f)
	detail := fmt.Sprintf("feed run %d: %d files loaded, %d already loaded, %d quarantined, %d failed; %d resources, %d records rejected",
		run.ID, run.FilesLoaded, run.FilesSkipped, run.FilesQuarantined, run.FilesFailed, total(run.Resources), run.Rejects)
	if err != nil {
		return detail, err
	}
	if run.FilesLoaded == 0 {
		return detail, nil
	}
	qr, err := db.RunQuality(ctx, f.ID, time.Now())
	if err != nil {
		return detail, fmt.Errorf("checking the quality of feed %s: %w", f.ID, err)
	}
	return detail + fmt.Sprintf("; quality run %d: %d errors, %d warnings", qr.RunID, qr.Errors, qr.Warnings), nil
}

// nightlyCompute recomputes the period of the latest run, or the last full calendar year
// when nothing has been computed yet.
func nightlyCompute(ctx context.Context, db *warehouse.DB, slicePersons int, log *slog.Logger) (string, error) {
	start, end, ok, err := db.LatestPeriod(ctx)
	if err != nil {
		return "", err
	}
	if !ok {
		y := time.Now().UTC().Year() - 1
		start, end = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	run, err := measures.Compute(ctx, db, measures.ComputeOptions{Start: start, End: end, SlicePersons: slicePersons, Logger: log})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("run %d", run), nil
}
