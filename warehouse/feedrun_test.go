package warehouse_test

import (
	"strconv"
	"testing"
	"time"

	"populace/warehouse"
)

func TestFeedRunRecordedAndInterruptedRunsMarked(t *testing.T) {
	db := openTest(t)
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	done, err := db.StartFeedRun(t.Context(), "a", start)
	if err != nil {
		t.Fatal(err)
	}
	left, err := db.StartFeedRun(t.Context(), "a", start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	err = db.FinishFeedRun(t.Context(), warehouse.FeedRun{ID: done, Feed: "a", Finished: start.Add(time.Minute), Status: "succeeded",
		Attempts: 2, FilesLoaded: 1, Resources: map[string]int64{"Patient": 3, "Observation": 4}, Rejects: 1,
		Files: []warehouse.FeedRunFile{{Name: "Patient.ndjson", FileID: 7, Status: "loaded", MovedTo: "archive"}, {Name: "x.json", Status: "failed"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FinishFeedRun(t.Context(), warehouse.FeedRun{ID: 999, Feed: "a", Status: "succeeded"}); err == nil {
		t.Error("finishing a run never started succeeded")
	}
	n, err := db.MarkInterruptedFeedRuns(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("marked %d, %v; want 1", n, err)
	}
	for q, want := range map[string]int{
		`select count(*) from meta.feed_run where status = 'interrupted' and run_id = ` + strconv.FormatInt(left, 10): 1,
		`select resources from meta.feed_run where attempts = 2 and rejects = 1 and files_loaded = 1`:                 7,
		`select count(*) from meta.feed_run_count`:                                                                    2,
		`select count(*) from meta.feed_run_file where file_id is null and moved_to is null`:                          1,
	} {
		if got := count(t, db, q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
}

func TestFeedStatusesLastRunFreshnessAndOpenFindings(t *testing.T) {
	db := openTest(t)
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range 2 {
		id, err := db.StartFeedRun(t.Context(), "a", start.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.FinishFeedRun(t.Context(), warehouse.FeedRun{ID: id, Feed: "a", Finished: start, Status: []string{"failed", "succeeded"}[i],
			FilesLoaded: i, Resources: map[string]int64{"Patient": int64(10 * i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := load(t, db, "h1", "x"); err != nil { // provider p1 has a file but no feed run
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `insert into meta.quality_run values (1, 'a', ?, ?, ?, 1, 1), (2, 'a', ?, ?, ?, 0, 1)`,
		start, start, start, start, start, start); err != nil {
		t.Fatal(err)
	}
	_, err := db.SQL().ExecContext(t.Context(), `insert into meta.quality_finding (run_id, provider, checked_at, check_name, category, severity, message) values
			(1, 'a', ?, 'c1', 'conformance', 'error', 'old run'),
			(2, 'a', ?, 'c1', 'conformance', 'error', 'open'),
			(2, 'a', ?, 'c2', 'completeness', 'warning', 'open'),
			(2, 'a', ?, 'c3', 'completeness', 'info', 'passes')`,
		start, start, start, start)
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.FeedStatuses(t.Context(), []string{"a", "never-ran"})
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 3 || st[0].Feed != "a" || st[1].Feed != "never-ran" || st[2].Feed != "p1" {
		t.Fatalf("statuses = %+v", st)
	}
	a := st[0]
	if a.LastRun == nil || a.LastRun.Status != "succeeded" || a.LastRunTotal != 10 || a.OpenFindings != 2 || a.OpenErrors != 1 || a.LastFileAt != nil {
		t.Errorf("feed a = %+v (last run %+v)", a, a.LastRun)
	}
	if st[1].LastRun != nil || st[1].LastFileAt != nil || st[2].LastFileAt == nil {
		t.Errorf("never-ran = %+v, p1 = %+v", st[1], st[2])
	}
}
