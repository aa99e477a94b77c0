package measures

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"populace/warehouse"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		months     int
		wantKeys   []string
		wantLast   [2]string // start and end of the last (oldest) rolling period
		wantSame   string    // the rolling period that is the primary one, if any
	}{
		{"calendar year", "2025-01-01", "2025-12-31", 3, []string{"primary", "m2025-12", "m2025-11", "m2025-10"}, [2]string{"2024-11-01", "2025-10-31"}, "m2025-12"},
		{"mid-month end uses the previous month end", "2025-01-16", "2025-06-15", 2, []string{"primary", "m2025-05", "m2025-04"}, [2]string{"2024-05-01", "2025-04-30"}, ""},
		{"leap February", "2023-03-01", "2024-02-29", 1, []string{"primary", "m2024-02"}, [2]string{"2023-03-01", "2024-02-29"}, "m2024-02"},
		{"twelve months not ending a calendar year", "2024-07-01", "2025-06-30", 2, []string{"primary", "m2025-06", "m2025-05"}, [2]string{"2024-06-01", "2025-05-31"}, "m2025-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := ComputeOptions{Start: date(tt.start), End: date(tt.end), TrendMonths: tt.months}.Periods()
			var keys []string
			for _, p := range ps {
				keys = append(keys, p.Key)
			}
			if !slices.Equal(keys, tt.wantKeys) {
				t.Fatalf("keys = %v, want %v", keys, tt.wantKeys)
			}
			last := ps[len(ps)-1]
			if got := [2]string{last.Start.Format(time.DateOnly), last.End.Format(time.DateOnly)}; got != tt.wantLast {
				t.Errorf("oldest rolling period = %v, want %v", got, tt.wantLast)
			}
			if !ps[0].IsPrimary || ps[0].Start != date(tt.start) || ps[0].End != date(tt.end) {
				t.Errorf("primary period = %+v", ps[0])
			}
			for _, p := range ps {
				if want := map[bool]string{true: "primary"}[p.Key == tt.wantSame]; p.SameAs != want {
					t.Errorf("period %s: SameAs = %q, want %q", p.Key, p.SameAs, want)
				}
			}
		})
	}
}

func TestModelsAreOrderedByDependency(t *testing.T) {
	models, err := loadModels()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, m := range models {
		pos[m.Name] = i
	}
	for _, m := range models {
		for _, d := range m.Deps {
			if pos[d] >= pos[m.Name] {
				t.Errorf("%s is built at %d, before its dependency %s at %d", m.Name, pos[m.Name], d, pos[d])
			}
		}
	}
	for _, want := range []string{"core.person", "measures.result", "measures.summary"} {
		if _, ok := pos[want]; !ok {
			t.Errorf("model %s not found", want)
		}
	}
	if pos["measures.summary"] < pos["measures.result"] || pos["core.person"] < pos["core.person_record"] {
		t.Error("summary must follow result, person must follow person_record")
	}
}

func TestCycleIsAnError(t *testing.T) {
	byName := map[string]*model{
		"measures.a": {Name: "measures.a", Deps: []string{"measures.b"}},
		"measures.b": {Name: "measures.b", Deps: []string{"measures.a"}},
	}
	if _, err := topoSort(byName); err == nil {
		t.Fatal("a dependency cycle was accepted")
	}
}

func TestComputeRecordsRun(t *testing.T) {
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	opt := ComputeOptions{Start: date("2025-01-01"), End: date("2025-12-31")}
	run, err := Compute(t.Context(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	var status string
	var periods, summaries int
	if err := db.SQL().QueryRowContext(t.Context(), `select status from meta.compute_run where run_id = ?`, run).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "succeeded" {
		t.Fatalf("run status = %q", status)
	}
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.parameters where run_id = ?`, run).Scan(&periods); err != nil {
		t.Fatal(err)
	}
	if periods != 25 {
		t.Errorf("periods = %d, want 25 (primary + 24 months)", periods)
	}
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from measures.summary_history where run_id = ?`, run).Scan(&summaries); err != nil {
		t.Fatal(err)
	}
	var groups int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from measures.catalog`).Scan(&groups); err != nil {
		t.Fatal(err)
	}
	if summaries != 25*groups {
		t.Errorf("summary rows = %d, want %d (every group in every period)", summaries, 25*groups)
	}
	// A second run keeps the first run's results.
	run2, err := Compute(t.Context(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(t.Context(), `select count(distinct run_id) from measures.summary_history`).Scan(&summaries); err != nil {
		t.Fatal(err)
	}
	if run2 <= run || summaries != 2 {
		t.Errorf("after two runs: run ids %d, %d; runs kept %d", run, run2, summaries)
	}
}

func TestComputeRejectsBackwardsPeriod(t *testing.T) {
	if err := (ComputeOptions{Start: date("2025-12-31"), End: date("2025-01-01")}).Validate(); err == nil {
		t.Fatal("a period ending before it starts was accepted")
	}
}

func TestFailedBuildKeepsHistoryAndMarksRun(t *testing.T) {
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	opt := ComputeOptions{Start: date("2025-01-01"), End: date("2025-12-31")}
	first, err := Compute(t.Context(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	var before int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from measures.summary_history`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	// Models read core.encounter: without it the build fails part-way.
	if _, err := db.SQL().ExecContext(t.Context(), `drop table core.encounter`); err != nil {
		t.Fatal(err)
	}
	failed, err := Compute(t.Context(), db, opt)
	if err == nil {
		t.Fatal("compute without core.encounter succeeded")
	}
	var status, msg string
	if err := db.SQL().QueryRowContext(t.Context(), `select status, error from meta.compute_run where run_id = ?`, failed).Scan(&status, &msg); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || msg == "" {
		t.Errorf("failed run recorded as %q with error %q", status, msg)
	}
	var after int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from measures.summary_history`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("history rows changed from %d to %d by a failed build", before, after)
	}
	if latest, err := LatestRun(t.Context(), db); err != nil || latest != first {
		t.Errorf("latest succeeded run = %d, %v; want %d", latest, err, first)
	}
}

// After a build the warehouse holds the published models and no intermediate one (a copy an
// earlier version kept is dropped), the build's in-memory catalog is gone, and no pooled
// connection keeps its search path.
func TestBuildKeepsOnlyPublishedModels(t *testing.T) {
	// A file name that is no plain identifier names the warehouse's catalog too.
	db, err := warehouse.Open(t.Context(), filepath.Join(t.TempDir(), "my-network 1.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().ExecContext(t.Context(), `create table measures.cms122__numerator as select 1 as stale`); err != nil {
		t.Fatal(err)
	}
	if _, err := Compute(t.Context(), db, ComputeOptions{Start: date("2025-01-01"), End: date("2025-12-31")}); err != nil {
		t.Fatal(err)
	}
	models, err := loadModels()
	if err != nil {
		t.Fatal(err)
	}
	inWarehouse := map[string]bool{}
	err = db.Each(t.Context(), `select schema_name || '.' || table_name from duckdb_tables() where database_name = current_database()`, nil,
		func(rows *sql.Rows) error {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			inWarehouse[name] = true
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	var published, intermediate int
	for _, m := range models {
		if m.Published {
			published++
		} else {
			intermediate++
		}
		if inWarehouse[m.Name] != m.Published {
			t.Errorf("%s: in the warehouse %v, published %v", m.Name, inWarehouse[m.Name], m.Published)
		}
	}
	if published < 10 || intermediate < 50 {
		t.Errorf("%d published and %d intermediate models: the markers look wrong", published, intermediate)
	}
	var catalogs int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from duckdb_databases() where database_name like 'populace_build_%'`).Scan(&catalogs); err != nil {
		t.Fatal(err)
	}
	if catalogs != 0 {
		t.Errorf("%d build catalogs still attached", catalogs)
	}
	// Hold several pooled connections at once, so the build's is among them.
	var conns []*sql.Conn
	for range 4 {
		c, err := db.SQL().Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for _, c := range conns {
		var path string
		if err := c.QueryRowContext(t.Context(), `select current_setting('search_path')`).Scan(&path); err != nil {
			t.Fatal(err)
		}
		if path != "" {
			t.Errorf("a pooled connection kept the search path %q", path)
		}
	}
}
