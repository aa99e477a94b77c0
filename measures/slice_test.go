package measures

import (
	"bytes"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/warehouse"
)

// TestSlicedBuildEqualsWholeBuild computes one network in one piece and then in person
// slices, and requires every published table and every history row of the two runs to be the
// same: persons are independent, so slicing may change the cost of a build, never its answer.
func TestSlicedBuildEqualsWholeBuild(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "feeds")
	// Three providers with shared persons: a person's records from several providers must
	// land in one slice.
	if _, err := synth.Generate(t.Context(), synth.Options{Out: out, Patients: 500, Providers: 3, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(t.Context(), filepath.Join(dir, "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := ingest.ImportValueSetBytes(t.Context(), db, synth.StarterValueSets()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"prov-01", "prov-02", "prov-03"} {
		if _, err := ingest.LoadPath(t.Context(), db, p, []string{filepath.Join(out, p)}, ingest.Options{LinkageSystem: synth.DefaultLinkageSystem}); err != nil {
			t.Fatal(err)
		}
	}
	models, err := loadModels()
	if err != nil {
		t.Fatal(err)
	}
	compute := func(slicePersons int) (run int64, slices int) {
		var logged bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
		run, err := Compute(t.Context(), db, ComputeOptions{Start: date("2025-01-01"), End: date("2025-12-31"), SlicePersons: slicePersons, Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		return run, strings.Count(logged.String(), `msg="slice built"`)
	}

	rows := func(q string) int64 {
		var n int64
		if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from (`+q+`)`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	whole, n := compute(0)
	if n != 1 {
		t.Fatalf("the whole build ran %d slices, want 1", n)
	}
	var published []string
	for _, m := range models {
		if m.Published {
			published = append(published, m.Name)
			snapshot := `create table main."whole ` + m.Name + `" as select * from ` + m.Name
			if _, err := db.SQL().ExecContext(t.Context(), snapshot); err != nil {
				t.Fatal(err)
			}
		}
	}
	sliced, n := compute(120)
	if n < 3 {
		t.Fatalf("the sliced build ran %d slices, want at least 3", n)
	}

	differ := func(a, b string) int64 {
		var d int64
		q := fmt.Sprintf(`select (select count(*) from (%[1]s except all %[2]s)) + (select count(*) from (%[2]s except all %[1]s))`, a, b)
		if err := db.SQL().QueryRowContext(t.Context(), q).Scan(&d); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		return d
	}
	for _, name := range published {
		a, b := `select * from main."whole `+name+`"`, `select * from `+name
		if d := differ(a, b); d != 0 {
			t.Errorf("%s: %d rows differ between the whole and the sliced build", name, d)
		}
	}
	for _, table := range []string{"measures.result_history", "measures.summary_history", "measures.stratum_summary_history", "measures.evidence_history", "gaps.gap_history"} {
		q := `select * exclude (run_id) from ` + table + ` where run_id = `
		a, b := q+fmt.Sprint(whole), q+fmt.Sprint(sliced)
		if rows(a) == 0 {
			t.Errorf("%s: the whole build kept no rows; the comparison would prove nothing", table)
		}
		if d := differ(a, b); d != 0 {
			t.Errorf("%s: %d rows differ between the whole and the sliced build", table, d)
		}
	}

	// A sliced build that stopped midway leaves slices behind; no later build may keep them.
	if _, err := db.SQL().ExecContext(t.Context(), `create table gaps.care_gap__slices as select * from gaps.care_gap`); err != nil {
		t.Fatal(err)
	}
	compute(0)
	if left := rows(`select * from duckdb_tables() where table_name like '%\_\_slices' escape '\'`); left != 0 {
		t.Errorf("%d tables of slices left in the warehouse", left)
	}
}
