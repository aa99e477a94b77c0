package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"populace/ingest"
	"populace/warehouse"
)

// TestFeedsFromFileRunAndStatus drives the operator's path: a feeds file, 'feeds run',
// then 'feeds status' showing the last run, the freshness and the open findings.
func TestFeedsFromFileRunAndStatus(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"in/clinic-a", "in/lab-b"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	patient := `{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-05-05"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "in/clinic-a/Patient.ndjson"), []byte(patient), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "in/lab-b/Observation.ndjson"), []byte("garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	feeds := filepath.Join(dir, "feeds.json")
	if err := os.WriteFile(feeds, []byte(`{"feeds": [
		{"id": "clinic-a", "inbox": "in/clinic-a", "schedule": "*/10 * * * *"},
		{"id": "lab-b", "inbox": "in/lab-b", "quarantine": "quarantine/lab-b", "retries": 0}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb"), "POPULACE_FEEDS": feeds}

	code, stdout, stderr := populace(t, env, "feeds", "run")
	if code != 0 {
		t.Fatalf("feeds run: exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "clinic-a: feed run 1: 1 files loaded") || !strings.Contains(stdout, "lab-b: feed run 2: 0 files loaded, 0 already loaded, 1 quarantined") {
		t.Errorf("feeds run printed:\n%s", stdout)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "quarantine/lab-b/*/Observation.ndjson.report.json")); len(m) != 1 {
		t.Errorf("quarantine report: %v", m)
	}
	code, stdout, stderr = populace(t, env, "feeds", "status")
	if code != 0 {
		t.Fatalf("feeds status: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("feeds status:\n%s", stdout)
	}
	a, b := strings.Fields(lines[1]), strings.Fields(lines[2])
	// FEED, date, time, STATUS, LOADED, ALREADY, QUARANTINED, FAILED, RESOURCES, REJECTS, LAST FILE, FRESHNESS (2 words), OPEN FINDINGS
	today := time.Now().UTC().Format("2006-01-02")
	if strings.Join(a[3:], " ") != "succeeded 1 0 0 0 1 0 "+today+" 0 days 0" {
		t.Errorf("clinic-a status: %s", lines[1])
	}
	if strings.Join(b[3:], " ") != "quarantined 0 0 1 0 0 1 never - 0" {
		t.Errorf("lab-b status: %s", lines[2])
	}
	// The scheduler takes the feeds with their own schedules.
	cfg := defaultConfig()
	cfg.Feeds = feeds
	s, _ := testScheduler(t, cfg)
	if n := len(s.cron.Entries()); n != 3 {
		t.Errorf("scheduled %d jobs, want 3 (two feeds and the nightly compute)", n)
	}
	code, _, stderr = populace(t, env, "feeds", "run", "--feed", "nosuch")
	if code != 2 {
		t.Errorf("run of an unknown feed: exit %d: %s", code, stderr)
	}
}

func TestPrintFeedStatusFreshnessAndFindings(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	last := now.Add(-49 * time.Hour)
	var buf bytes.Buffer
	printFeedStatus(&buf, []warehouse.FeedStatus{
		{Feed: "a", LastRun: &warehouse.FeedRun{Started: now, Status: ingest.RunFailed, FilesFailed: 1}, LastFileAt: &last, OpenFindings: 3, OpenErrors: 1},
		{Feed: "b"},
	}, now)
	out := buf.String()
	for _, want := range []string{"2 days", "3 (1 errors)", "failed", "never"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
}

func TestProgressBar(t *testing.T) {
	got := renderProgress(ingest.Progress{File: "Observation.ndjson", Bytes: 1 << 20, Size: 4 << 20, Resources: 12345}, 8)
	if want := "Observation.ndjson [##------]  25% 1.0 MB/4.0 MB 12,345 resources"; got != want {
		t.Errorf("render = %q, want %q", got, want)
	}
	// Quiet when stderr is not a terminal: a buffer, a regular file.
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []any{&bytes.Buffer{}, f} {
		if isTerminal(w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("%T taken for a terminal", w)
		}
	}
	dir := t.TempDir()
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb")}
	p := filepath.Join(dir, "Patient.ndjson")
	if err := os.WriteFile(p, []byte(`{"resourceType":"Patient","id":"p1"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, stderr := populace(t, env, "ingest", "--provider", "p", p)
	if strings.Contains(stderr, "[#") || strings.Contains(stderr, "\r") {
		t.Errorf("progress drawn on a non-terminal: %q", stderr)
	}
}

func TestIngestSummaryTable(t *testing.T) {
	var buf bytes.Buffer
	printIngest(&buf, "p", []ingest.FileResult{
		{Name: "Patient.ndjson", Status: ingest.StatusLoaded, Resources: map[string]int64{"Patient": 2}},
		{Name: "Observation.ndjson", Status: ingest.StatusLoaded, Resources: map[string]int64{"Observation": 5}, Superseded: 1, Stale: 1,
			Rejects: []warehouse.Reject{{Line: 3, Code: "invalid_json", Reason: "line is not a JSON object"}, {Line: 9, Code: "invalid_json", Reason: "x"}, {Line: 4, Code: "unknown_patient", Reason: "y"}}},
		{Name: "Patient.ndjson", Status: ingest.StatusSkipped},
	})
	out := buf.String()
	for _, want := range []string{
		"STATUS", "already loaded",
		"Observation.ndjson:3: invalid_json: line is not a JSON object",
		"RESOURCE TYPE", "REJECT REASON",
		"provider p: 2 files loaded, 1 already loaded, 0 rejected; 7 resources loaded, 3 records rejected",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// Rejects by reason, most frequent first.
	reasons := out[strings.Index(out, "REJECT REASON"):]
	if i, j := strings.Index(reasons, "\ninvalid_json "), strings.Index(reasons, "\nunknown_patient "); i < 0 || j < i {
		t.Errorf("rejects by reason:\n%s", out)
	}
}
