package ingest_test

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/warehouse"
)

// benchPatients is the network size of the load benchmarks (POPULACE_BENCH_PATIENTS).
func benchPatients(b *testing.B, def int) int {
	if v := os.Getenv("POPULACE_BENCH_PATIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("POPULACE_BENCH_PATIENTS=%q: want a positive number", v)
		}
		return n
	}
	return def
}

// BenchmarkIngestVsReadJSON loads a generated network with Populace's ingest (parse,
// de-identify, flatten, Arrow, DuckDB) and, in the same run, the same files with DuckDB's own
// read_json, and reports the throughput ratio (>1: Populace is faster).
func BenchmarkIngestVsReadJSON(b *testing.B) {
	dir := b.TempDir()
	out := filepath.Join(dir, "feeds")
	patients := benchPatients(b, 32000) // about 1 million resources
	if _, err := synth.Generate(b.Context(), synth.Options{Out: out, Patients: patients, Providers: 5, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	provs, err := os.ReadDir(out)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		db, err := warehouse.Open(b.Context(), filepath.Join(b.TempDir(), "w.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		start, cpuStart := time.Now(), cpuTime(b)
		var resources int64
		for _, p := range provs {
			res, err := ingest.LoadPath(b.Context(), db, p.Name(), []string{filepath.Join(out, p.Name())}, ingest.Options{LinkageSystem: synth.DefaultLinkageSystem})
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range res {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
				for _, n := range r.Resources {
					resources += n
				}
			}
		}
		populace, populaceCPU := time.Since(start), cpuTime(b)-cpuStart

		files, err := filepath.Glob(filepath.Join(out, "*", "*.ndjson"))
		if err != nil {
			b.Fatal(err)
		}
		start, cpuStart = time.Now(), cpuTime(b)
		rows, err := db.ReadJSONBaseline(b.Context(), files)
		if err != nil {
			b.Fatal(err)
		}
		baseline, baselineCPU := time.Since(start), cpuTime(b)-cpuStart
		db.Close()
		if rows != resources {
			b.Fatalf("read_json loaded %d rows, Populace %d resources", rows, resources)
		}
		b.ReportMetric(float64(resources)/populace.Seconds(), "resources/s")
		b.ReportMetric(float64(rows)/baseline.Seconds(), "baseline_rows/s")
		b.ReportMetric(baseline.Seconds()/populace.Seconds(), "ratio_vs_read_json")
		b.ReportMetric(baselineCPU.Seconds()/populaceCPU.Seconds(), "cpu_ratio_vs_read_json")
		b.Logf("%d patients, %d resources: Populace ingest %s (CPU %s), DuckDB read_json %s (CPU %s), ratio %.2f (CPU time ratio %.2f)",
			patients, resources, populace.Round(time.Millisecond), populaceCPU.Round(time.Millisecond),
			baseline.Round(time.Millisecond), baselineCPU.Round(time.Millisecond),
			baseline.Seconds()/populace.Seconds(), baselineCPU.Seconds()/populaceCPU.Seconds())
	}
}

// cpuTime is the CPU time (user and system, every thread, DuckDB's too) the process has
// used: on a shared machine it measures the work done, whatever else runs.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
