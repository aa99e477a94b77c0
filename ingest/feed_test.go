package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"populace/warehouse"
)

// listTree lists the regular files under dir as slash paths relative to it, with the
// run folder (date-run-NNNNNN) replaced by "RUN".
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for i, part := range parts {
			if strings.Contains(part, "-run-") {
				parts[i] = "RUN"
			}
		}
		out = append(out, strings.Join(parts, "/"))
		return nil
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func testFeed(t *testing.T) Feed {
	t.Helper()
	inbox := t.TempDir()
	return Feed{ID: "clinic-a", Inbox: inbox, Options: Options{MaxRejectShare: 0.5, Strict: true}, Retries: 2, Backoff: time.Millisecond}.withDefaults()
}

func TestFeedRunArchivesQuarantinesAndRecords(t *testing.T) {
	db := openWarehouse(t)
	f := testFeed(t)
	writeFile(t, f.Inbox, "Observation.ndjson", obsLine("o1", "", "final"), obsLine("o2", "", "final"))
	writeFile(t, f.Inbox, "2025/03/Patient.ndjson", patientLine)
	writeFile(t, f.Inbox, "Condition.ndjson", "{broken", `{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"}}`, "also broken")
	writeFile(t, f.Inbox, "notes.json", "this is not JSON at all")
	writeFile(t, f.Inbox, ".upload-in-progress.ndjson", patientLine)
	writeFile(t, f.Inbox, "readme.txt", "not a feed file")

	run, err := RunFeed(t.Context(), db, f)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != RunQuarantined || run.FilesLoaded != 2 || run.FilesQuarantined != 2 || run.FilesSkipped != 0 || run.Attempts != 1 {
		t.Errorf("run = %+v", run)
	}
	if run.Files[0].Name != "Patient.ndjson" {
		t.Errorf("first file = %s, want the Patient file", run.Files[0].Name)
	}
	wantTree := map[string][]string{
		f.Inbox:      {".upload-in-progress.ndjson", "readme.txt"},
		f.Archive:    {"RUN/2025/03/Patient.ndjson", "RUN/Observation.ndjson"},
		f.Quarantine: {"RUN/Condition.ndjson", "RUN/Condition.ndjson.report.json", "RUN/notes.json", "RUN/notes.json.report.json"},
	}
	for dir, want := range wantTree {
		got := listTree(t, dir)
		if dir == f.Inbox {
			got = slicesWithout(got, ".archive/", ".quarantine/")
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s holds %v, want %v", dir, got, want)
		}
	}
	// The report says why, with lines and codes, and nothing of the records.
	reports, _ := filepath.Glob(filepath.Join(f.Quarantine, "*", "Condition.ndjson.report.json"))
	data, err := os.ReadFile(reports[0])
	if err != nil {
		t.Fatal(err)
	}
	var rep quarantineReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Feed != "clinic-a" || rep.File != "Condition.ndjson" || !strings.Contains(rep.Reason, "2 of 3 records rejected") ||
		len(rep.Rejects) != 2 || rep.Rejects[0].Line != 1 || rep.Rejects[0].Code != "invalid_json" || rep.Rejects[1].Line != 3 {
		t.Errorf("report = %s", data)
	}
	if strings.Contains(string(data), "broken") {
		t.Errorf("report quotes a record: %s", data)
	}
	// Recorded: the run, its counts and files; the quarantined file as rejected in the ledger.
	if got := queryString(t, db, `select status || ' ' || files_loaded || ' ' || files_quarantined || ' ' || resources || ' ' || rejects
		from meta.feed_run where run_id = ?`, run.ID); got != "quarantined 2 2 3 2" {
		t.Errorf("meta.feed_run = %s", got)
	}
	if n := queryInt(t, db, `select resources from meta.feed_run_count where run_id = ? and resource_type = 'Observation'`, run.ID); n != 2 {
		t.Errorf("feed_run_count Observation = %d", n)
	}
	if n := queryInt(t, db, `select count(*) from meta.feed_run_file where run_id = ? and moved_to = 'quarantine' and file_id is not null`, run.ID); n != 2 {
		t.Errorf("quarantined files recorded = %d", n)
	}
	if got := queryString(t, db, `select status from meta.ingest_file where file_name = 'Condition.ndjson'`); got != StatusRejected {
		t.Errorf("ledger status of the quarantined file = %s", got)
	}

	// The same Patient file delivered again: archived, not loaded twice.
	writeFile(t, f.Inbox, "Patient.ndjson", patientLine)
	run2, err := RunFeed(t.Context(), db, f)
	if err != nil {
		t.Fatal(err)
	}
	if run2.Status != RunSucceeded || run2.FilesSkipped != 1 || run2.FilesLoaded != 0 {
		t.Errorf("second run = %+v", run2)
	}
	if n := queryInt(t, db, `select count(*) from core.patient`); n != 1 {
		t.Errorf("patients = %d, want 1", n)
	}
	if n := len(listTree(t, f.Archive)); n != 3 {
		t.Errorf("archive holds %d files, want 3", n)
	}
	// An empty inbox is a run too.
	run3, err := RunFeed(t.Context(), db, f)
	if err != nil || run3.Status != RunSucceeded || len(run3.Files) != 0 {
		t.Errorf("empty run = %+v, %v", run3, err)
	}
	if n := queryInt(t, db, `select count(*) from meta.feed_run where feed = 'clinic-a' and finished_at is not null`); n != 3 {
		t.Errorf("recorded runs = %d, want 3", n)
	}
}

func slicesWithout(list []string, prefixes ...string) []string {
	var out []string
next:
	for _, s := range list {
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) {
				continue next
			}
		}
		out = append(out, s)
	}
	return out
}

// failingLoad fails the first n loads as a failing warehouse would, then loads.
func failingLoad(n int) func(context.Context, *warehouse.DB, string, string, Options) (FileResult, error) {
	var mu sync.Mutex
	return func(ctx context.Context, db *warehouse.DB, provider, path string, opt Options) (FileResult, error) {
		mu.Lock()
		fail := n > 0
		n--
		mu.Unlock()
		if fail {
			return FileResult{Name: filepath.Base(path), Status: StatusRejected}, errors.New("disk full")
		}
		return LoadFile(ctx, db, provider, path, opt)
	}
}

func TestFeedRetriesWithBackoff(t *testing.T) {
	tests := []struct {
		failures, retries int
		status            string
		attempts          int
	}{
		{0, 2, RunSucceeded, 1},
		{2, 2, RunSucceeded, 3},
		{3, 2, RunFailed, 3},
	}
	for _, tt := range tests {
		db := openWarehouse(t)
		f := testFeed(t)
		f.Retries = tt.retries
		writeFile(t, f.Inbox, "Patient.ndjson", patientLine)
		run, err := feedRunner{db: db, feed: f, load: failingLoad(tt.failures)}.run(t.Context())
		if run.Status != tt.status || run.Attempts != tt.attempts || (err != nil) != (tt.status == RunFailed) {
			t.Errorf("%d failures, %d retries: status %s after %d attempts, err %v; want %s after %d",
				tt.failures, tt.retries, run.Status, run.Attempts, err, tt.status, tt.attempts)
		}
		patients := queryInt(t, db, `select count(*) from core.patient`)
		left := len(listTree(t, f.Inbox)) - len(listTree(t, f.Archive))
		if tt.status == RunFailed {
			if patients != 0 || left != 1 || run.FilesFailed != 1 {
				t.Errorf("failed run: %d patients, %d files left in the inbox, %d failed", patients, left, run.FilesFailed)
			}
			if e := queryString(t, db, `select error from meta.feed_run where run_id = ?`, run.ID); !strings.Contains(e, "disk full") {
				t.Errorf("recorded error = %q", e)
			}
		} else if patients != 1 || left != 0 || run.FilesLoaded != 1 {
			t.Errorf("%d failures: %d patients, %d files left, %d loaded", tt.failures, patients, left, run.FilesLoaded)
		}
	}
}

// TestFeedShutdownRollsBack: a run cancelled during a load keeps nothing of the file,
// leaves it in the inbox and records the run as cancelled; the next run loads it once.
func TestFeedShutdownRollsBack(t *testing.T) {
	db := openWarehouse(t)
	f := testFeed(t)
	var lines []string
	for i := range 5000 {
		lines = append(lines, obsLine("o"+itoa(int64(i)), "", "final"))
	}
	writeFile(t, f.Inbox, "Patient.ndjson", patientLine)
	writeFile(t, f.Inbox, "Observation.ndjson", lines...)
	f.Options.BatchRows = 100
	ctx, cancel := context.WithCancel(t.Context())
	f.Options.Progress = func(p Progress) {
		if p.File == "Observation.ndjson" && p.Batches == 3 {
			cancel() // shutdown in the middle of the file
		}
	}
	run, err := RunFeed(ctx, db, f)
	if !errors.Is(err, context.Canceled) || run.Status != RunCancelled {
		t.Fatalf("status %s, err %v; want cancelled", run.Status, err)
	}
	if n := queryInt(t, db, `select count(*) from core.observation`); n != 0 {
		t.Errorf("%d observations kept of an interrupted load", n)
	}
	if got := queryString(t, db, `select status from meta.feed_run where run_id = ?`, run.ID); got != RunCancelled {
		t.Errorf("recorded status %s", got)
	}
	f.Options.Progress = nil
	run, err = RunFeed(t.Context(), db, f)
	if err != nil || run.FilesLoaded != 1 {
		t.Fatalf("next run: %+v, %v", run, err)
	}
	if n := queryInt(t, db, `select count(*) from core.observation`); n != 5000 {
		t.Errorf("observations = %d, want 5000", n)
	}
}

func TestReadFeeds(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"in/a", "in/b"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	def := Feed{Schedule: "@every 5m", Options: Options{LinkageSystem: "urn:link", MaxRejectShare: 0.5}, Retries: DefaultRetries}
	write := func(s string) string {
		p := filepath.Join(dir, "feeds.json")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	feeds, err := ReadFeeds(write(`{"feeds": [
		{"id": "a", "inbox": "in/a"},
		{"id": "b", "inbox": "in/b", "schedule": "0 * * * *", "archive": "/srv/archive/b",
		 "max_reject_share": 0.1, "linkage_system": "", "strict": true, "retries": 0, "retry_backoff": "30s"}]}`), def)
	if err != nil {
		t.Fatal(err)
	}
	a, b := feeds[0], feeds[1]
	if a.Inbox != filepath.Join(dir, "in/a") || a.Archive != filepath.Join(dir, "in/a/.archive") ||
		a.Quarantine != filepath.Join(dir, "in/a/.quarantine") || a.Schedule != "@every 5m" ||
		a.Options.LinkageSystem != "urn:link" || a.Options.MaxRejectShare != 0.5 || a.Retries != DefaultRetries || a.Backoff != DefaultBackoff {
		t.Errorf("feed a = %+v", a)
	}
	if b.Schedule != "0 * * * *" || b.Archive != "/srv/archive/b" || b.Options.MaxRejectShare != 0.1 ||
		b.Options.LinkageSystem != "" || !b.Options.Strict || b.Retries != 0 || b.Backoff != 30*time.Second {
		t.Errorf("feed b = %+v", b)
	}
	for _, bad := range []string{
		`{"feeds": []}`,
		`{"feeds": [{"id": "a", "inbox": "in/a", "shedule": "x"}]}`,               // unknown key
		`{"feeds": [{"id": "a", "inbox": "in/a"}, {"id": "a", "inbox": "in/b"}]}`, // id twice
		`{"feeds": [{"id": "a", "inbox": "in/a"}, {"id": "b", "inbox": "in/a"}]}`, // shared inbox
		`{"feeds": [{"id": "a/b", "inbox": "in/a"}]}`,                             // not an id
		`{"feeds": [{"id": "a", "inbox": "in/missing"}]}`,                         // no folder
		`{"feeds": [{"id": "a", "inbox": "in/a", "max_reject_share": 2}]}`,        // not a share
		`{"feeds": [{"id": "a", "inbox": "in/a", "retry_backoff": "soon"}]}`,      // not a duration
		`{"feeds": [{"id": "a", "inbox": "in/a"}]} trailing`,
	} {
		if _, err := ReadFeeds(write(bad), def); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	feeds, err = InboxFeeds(filepath.Join(dir, "in"), def)
	if err != nil || len(feeds) != 2 || feeds[1].ID != "b" || feeds[1].Quarantine != filepath.Join(dir, "in/b/.quarantine") {
		t.Errorf("inbox feeds = %+v, %v", feeds, err)
	}
}
