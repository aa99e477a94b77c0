package ingest_test

import (
	"os"
	"path/filepath"
	"testing"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/warehouse"
)

// TestLoadWithOneThreadSameRows loads the same generated network into a warehouse with
// DuckDB's default threads and into one with a single thread (as the ingest benchmark and
// the ingest command do) and requires the same rows in every raw and core table.
func TestLoadWithOneThreadSameRows(t *testing.T) {
	out := filepath.Join(t.TempDir(), "feeds")
	if _, err := synth.Generate(t.Context(), synth.Options{Out: out, Patients: 60, Providers: 2, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	provs, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	load := func(opts ...warehouse.Option) map[string][]string {
		db, err := warehouse.Open(t.Context(), filepath.Join(t.TempDir(), "w.duckdb"), opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, p := range provs {
			res, err := ingest.LoadPath(t.Context(), db, p.Name(), []string{filepath.Join(out, p.Name())},
				ingest.Options{LinkageSystem: synth.DefaultLinkageSystem, Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if r.Status != ingest.StatusLoaded {
					t.Fatalf("%s: %s %v", r.Name, r.Status, r.Err)
				}
			}
		}
		return rowsByFile(t, db)
	}
	want := load()
	got := load(warehouse.WithThreads(1))
	if len(want["raw.resource"]) == 0 {
		t.Fatal("nothing loaded")
	}
	for table, rows := range want {
		if len(got[table]) != len(rows) {
			t.Errorf("%s: %d rows with one thread, %d with the default", table, len(got[table]), len(rows))
			continue
		}
		for i := range rows {
			if got[table][i] != rows[i] {
				t.Errorf("%s row %d differs with one thread:\n default: %s\n one:     %s", table, i, rows[i], got[table][i])
				break
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d tables read with one thread, %d with the default", len(got), len(want))
	}
}
