package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"populace/ingest/synth"
)

// TestGapsAndRegistryCommands drives `populace gaps` and `populace registry` on a small
// generated network: CSV with a header on stdout, filters, a workflow change recorded and
// listed, and usage errors exiting 2.
func TestGapsAndRegistryCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb")}
	if code, _, stderr := populace(t, env, "gaps"); code != 1 || !strings.Contains(stderr, "populace compute") {
		t.Fatalf("gaps before compute: exit %d, %s", code, stderr)
	}
	feeds := filepath.Join(dir, "feeds")
	if code, _, stderr := populace(t, env, "generate", "--patients", "300", "--providers", "2", "--seed", "3", "--out", feeds); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	for _, p := range []string{"prov-01", "prov-02"} {
		if code, _, stderr := populace(t, env, "ingest", "--provider", p, "--linkage-system", synth.DefaultLinkageSystem, filepath.Join(feeds, p)); code != 0 {
			t.Fatalf("ingest %s: %s", p, stderr)
		}
	}
	if code, _, stderr := populace(t, env, "compute", "--period", "2025"); code != 0 {
		t.Fatalf("compute: %s", stderr)
	}

	readCSV := func(args ...string) []map[string]string {
		t.Helper()
		code, out, stderr := populace(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) == 0 {
			t.Fatalf("%v: CSV %v, %d records", args, err, len(recs))
		}
		var rows []map[string]string
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = r[i]
			}
			rows = append(rows, m)
		}
		return rows
	}

	reg := readCSV("registry", "--format", "csv", "--condition", "Diabetes")
	if len(reg) == 0 {
		t.Fatal("no one on the diabetes registry of a generated network")
	}
	for _, r := range reg {
		if r["condition"] != "diabetes" || r["in_registry"] != "1" {
			t.Fatalf("registry --condition Diabetes row %v", r)
		}
	}
	gaps := readCSV("gaps", "--format", "csv")
	if len(gaps) == 0 {
		t.Fatal("no care gaps on a generated network")
	}
	key, provider := gaps[0]["gap_key"], gaps[0]["attributed_provider"]
	if provider == "" {
		provider = gaps[0]["provider"]
	}
	for _, r := range readCSV("gaps", "--provider", provider) {
		if r["attributed_provider"] != provider && (r["attributed_provider"] != "" || r["provider"] != provider) {
			t.Fatalf("gaps --provider %s listed %v", provider, r)
		}
	}
	if code, _, stderr := populace(t, env, "gaps", "status", "--gap", key, "--status", "declined", "--actor", "coordinator"); code != 0 {
		t.Fatalf("gaps status: %s", stderr)
	}
	declined := readCSV("gaps", "--status", "declined")
	if len(declined) != 1 || declined[0]["gap_key"] != key || declined[0]["workflow_updated_by"] != "coordinator" {
		t.Errorf("gaps --status declined = %v, want the one gap declined", declined)
	}
	for _, r := range readCSV("gaps", "--status", "open") {
		if r["gap_key"] == key {
			t.Error("a declined gap is listed as open")
		}
	}

	for _, args := range [][]string{
		{"gaps", "--status", "maybe"},
		{"gaps", "--format", "xml"},
		{"gaps", "status", "--gap", key, "--status", "not_applicable"},
		{"gaps", "status", "--gap", "no|such|gap|here", "--status", "declined"},
		{"gaps", "snooze", "--gap", key, "--until", "soon"},
		{"gaps", "frobnicate", "--gap", key},
		{"registry", "--condition", "scurvy"},
	} {
		if code, _, stderr := populace(t, env, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
}
