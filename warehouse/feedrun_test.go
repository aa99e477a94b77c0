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
