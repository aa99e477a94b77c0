package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"populace/ingest/synth"
)

// populace runs the command in-process with a private environment and returns its exit
// code, stdout and stderr.
func populace(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr, func(k string) string { return env[k] })
	return code, stdout.String(), stderr.String()
}

func TestUsageErrorsExitTwo(t *testing.T) {
	env := map[string]string{"POPULACE_DB": filepath.Join(t.TempDir(), "w.duckdb")}
	tests := [][]string{
		{},
		{"nosuchcommand"},
		{"ingest", "somefile.ndjson"},           // no --provider
		{"ingest", "--provider", "p1"},          // no paths
		{"ingest", "--provider", "bad/id", "x"}, // provider id with a slash
		{"compute"},                             // no period
		{"compute", "--period", "twenty"},       // not a year
		{"compute", "--period-start", "2025-12-31", "--period-end", "2025-01-01"},
		{"results", "--format", "xml"},
		{"valuesets"},
		{"generate", "--patients", "10"}, // no --out
		{"compute", "--period", "2025", "--log-level", "loud"},
		{"compute", "--period", "2025", "--slice-persons", "-5"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := populace(t, env, args...)
			if code != 2 {
				t.Fatalf("exit code = %d, want 2; stderr: %s", code, stderr)
			}
			if stderr == "" {
				t.Error("no message on stderr")
			}
		})
	}
}

func TestResultsBeforeComputeFails(t *testing.T) {
	env := map[string]string{"POPULACE_DB": filepath.Join(t.TempDir(), "w.duckdb")}
	code, _, stderr := populace(t, env, "results", "--format", "csv")
	if code != 1 || !strings.Contains(stderr, "populace compute") {
		t.Fatalf("exit %d, stderr %q: want 1 and a hint to compute first", code, stderr)
	}
}

// TestNetworkEndToEnd drives the command-line contract on a generated network: generate,
// ingest each provider, compute, results.
func TestNetworkEndToEnd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb")}
	out := filepath.Join(dir, "feeds")
	if code, _, stderr := populace(t, env, "generate", "--patients", "600", "--providers", "3", "--seed", "7", "--out", out); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	provs, err := os.ReadDir(out)
	if err != nil || len(provs) != 3 {
		t.Fatalf("generated provider folders: %v, %v", provs, err)
	}
	// The starter value sets make the measures recognise the generated codes.
	starter := filepath.Join(dir, "starter.json")
	if err := os.WriteFile(starter, synth.StarterValueSets(), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := populace(t, env, "valuesets", "import", starter); code != 0 {
		t.Fatalf("valuesets import: exit %d: %s", code, stderr)
	}
	for _, p := range provs {
		code, stdout, stderr := populace(t, env, "ingest", "--provider", p.Name(), filepath.Join(out, p.Name()))
		if code != 0 {
			t.Fatalf("ingest %s: exit %d: %s", p.Name(), code, stderr)
		}
		if !strings.Contains(stdout, "files loaded") {
			t.Errorf("ingest summary missing: %s", stdout)
		}
		// A second delivery loads nothing.
		_, stdout, _ = populace(t, env, "ingest", "--provider", p.Name(), filepath.Join(out, p.Name()))
		if !strings.Contains(stdout, " 0 files loaded") {
			t.Errorf("second ingest of %s loaded files again: %s", p.Name(), stdout)
		}
	}
	if code, stdout, stderr := populace(t, env, "compute", "--period", "2025"); code != 0 {
		t.Fatalf("compute: exit %d: %s %s", code, stdout, stderr)
	}
	code, stdout, stderr := populace(t, env, "results", "--format", "csv")
	if code != 0 {
		t.Fatalf("results: exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	const header = "provider,patient_id,measure,group_index,initial_population,denominator,denominator_exclusion,denominator_exception,numerator"
	if got := strings.Join(rows[0], ","); got != header {
		t.Fatalf("header = %s", got)
	}
	counts := map[string][2]int{} // measure -> denominator, numerator
	for _, r := range rows[1:] {
		c := counts[r[2]]
		if r[5] == "1" {
			c[0]++
		}
		if r[8] == "1" {
			c[1]++
		}
		counts[r[2]] = c
		if (r[2] == "CMS122" || r[2] == "CMS165") && r[7] != "" {
			t.Fatalf("denominator_exception reported for %s, which defines none: %v", r[2], r)
		}
	}
	for _, m := range []string{"CMS122", "CMS165"} {
		c := counts[m]
		if c[0] == 0 || c[1] == 0 || c[1] >= c[0] {
			t.Errorf("%s on a generated network: denominator %d, numerator %d; want both > 0 and numerator < denominator", m, c[0], c[1])
		}
	}
	// Only CMS122 rows with --measure.
	_, stdout, _ = populace(t, env, "results", "--format", "csv", "--measure", "CMS122")
	if strings.Contains(stdout, ",CMS165,") || !strings.Contains(stdout, ",CMS122,") {
		t.Error("--measure CMS122 did not filter the results")
	}
}

func TestIngestReportsRejectsWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb")}
	f := filepath.Join(dir, "Patient.ndjson")
	data := `{"resourceType":"Patient","id":"a","gender":"female","birthDate":"1970-01-01"}
{"resourceType":"Patient","id":"b",
{"resourceType":"Patient","id":"c","gender":"male","birthDate":"1980-02-02"}
`
	if err := os.WriteFile(f, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := populace(t, env, "ingest", "--provider", "p1", f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Patient.ndjson:2:") {
		t.Errorf("the bad line is not reported as Patient.ndjson:2: %s", stdout)
	}
	if !strings.Contains(stdout, "2 resources") {
		t.Errorf("the good lines did not load: %s", stdout)
	}
}
