package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes lines as one file and returns its path.
func writeFile(t *testing.T, dir, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func obsLine(id, updated, status string) string {
	meta := ""
	if updated != "" {
		meta = `"meta":{"lastUpdated":"` + updated + `"},`
	}
	return `{"resourceType":"Observation","id":"` + id + `",` + meta + `"status":"` + status +
		`","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/p1"},` +
		`"effectiveDateTime":"2025-03-01","valueQuantity":{"value":7.1,"unit":"%","code":"%"}}`
}

const patientLine = `{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-05-05"}`

// TestResentResourceKeepsTheNewestVersion: versions arrive in several files and twice in
// one file; the warehouse keeps one version per resource, the newest by lastUpdated, in
// every table, and never doubles a count.
func TestResentResourceKeepsTheNewestVersion(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	load := func(name string, lines ...string) FileResult {
		t.Helper()
		res, err := LoadFile(t.Context(), db, "p", writeFile(t, dir, name, lines...), Options{BatchRows: 2})
		if err != nil || res.Status != StatusLoaded {
			t.Fatalf("%s: %s, %v, %v", name, res.Status, res.Err, err)
		}
		return res
	}
	statusOf := func(id string) string {
		t.Helper()
		if n := queryInt(t, db, `select count(*) from core.observation where id = ?`, id); n != 1 {
			t.Fatalf("core.observation holds %d rows of %s", n, id)
		}
		if n := queryInt(t, db, `select count(*) from raw.resource where id = ?`, id); n != 1 {
			t.Fatalf("raw.resource holds %d rows of %s", n, id)
		}
		if n := queryInt(t, db, `select count(*) from core.coding where id = ? and element = 'code'`, id); n != 1 {
			t.Fatalf("core.coding holds %d code rows of %s", n, id)
		}
		return queryString(t, db, `select status from core.observation where id = ?`, id)
	}
	load("Patient.ndjson", patientLine)
	load("Observation.1.ndjson", obsLine("a", "2025-03-01T10:00:00Z", "preliminary"), obsLine("b", "2025-03-01T10:00:00Z", "preliminary"))
	// Within one file: a's final version sits between two older ones.
	res := load("Observation.2.ndjson",
		obsLine("a", "2025-03-02T10:00:00Z", "registered"),
		obsLine("a", "2025-03-05T10:00:00+02:00", "final"),
		obsLine("a", "2025-03-03T10:00:00Z", "amended"))
	if res.Superseded != 2 || res.Resources["Observation"] != 1 {
		t.Errorf("file with three versions of a: superseded %d, resources %v; want 2 and 1", res.Superseded, res.Resources)
	}
	if got := statusOf("a"); got != "final" {
		t.Errorf("a = %s, want final (the newest of the file)", got)
	}
	// An older version arriving later does not replace the newer one.
	res = load("Observation.3.ndjson", obsLine("a", "2025-03-04T10:00:00Z", "cancelled"), obsLine("b", "2025-03-02T10:00:00Z", "final"))
	if res.Stale != 1 {
		t.Errorf("stale = %d, want 1 (a)", res.Stale)
	}
	if got := statusOf("a"); got != "final" {
		t.Errorf("a = %s after an older version arrived, want final", got)
	}
	if got := statusOf("b"); got != "final" {
		t.Errorf("b = %s, want final (newer, arrived later)", got)
	}
	if n := queryInt(t, db, `select count(*) from core.observation`); n != 2 {
		t.Errorf("observations = %d, want 2", n)
	}
}

// TestStrictRejects: with Options.Strict, records lacking a required element or their
// patient are rejected with their line; the good records load.
func TestStrictRejects(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	writeFile(t, dir, "Patient.ndjson", patientLine)
	noCode := `{"resourceType":"Observation","id":"nc","status":"final","subject":{"reference":"Patient/p1"}}`
	noStatus := `{"resourceType":"Observation","id":"ns","code":{"coding":[{"system":"http://loinc.org","code":"1"}]},"subject":{"reference":"Patient/p1"}}`
	absent := strings.Replace(obsLine("ap", "", "final"), "Patient/p1", "Patient/nobody", 1)
	writeFile(t, dir, "Observation.ndjson", obsLine("ok", "", "final"), noCode, noStatus, absent, obsLine("ok2", "", "final"))
	writeFile(t, dir, "MedicationRequest.ndjson",
		`{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1"}]}}`,
		`{"resourceType":"MedicationRequest","id":"m2","status":"active","intent":"order","subject":{"reference":"Patient/p1"}}`)
	results := loadOK(t, db, "p", Options{Strict: true}, dir)
	if len(results) != 3 || results[0].Name != "Patient.ndjson" {
		t.Fatalf("results %v: want three files, Patient first", results)
	}
	type reject struct {
		Line int64
		Code string
	}
	want := map[string][]reject{
		"Patient.ndjson":           nil,
		"Observation.ndjson":       {{2, "missing_required"}, {3, "missing_required"}, {4, "unknown_patient"}},
		"MedicationRequest.ndjson": {{2, "missing_required"}},
	}
	for _, res := range results {
		var got []reject
		for _, r := range res.Rejects {
			got = append(got, reject{r.Line, r.Code})
			if strings.Contains(r.Reason, "nobody") {
				t.Errorf("reason %q holds a field value", r.Reason)
			}
		}
		if res.Status != StatusLoaded || !equalRejects(got, want[res.Name]) {
			t.Errorf("%s: %s, rejects %v, want loaded with %v", res.Name, res.Status, got, want[res.Name])
		}
	}
	if n := queryInt(t, db, `select count(*) from core.observation`); n != 2 {
		t.Errorf("observations = %d, want 2", n)
	}
	if n := queryInt(t, db, `select count(*) from meta.ingest_reject where reason_code = 'unknown_patient' and line = 4`); n != 1 {
		t.Errorf("unknown_patient rejects in the ledger = %d, want 1", n)
	}
	// Without Strict the same records load.
	db2 := openWarehouse(t)
	loadOK(t, db2, "p", Options{}, dir)
	if n := queryInt(t, db2, `select count(*) from core.observation`); n != 5 {
		t.Errorf("observations without Strict = %d, want 5", n)
	}
}

func equalRejects[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRejectShareQuarantinesTheFile: a file whose rejected records exceed the share is
// rejected whole, keeps its rejects in the ledger and none of its data.
func TestRejectShareQuarantinesTheFile(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "Observation.ndjson", obsLine("a", "", "final"), "{oops", "not json", obsLine("b", "", "final"))
	tests := []struct {
		max    float64
		status string
	}{{0, StatusLoaded}, {0.5, StatusLoaded}, {0.49, StatusRejected}}
	for _, tt := range tests {
		db := openWarehouse(t)
		res, err := LoadFile(t.Context(), db, "p", f, Options{MaxRejectShare: tt.max})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != tt.status || len(res.Rejects) != 2 {
			t.Errorf("limit %v: %s with %d rejects, want %s with 2", tt.max, res.Status, len(res.Rejects), tt.status)
		}
		if tt.status == StatusRejected {
			if res.Err == nil || !strings.Contains(res.Err.Error(), "2 of 4 records rejected") {
				t.Errorf("limit %v: err %v", tt.max, res.Err)
			}
			if n := queryInt(t, db, `select count(*) from raw.resource`); n != 0 {
				t.Errorf("limit %v: %d resources kept of a quarantined file", tt.max, n)
			}
			if n := queryInt(t, db, `select count(*) from meta.ingest_reject`); n != 2 {
				t.Errorf("limit %v: %d rejects recorded, want 2", tt.max, n)
			}
			if s := queryString(t, db, `select status from meta.ingest_file`); s != StatusRejected {
				t.Errorf("ledger status %s", s)
			}
		}
	}
}
