package main

import (
	"errors"
	"testing"
	"time"

	"populace/dashboard"
)

// The dashboard's job page lists the scheduled jobs and starts one now; the run is recorded
// like a scheduled one.
func TestSchedulerRunsJobsForTheDashboard(t *testing.T) {
	s, db := testScheduler(t, defaultConfig())
	var runner dashboard.JobRunner = s
	jobs := runner.List()
	var found bool
	for _, j := range jobs {
		if j.Name == "compute" {
			found = true
			if j.Schedule != defaultConfig().ComputeSchedule {
				t.Errorf("compute schedule %q, want %q", j.Schedule, defaultConfig().ComputeSchedule)
			}
		}
	}
	if !found {
		t.Fatalf("List() = %+v, want the compute job", jobs)
	}
	if err := runner.RunNow("no-such-job"); !errors.Is(err, dashboard.ErrUnknownJob) {
		t.Errorf("RunNow(no-such-job) = %v, want ErrUnknownJob", err)
	}
	if err := runner.RunNow("compute"); err != nil {
		t.Fatal(err)
	}
	// The run happens in the background; wait for its record (go test -timeout bounds this).
	for {
		var n int
		if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.job_run where job = 'compute' and status <> 'running'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Stop()
}
