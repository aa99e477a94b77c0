package main

import (
	"context"

	"github.com/robfig/cron/v3"

	"populace/dashboard"
)

// scheduledJob is one job as added to the scheduler.
type scheduledJob struct {
	name, spec string
	id         cron.EntryID
	fn         func(context.Context) (string, error)
}

// List gives the dashboard's job page the scheduled jobs (dashboard.JobRunner).
func (s *scheduler) List() []dashboard.Job {
	out := make([]dashboard.Job, 0, len(s.jobs))
	for _, j := range s.jobs {
		job := dashboard.Job{Name: j.name, Schedule: j.spec, Next: s.cron.Entry(j.id).Next}
		s.mu.Lock()
		if m, ok := s.busy[j.name]; ok && !m.TryLock() {
			job.Running = true
		} else if ok {
			m.Unlock()
		}
		s.mu.Unlock()
		out = append(out, job)
	}
	return out
}

// RunNow starts a job at once, in the background, as a tick of its schedule would: recorded
// in meta.job_run, skipped if the job is still running.
func (s *scheduler) RunNow(name string) error {
	for _, j := range s.jobs {
		if j.name == name {
			go s.runJob(j.name, j.fn)
			return nil
		}
	}
	return dashboard.ErrUnknownJob
}
