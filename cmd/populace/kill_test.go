package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"populace/warehouse"
)

// buildPopulace builds the command into a temporary folder and returns its path.
func buildPopulace(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "populace")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-tags", "duckdb_arrow", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building populace: %v\n%s", err, out)
	}
	return bin
}

// writeBigFeed writes a Patient file and an Observation file of n lines.
func writeBigFeed(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "Patient.ndjson"),
		[]byte(`{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1960-05-05"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "Observation.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := range n {
		fmt.Fprintf(w, `{"resourceType":"Observation","id":"o%d","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-03-01T10:00:00Z","valueQuantity":{"value":%d.5,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"}}`+"\n", i, 5+i%6)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// warehouseCounts opens the warehouse (replaying its WAL), reads counts and closes it.
func warehouseCounts(t *testing.T, path string) (observations, raw, loadedFiles int64) {
	t.Helper()
	db, err := warehouse.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("opening the warehouse after the kill: %v", err)
	}
	defer db.Close()
	for q, dst := range map[string]*int64{
		`select count(*) from core.observation`:                         &observations,
		`select count(*) from raw.resource`:                             &raw,
		`select count(*) from meta.ingest_file where status = 'loaded'`: &loadedFiles,
	} {
		if err := db.SQL().QueryRowContext(t.Context(), q).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	return
}

// TestKilledIngestLeavesNothingAndLoadsOnceAfter starts the real binary on a large file,
// kills it in the middle of the Observation load (SIGKILL: no chance to clean up; SIGINT:
// a clean shutdown), checks the warehouse opens and holds nothing of that file, then loads
// again and checks the counts are exact, and a third time that nothing doubles.
func TestKilledIngestLeavesNothingAndLoadsOnceAfter(t *testing.T) {
	bin := buildPopulace(t)
	feed := t.TempDir()
	const n = 50_000
	writeBigFeed(t, feed, n)
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.duckdb")
			ingest := func() *exec.Cmd {
				cmd := exec.CommandContext(t.Context(), bin, "ingest", "--provider", "clinic-a", "--log-level", "debug", feed)
				cmd.Env = append(os.Environ(), "POPULACE_DB="+db)
				return cmd
			}
			cmd := ingest()
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the Observation file is being written, batch by batch.
			sc := bufio.NewScanner(stderr)
			mid := false
			for sc.Scan() {
				if strings.Contains(sc.Text(), "batch loaded") && strings.Contains(sc.Text(), "file=Observation.ndjson") {
					mid = true
					break
				}
			}
			if !mid {
				cmd.Wait()
				t.Fatal("the ingest ended without loading a batch of the Observation file")
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			go io.Copy(io.Discard, stderr)
			err = cmd.Wait()
			if err == nil {
				t.Fatalf("populace ingest exited 0 after %v", sig)
			}
			observations, raw, files := warehouseCounts(t, db)
			if observations != 0 || raw != 1 || files != 1 {
				t.Fatalf("after %v: %d observations, %d raw resources, %d loaded files; want 0, 1 (the patient), 1", sig, observations, raw, files)
			}
			for range 2 {
				out, err := ingest().CombinedOutput()
				if err != nil {
					t.Fatalf("ingest after the kill: %v\n%s", err, out)
				}
				observations, raw, files = warehouseCounts(t, db)
				if observations != n || raw != n+1 || files != 2 {
					t.Fatalf("after reloading: %d observations, %d raw resources, %d loaded files; want %d, %d, 2", observations, raw, files, n, n+1)
				}
			}
		})
	}
}
