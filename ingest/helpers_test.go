package ingest

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"populace/warehouse"
)

// sharedDir is the shared test material next to the repository.
func sharedDir(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "shared"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("shared test material: %v", err)
	}
	return p
}

func openWarehouse(t *testing.T) *warehouse.DB {
	t.Helper()
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, db *warehouse.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func queryString(t *testing.T, db *warehouse.DB, query string, args ...any) string {
	t.Helper()
	var s string
	if err := db.SQL().QueryRowContext(t.Context(), query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// nonBlankLines counts the resources of an NDJSON file.
func nonBlankLines(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, MaxLineBytes)
	var n int64
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			n++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// coreTableOf names the core table of a resource type ("" when it has none).
func coreTableOf(rt string) string {
	for table, cols := range map[string]string{
		"core.patient": "Patient", "core.encounter": "Encounter", "core.condition": "Condition",
		"core.observation": "Observation", "core.procedure": "Procedure",
		"core.medication_request": "MedicationRequest", "core.medication": "Medication",
		"core.immunization": "Immunization", "core.service_request": "ServiceRequest",
		"core.device_request": "DeviceRequest", "core.coverage": "Coverage",
		"core.allergy_intolerance": "AllergyIntolerance", "core.adverse_event": "AdverseEvent",
		"core.organization": "Organization", "core.practitioner": "Practitioner",
	} {
		if cols == rt {
			return table
		}
	}
	return ""
}

func loadOK(t *testing.T, db *warehouse.DB, provider string, opt Options, paths ...string) []FileResult {
	t.Helper()
	results, err := LoadPath(t.Context(), db, provider, paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	return results
}
