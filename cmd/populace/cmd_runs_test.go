package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"populace/ingest/synth"
)

// twoRuns generates and loads a small network and computes it twice, for 2025 and for 2024,
// so that the runs differ. It returns the environment of the warehouse.
func twoRuns(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"POPULACE_DB": filepath.Join(dir, "w.duckdb")}
	out := filepath.Join(dir, "feeds")
	if code, _, stderr := populace(t, env, "generate", "--patients", "500", "--providers", "2", "--seed", "11", "--out", out); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	starter := filepath.Join(dir, "starter.json")
	if err := os.WriteFile(starter, synth.StarterValueSets(), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := populace(t, env, "valuesets", "import", starter); code != 0 {
		t.Fatalf("valuesets import: exit %d: %s", code, stderr)
	}
	provs, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range provs {
		if code, _, stderr := populace(t, env, "ingest", "--provider", p.Name(), filepath.Join(out, p.Name())); code != 0 {
			t.Fatalf("ingest: exit %d: %s", code, stderr)
		}
	}
	for _, year := range []string{"2025", "2024"} {
		if code, stdout, stderr := populace(t, env, "compute", "--period", year); code != 0 {
			t.Fatalf("compute %s: exit %d: %s %s", year, code, stdout, stderr)
		}
	}
	return env
}

func readCSV(t *testing.T, text string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, text)
	}
	if len(rows) == 0 {
		t.Fatal("no CSV header")
	}
	return rows
}

// csvResults reads `populace results --format csv --run N` keyed by provider, patient,
// measure and group, the populations as the CSV gives them.
func csvResults(t *testing.T, env map[string]string, run string) map[[4]string][]string {
	t.Helper()
	code, stdout, stderr := populace(t, env, "results", "--format", "csv", "--run", run)
	if code != 0 {
		t.Fatalf("results --run %s: exit %d: %s", run, code, stderr)
	}
	out := map[[4]string][]string{}
	for _, r := range readCSV(t, stdout)[1:] {
		out[[4]string{r[0], r[1], r[2], r[3]}] = r[4:]
	}
	return out
}

// groupCounts counts each population's 1s per measure and group.
func groupCounts(results map[[4]string][]string) map[[2]string][5]int {
	out := map[[2]string][5]int{}
	for k, pops := range results {
		c := out[[2]string{k[2], k[3]}]
		for i, v := range pops {
			if v == "1" {
				c[i]++
			}
		}
		out[[2]string{k[2], k[3]}] = c
	}
	return out
}

// TestRunHistory drives runs, runs compare and the MeasureReport export on one warehouse with
// two runs.
func TestRunHistory(t *testing.T) {
	env := twoRuns(t)
	t.Run("measurereport", func(t *testing.T) { testMeasureReportExport(t, env) })

	t.Run("list", func(t *testing.T) {
		code, stdout, stderr := populace(t, env, "runs", "--format", "csv")
		if code != 0 {
			t.Fatalf("runs: exit %d: %s", code, stderr)
		}
		rows := readCSV(t, stdout)
		want := []string{"run", "period_start", "period_end", "status", "started_at", "finished_at", "measure_groups", "persons", "results", "error"}
		if !slices.Equal(rows[0], want) {
			t.Fatalf("header = %v, want %v", rows[0], want)
		}
		if len(rows) != 3 {
			t.Fatalf("%d runs listed, want 2:\n%s", len(rows)-1, stdout)
		}
		for i, period := range []string{"2025", "2024"} {
			r := rows[i+1]
			if r[0] != strconv.Itoa(i+1) || r[1] != period+"-01-01" || r[2] != period+"-12-31" || r[3] != "succeeded" || r[5] == "" {
				t.Errorf("run %d listed as %v", i+1, r)
			}
			results := csvResults(t, env, r[0])
			persons, rowsIn := map[[2]string]bool{}, 0
			for k, pops := range results {
				if pops[0] == "1" {
					persons[[2]string{k[0], k[1]}] = true
					rowsIn++
				}
			}
			if r[7] != strconv.Itoa(len(persons)) || r[8] != strconv.Itoa(rowsIn) {
				t.Errorf("run %s: persons %s, results %s; the CSV results have %d persons in %d initial-population rows", r[0], r[7], r[8], len(persons), rowsIn)
			}
		}
		// The table format shows the same runs.
		_, table, _ := populace(t, env, "runs")
		if lines := strings.Split(strings.TrimSpace(table), "\n"); len(lines) != 3 || !strings.Contains(lines[1], "succeeded") {
			t.Errorf("table output:\n%s", table)
		}
	})

	a, b := csvResults(t, env, "1"), csvResults(t, env, "2")
	ca, cb := groupCounts(a), groupCounts(b)

	t.Run("compare groups", func(t *testing.T) {
		code, stdout, stderr := populace(t, env, "runs", "compare", "1", "2", "--format", "csv")
		if code != 0 {
			t.Fatalf("runs compare: exit %d: %s", code, stderr)
		}
		rows := readCSV(t, stdout)
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		changed := map[[2]string]int{}
		for k, pa := range a {
			if !slices.Equal(pa, b[k]) {
				changed[[2]string{k[2], k[3]}]++
			}
		}
		if len(rows)-1 != len(ca) {
			t.Errorf("%d groups compared, the results have %d", len(rows)-1, len(ca))
		}
		total := 0
		for _, r := range rows[1:] {
			key := [2]string{r[col["measure"]], r[col["group_index"]]}
			for i, p := range []string{"initial_population", "denominator", "denominator_exclusion", "denominator_exception", "numerator"} {
				gotA, _ := strconv.Atoi(r[col["a_"+p]])
				gotB, _ := strconv.Atoi(r[col["b_"+p]])
				gotD, _ := strconv.Atoi(r[col["change_"+p]])
				if gotA != ca[key][i] || gotB != cb[key][i] || gotD != cb[key][i]-ca[key][i] {
					t.Errorf("%v %s: a %d b %d change %d; the CSV results give %d and %d", key, p, gotA, gotB, gotD, ca[key][i], cb[key][i])
				}
			}
			if got := r[col["persons_changed"]]; got != strconv.Itoa(changed[key]) {
				t.Errorf("%v: persons_changed %s, the CSV results differ for %d persons", key, got, changed[key])
			}
			total += changed[key]
			// The rate change is the difference of the rates.
			ra, errA := strconv.ParseFloat(r[col["a_rate"]], 64)
			rb, errB := strconv.ParseFloat(r[col["b_rate"]], 64)
			rd, errD := strconv.ParseFloat(r[col["change_rate"]], 64)
			if errA == nil && errB == nil && (errD != nil || math.Abs(rb-ra-rd) > 2e-6) {
				t.Errorf("%v: rates %v -> %v, change %q", key, ra, rb, r[col["change_rate"]])
			}
		}
		if total == 0 {
			t.Fatal("the two runs have the same results; the test needs runs that differ")
		}
	})

	t.Run("compare patients", func(t *testing.T) {
		code, stdout, stderr := populace(t, env, "runs", "compare", "--patients", "--format", "csv", "1", "2")
		if code != 0 {
			t.Fatalf("runs compare --patients: exit %d: %s", code, stderr)
		}
		rows := readCSV(t, stdout)
		if want := []string{"provider", "patient_id", "measure", "group_index", "population", "run_a", "run_b"}; !slices.Equal(rows[0], want) {
			t.Fatalf("header = %v", rows[0])
		}
		pops := []string{"initial-population", "denominator", "denominator-exclusion", "denominator-exception", "numerator"}
		var want, got []string
		for k, pa := range a {
			pb := b[k]
			for i := range pa {
				if (pa[i] == "1") != (pb[i] == "1") {
					want = append(want, strings.Join([]string{k[0], k[1], k[2], k[3], pops[i], bitOf(pa[i]), bitOf(pb[i])}, ","))
				}
			}
		}
		for _, r := range rows[1:] {
			got = append(got, strings.Join(r, ","))
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%d population changes listed, the CSV results differ in %d", len(got), len(want))
		}
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"runs", "compare", "1"},
			{"runs", "compare", "1", "x"},
			{"runs", "compare", "1", "2", "--format", "xml"},
			{"runs", "extra"},
			{"results", "--format", "measurereport"},
			{"results", "--run", "-1"},
		} {
			if code, _, stderr := populace(t, env, args...); code != 2 {
				t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
			}
		}
		for _, args := range [][]string{{"runs", "compare", "1", "99"}, {"results", "--run", "99"}} {
			if code, _, stderr := populace(t, env, args...); code != 1 || !strings.Contains(stderr, "run 99") {
				t.Errorf("%v: exit %d, want 1 naming run 99: %s", args, code, stderr)
			}
		}
	})
}

func bitOf(s string) string {
	if s == "1" {
		return "1"
	}
	return "0"
}
