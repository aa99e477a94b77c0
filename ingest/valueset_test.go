package ingest_test

import (
	"os"
	"path/filepath"
	"testing"

	"populace/ingest"
	"populace/warehouse"
)

const diabetesURL = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001"

func openWarehouse(t *testing.T) *warehouse.DB {
	t.Helper()
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, db *warehouse.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportSharedValueSets(t *testing.T) {
	db := openWarehouse(t)
	dir := filepath.Join("..", "..", "shared", "ecqm", "valuesets")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no value sets in %s (is ../shared beside the repository?): %v", dir, err)
	}
	n, err := ingest.ImportValueSets(t.Context(), db, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Errorf("imported %d value sets from %d files", n, len(files))
	}
	if got := queryInt(t, db, `select count(*) from ref.valueset_code where url = ? and system = 'http://hl7.org/fhir/sid/icd-10-cm' and code = 'E11.9'`, diabetesURL); got != 1 {
		t.Errorf("Diabetes value set has E11.9 %d times, want 1", got)
	}
	if got := queryInt(t, db, `select count(*) from ref.valueset where url = ? and oid = '2.16.840.1.113883.3.464.1003.103.12.1001' and name = 'Diabetes'`, diabetesURL); got != 1 {
		t.Errorf("Diabetes value set header rows = %d, want 1", got)
	}
	before := queryInt(t, db, `select count(*) from ref.valueset_code`)
	if _, err := ingest.ImportValueSets(t.Context(), db, []string{dir}); err != nil {
		t.Fatal(err)
	}
	if after := queryInt(t, db, `select count(*) from ref.valueset_code`); after != before {
		t.Errorf("re-import changed code count from %d to %d", before, after)
	}
}

func TestImportComposeAndBundle(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"ValueSet","url":"http://example.org/vs/a","version":"1",
	   "compose":{"include":[{"system":"http://loinc.org","concept":[{"code":"4548-4"},{"code":"17856-6"}]}]}}},
	 {"resource":{"resourceType":"Patient","id":"ignored"}},
	 {"resource":{"resourceType":"ValueSet","url":"http://example.org/vs/b",
	   "expansion":{"contains":[{"system":"http://snomed.info/sct","code":"1","contains":[{"system":"http://snomed.info/sct","code":"2"}]},
	                            {"system":"http://snomed.info/sct","code":"3","abstract":true}]},
	   "compose":{"include":[{"system":"http://snomed.info/sct","concept":[{"code":"99"}]}]}}}]}`
	if err := os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := ingest.ImportValueSets(t.Context(), db, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("imported %d value sets, want 2", n)
	}
	if got := queryInt(t, db, `select count(*) from ref.valueset_code where url = 'http://example.org/vs/a' and version = '1'`); got != 2 {
		t.Errorf("compose codes = %d, want 2", got)
	}
	// The expansion wins over compose; nested codes count, abstract ones do not.
	if got := queryInt(t, db, `select count(*) from ref.valueset_code where url = 'http://example.org/vs/b' and code in ('1', '2')`); got != 2 {
		t.Errorf("expansion codes = %d, want 2", got)
	}
	if got := queryInt(t, db, `select count(*) from ref.valueset_code where url = 'http://example.org/vs/b' and code in ('3', '99')`); got != 0 {
		t.Errorf("abstract or compose codes stored from an expanded set: %d", got)
	}
}

func TestImportRejectsNonValueSet(t *testing.T) {
	db := openWarehouse(t)
	f := filepath.Join(t.TempDir(), "patient.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Patient","id":"x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.ImportValueSets(t.Context(), db, []string{f}); err == nil {
		t.Fatal("a Patient was accepted as a value set")
	}
	if got := queryInt(t, db, `select count(*) from ref.valueset`); got != 0 {
		t.Errorf("value sets stored after a failed import: %d", got)
	}
}
