package ingest_test

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/warehouse"
)

// ingestMemoryLimit is DuckDB's memory limit in the ingest benchmark.
const ingestMemoryLimit = "256MB"

// ingestThreads is DuckDB's thread count for the ingest side of the benchmark
// (POPULACE_BENCH_INGEST_THREADS; 0 is DuckDB's default, one per core).
func ingestThreads(b *testing.B) int {
	if v := os.Getenv("POPULACE_BENCH_INGEST_THREADS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			b.Fatalf("POPULACE_BENCH_INGEST_THREADS=%q: want a number >= 0", v)
		}
		return n
	}
	return 1
}

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
		// As `populace ingest` (its default cap): DuckDB's cache is what grows with the
		// data; the parse pipeline holds a few chunks and batches. One DuckDB thread for
		// the load (see warehouse.WithThreads); read_json below gets DuckDB's default.
		path := filepath.Join(b.TempDir(), "w.duckdb")
		db, err := warehouse.Open(b.Context(), path, warehouse.WithMemoryLimit(ingestMemoryLimit), warehouse.WithThreads(ingestThreads(b)))
		if err != nil {
			b.Fatal(err)
		}
		measured := resetPeakRSS()
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
		// The load is stored once its data is in the database file, not only in the log.
		if err := db.Checkpoint(b.Context()); err != nil {
			b.Fatal(err)
		}
		populace, populaceCPU := time.Since(start), cpuTime(b)-cpuStart
		var populacePeak float64
		if measured {
			populacePeak = peakRSS(b)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		db, err = warehouse.Open(b.Context(), path, warehouse.WithMemoryLimit(ingestMemoryLimit))
		if err != nil {
			b.Fatal(err)
		}
		if measured {
			resetPeakRSS()
		}

		files, err := filepath.Glob(filepath.Join(out, "*", "*.ndjson"))
		if err != nil {
			b.Fatal(err)
		}
		start, cpuStart = time.Now(), cpuTime(b)
		rows, err := db.ReadJSONBaseline(b.Context(), files)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Checkpoint(b.Context()); err != nil {
			b.Fatal(err)
		}
		baseline, baselineCPU := time.Since(start), cpuTime(b)-cpuStart
		var baselinePeak float64
		if measured {
			baselinePeak = peakRSS(b)
		}
		db.Close()
		if rows != resources {
			b.Fatalf("read_json loaded %d rows, Populace %d resources", rows, resources)
		}
		b.ReportMetric(float64(resources)/populace.Seconds(), "resources/s")
		b.ReportMetric(float64(rows)/baseline.Seconds(), "baseline_rows/s")
		b.ReportMetric(baseline.Seconds()/populace.Seconds(), "ratio_vs_read_json")
		b.ReportMetric(baselineCPU.Seconds()/populaceCPU.Seconds(), "cpu_ratio_vs_read_json")
		if measured {
			b.ReportMetric(populacePeak/(1<<20), "ingest_peak_rss_MiB")
			b.ReportMetric(baselinePeak/(1<<20), "baseline_peak_rss_MiB")
		}
		b.Logf("%d patients, %d resources: Populace ingest %s (CPU %s, peak RSS %.0f MiB), DuckDB read_json %s (CPU %s, peak RSS %.0f MiB), ratio %.2f (CPU time ratio %.2f)",
			patients, resources, populace.Round(time.Millisecond), populaceCPU.Round(time.Millisecond), populacePeak/(1<<20),
			baseline.Round(time.Millisecond), baselineCPU.Round(time.Millisecond), baselinePeak/(1<<20),
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

// resetPeakRSS starts a new peak of the process's resident memory (Linux: clear_refs 5),
// so that peakRSS reports the peak of one phase (not the generation before it). It reports
// whether the system supports it. The reset also hides earlier peaks from the maximum RSS
// that /usr/bin/time prints.
func resetPeakRSS() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS is the peak resident memory since the last resetPeakRSS, in bytes (VmHWM).
func peakRSS(b *testing.B) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb * 1024
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
