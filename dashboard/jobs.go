package dashboard

import (
	"errors"
	"time"
)

// JobRunner is the scheduler as the administrator's job page sees it. cmd/populace implements
// it over its cron scheduler; the dashboard never imports ingest.
type JobRunner interface {
	// List returns the scheduled jobs in a stable order.
	List() []Job
	// RunNow starts the named job in the background; it returns ErrUnknownJob for a name
	// List does not give. A run already going makes the new one record itself as skipped.
	RunNow(name string) error
}

// Job is one scheduled job.
type Job struct {
	Name     string    // e.g. compute, poll:prov-01
	Schedule string    // cron spec as configured
	Next     time.Time // next scheduled start; zero when unknown
	Running  bool
}

// ErrUnknownJob reports a job name the scheduler does not have.
var ErrUnknownJob = errors.New("unknown job")

// noJobs is the JobRunner of a dashboard served without a scheduler.
type noJobs struct{}

func (noJobs) List() []Job         { return nil }
func (noJobs) RunNow(string) error { return ErrUnknownJob }
