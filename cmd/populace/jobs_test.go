package main

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"populace/warehouse"
)

func jobRuns(t *testing.T, db *warehouse.DB, job string) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := db.Each(t.Context(), `select status, count(*) from meta.job_run where job = ? group by status`, []any{job},
		func(rows *sql.Rows) error {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return err
			}
			out[s] = n
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func testScheduler(t *testing.T, cfg Config) (*scheduler, *warehouse.DB) {
	t.Helper()
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := newScheduler(t.Context(), cfg, db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func TestJobNeverOverlapsItself(t *testing.T) {
	s, db := testScheduler(t, defaultConfig())
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan struct{})
	go func() {
		s.runJob("slow", func(context.Context) (string, error) {
			close(started)
			<-release
			return "ok", nil
		})
		close(done)
	}()
	<-started
	ran := false
	s.runJob("slow", func(context.Context) (string, error) { ran = true; return "", nil })
	close(release)
	<-done
	if ran {
		t.Fatal("a second run started while the first was still going")
	}
	s.runJob("slow", func(context.Context) (string, error) { return "", errors.New("feed unreadable") })
	got := jobRuns(t, db, "slow")
	if got["succeeded"] != 1 || got["skipped"] != 1 || got["failed"] != 1 {
		t.Fatalf("recorded runs = %v, want one succeeded, one skipped, one failed", got)
	}
}

func TestScheduledJobsFromConfig(t *testing.T) {
	inbox := t.TempDir()
	for _, p := range []string{"clinic-a", "clinic-b"} {
		if err := os.Mkdir(filepath.Join(inbox, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := defaultConfig()
	cfg.Inbox = inbox
	s, _ := testScheduler(t, cfg)
	if n := len(s.cron.Entries()); n != 3 {
		t.Fatalf("scheduled %d jobs, want 3 (two inboxes and the nightly compute)", n)
	}
	cfg.PollSchedule = "every so often"
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := newScheduler(t.Context(), cfg, db, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("an invalid cron schedule was accepted")
	}
}

func TestPollInboxLoadsNewFilesOnce(t *testing.T) {
	inbox := t.TempDir()
	dir := filepath.Join(inbox, "clinic-a")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	patient := `{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-05-05"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "Patient.ndjson"), []byte(patient), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := defaultConfig()
	cfg.Inbox = inbox
	s, db := testScheduler(t, cfg)
	for range 2 {
		for _, e := range s.cron.Entries() {
			e.Job.Run()
		}
	}
	var patients int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from core.patient`).Scan(&patients); err != nil {
		t.Fatal(err)
	}
	if patients != 1 {
		t.Errorf("patients after two polls = %d, want 1", patients)
	}
	// The poll that loaded the file checked the provider's quality; the one that found
	// nothing new did not.
	var qualityRuns int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.quality_run where provider = 'clinic-a'`).Scan(&qualityRuns); err != nil {
		t.Fatal(err)
	}
	if qualityRuns != 1 {
		t.Errorf("quality runs after two polls = %d, want 1", qualityRuns)
	}
	if got := jobRuns(t, db, "poll:clinic-a"); got["succeeded"] != 2 {
		t.Errorf("poll runs = %v, want two succeeded", got)
	}
	if got := jobRuns(t, db, "compute"); got["succeeded"] != 2 {
		t.Errorf("compute runs = %v, want two succeeded", got)
	}
}
