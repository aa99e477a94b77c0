package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"populace/warehouse"
)

// TestQualityErrorUnpublishesUntilResolved loads the linked person of TestLinkageAcrossProviders
// with the lab's HbA1c sent without a UCUM unit: the lab's quality run has an error, so the
// lab is not published and CMS122 sees no HbA1c (numerator 1); after 'quality resolve' the
// next compute uses the lab's data (numerator 0).
func TestQualityErrorUnpublishesUntilResolved(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "linkage.secret")
	if err := os.WriteFile(secretFile, []byte("another-long-operator-secret-42\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	clinic, lab := twoProviders(t)
	for _, name := range []string{"broken.json", "Patient.late.ndjson"} {
		if err := os.Remove(filepath.Join(lab, name)); err != nil {
			t.Fatal(err)
		}
	}
	obs := filepath.Join(lab, "Observation.ndjson")
	b, err := os.ReadFile(obs)
	if err != nil {
		t.Fatal(err)
	}
	nonUCUM := strings.Replace(string(b), `"unit":"%","system":"http://unitsofmeasure.org","code":"%"`, `"unit":"%"`, 1)
	if nonUCUM == string(b) {
		t.Fatal("fixture has no UCUM quantity to spoil")
	}
	if err := os.WriteFile(obs, []byte(nonUCUM), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "w.duckdb")
	env := map[string]string{"POPULACE_DB": db, "POPULACE_LINKAGE_SECRET_FILE": secretFile}
	step := func(wantCode int, args ...string) string {
		t.Helper()
		code, stdout, stderr := populace(t, env, args...)
		if code != wantCode {
			t.Fatalf("populace %v: exit %d, want %d\n%s%s", args, code, wantCode, stdout, stderr)
		}
		return stdout
	}
	numerator := func() string {
		t.Helper()
		step(0, "compute", "--period", "2025")
		recs, err := csv.NewReader(strings.NewReader(step(0, "results", "--format", "csv", "--measure", "CMS122"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			if r[0] == "clinic-a" && r[1] == cms122Patient {
				return r[8]
			}
		}
		t.Fatalf("no CMS122 row for the clinic's patient: %v", recs)
		return ""
	}

	step(0, "valuesets", "import", filepath.Join("..", "..", "..", "shared", "ecqm", "valuesets"))
	if out := step(0, "ingest", "--provider", "clinic-a", clinic); !strings.Contains(out, "quality of clinic-a") || strings.Contains(out, "NOT published") {
		t.Errorf("clinic-a ingest output:\n%s", out)
	}
	out := step(0, "ingest", "--provider", "lab-b", lab)
	if !strings.Contains(out, "NOT published") || !strings.Contains(out, "conformance_lab_ucum") {
		t.Errorf("lab-b ingest output does not report the unpublished feed:\n%s", out)
	}
	if got := numerator(); got != "1" {
		t.Errorf("numerator with the lab unpublished = %s, want 1 (no HbA1c seen)", got)
	}
	if list := step(0, "quality", "list"); !strings.Contains(list, "lab-b") || !strings.Contains(list, "error") || strings.Contains(list, "clinic-a") {
		t.Errorf("quality list:\n%s", list)
	}
	step(2, "quality", "resolve", "--provider", "lab-b") // no --note
	step(0, "quality", "resolve", "--provider", "lab-b", "--check", "conformance_lab_ucum", "--note", "lab confirmed % is UCUM")
	step(1, "quality", "resolve", "--provider", "lab-b", "--check", "conformance_lab_ucum", "--note", "again")
	if got := numerator(); got != "0" {
		t.Errorf("numerator after resolving = %s, want 0 (the lab's HbA1c of 7.2 %%)", got)
	}

	w, err := warehouse.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var runs, findings, open int64
	if err := w.SQL().QueryRowContext(t.Context(), `select
			(select count(*) from meta.quality_run),
			(select count(*) from meta.quality_finding),
			(select count(*) from meta.quality_finding where severity = 'error' and resolved_at is null)`).Scan(&runs, &findings, &open); err != nil {
		t.Fatal(err)
	}
	if runs != 2 || findings < 10 || open != 0 {
		t.Errorf("%d quality runs, %d findings, %d open errors; want 2 runs, every check reported, none open", runs, findings, open)
	}
}
