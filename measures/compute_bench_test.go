package measures_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/measures"
	"populace/warehouse"
)

// BenchmarkCompute computes every measure (primary period plus the 24-month trend) over a
// generated network (POPULACE_BENCH_PATIENTS, default 100,000) and reports persons per second
// and the compute time as a multiple of one scan of the core tables measured in the same run.
func BenchmarkCompute(b *testing.B) {
	patients := 100000
	if v := os.Getenv("POPULACE_BENCH_PATIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("POPULACE_BENCH_PATIENTS=%q: want a positive number", v)
		}
		patients = n
	}
	dir := b.TempDir()
	out := filepath.Join(dir, "feeds")
	if _, err := synth.Generate(b.Context(), synth.Options{Out: out, Patients: patients, Providers: 5, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	db, err := warehouse.Open(b.Context(), filepath.Join(dir, "w.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := ingest.ImportValueSetBytes(b.Context(), db, synth.StarterValueSets()); err != nil {
		b.Fatal(err)
	}
	provs, err := os.ReadDir(out)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range provs {
		if _, err := ingest.LoadPath(b.Context(), db, p.Name(), []string{filepath.Join(out, p.Name())}, ingest.Options{LinkageSystem: synth.DefaultLinkageSystem}); err != nil {
			b.Fatal(err)
		}
	}
	opt := measures.ComputeOptions{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	for b.Loop() {
		start := time.Now()
		if err := db.ScanBaseline(b.Context()); err != nil {
			b.Fatal(err)
		}
		baseline := time.Since(start)
		start = time.Now()
		if _, err := measures.Compute(b.Context(), db, opt); err != nil {
			b.Fatal(err)
		}
		compute := time.Since(start)
		b.ReportMetric(float64(patients)/compute.Seconds(), "persons/s")
		b.ReportMetric(compute.Seconds()/baseline.Seconds(), "x_scan_baseline")
		b.Logf("%d persons: compute (25 periods, all measures) %s, one scan of core tables %s, ratio %.1f",
			patients, compute.Round(time.Millisecond), baseline.Round(time.Millisecond), compute.Seconds()/baseline.Seconds())
	}
}
