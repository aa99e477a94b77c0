package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestLoadFilesOrder runs loadFiles with a load that records which files are in flight
// together, and checks its rules: Patient files, Bundles and untyped NDJSON load alone; two
// files of one type, or of one size (the same delivery twice), never together and in the
// order given; at most parallel at once; each file exactly once; typed files of different
// types together.
func TestLoadFilesOrder(t *testing.T) {
	dir := t.TempDir()
	contents := []struct{ name, content string }{
		{"Patient.ndjson", "p"},
		{"Observation.ndjson", "obs-one"},
		{"Observation.part2.ndjson.gz", "obs-two-xx"},
		{"Encounter.ndjson", "enc"},
		{"Condition.ndjson", "obs-one"}, // the same bytes as Observation.ndjson
		{"bundle.json", "bundle"},
		{"AllergyIntolerance.ndjson", "al"},
		{"Procedure.ndjson", "proc-xxxx"},
		{"data.ndjson", "data-xxxxxxx"},
	}
	var paths, order []string
	for _, c := range contents {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		order = append(order, c.name)
	}
	var (
		mu        sync.Mutex
		inFlight  []string
		together  = map[[2]string]bool{}
		maxFlight int
		started   []string
		ended     []string
	)
	// Observation.ndjson and Encounter.ndjson each end only once the other has started: the
	// two types load together. (Were they loaded one after the other, this test would hang
	// until go test's timeout, naming this wait.)
	encounterStarted, observationStarted := make(chan struct{}), make(chan struct{})
	load := func(ctx context.Context, path string) (FileResult, error) {
		name := filepath.Base(path)
		mu.Lock()
		for _, other := range inFlight {
			together[[2]string{other, name}] = true
			together[[2]string{name, other}] = true
		}
		inFlight = append(inFlight, name)
		maxFlight = max(maxFlight, len(inFlight))
		started = append(started, name)
		mu.Unlock()
		switch name {
		case "Encounter.ndjson":
			close(encounterStarted)
			<-observationStarted
		case "Observation.ndjson":
			close(observationStarted)
			<-encounterStarted
		}
		mu.Lock()
		inFlight = slices.DeleteFunc(inFlight, func(s string) bool { return s == name })
		mu.Unlock()
		return FileResult{Name: name, Status: StatusLoaded}, nil
	}
	var doneOrder []int
	err := loadFiles(t.Context(), paths, 2, load, func(i int, res FileResult, err error) error {
		if err != nil || res.Name != order[i] {
			t.Errorf("done(%d): %s %v, want %s", i, res.Name, err, order[i])
		}
		doneOrder = append(doneOrder, i)
		ended = append(ended, res.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(doneOrder)
	if !slices.Equal(doneOrder, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("done called for %v, want each file once", doneOrder)
	}
	if maxFlight != 2 {
		t.Errorf("at most %d files in flight, want 2", maxFlight)
	}
	for _, alone := range []string{"Patient.ndjson", "bundle.json", "data.ndjson"} {
		for _, other := range order {
			if together[[2]string{alone, other}] {
				t.Errorf("%s loaded together with %s", alone, other)
			}
		}
	}
	for _, pair := range [][2]string{
		{"Observation.ndjson", "Observation.part2.ndjson.gz"}, // one type
		{"Observation.ndjson", "Condition.ndjson"},            // one content
	} {
		if together[pair] {
			t.Errorf("%s loaded together with %s", pair[0], pair[1])
		}
		if slices.Index(started, pair[1]) < slices.Index(ended, pair[0]) {
			t.Errorf("%s started before %s ended (started %v, ended %v)", pair[1], pair[0], started, ended)
		}
	}
	if !together[[2]string{"Observation.ndjson", "Encounter.ndjson"}] {
		t.Error("Observation.ndjson and Encounter.ndjson did not load together")
	}
	// A Bundle waits for every file before it and holds back every file after it.
	for _, name := range order[:5] {
		if slices.Index(ended, name) > slices.Index(ended, "bundle.json") {
			t.Errorf("%s ended after bundle.json, which comes after it", name)
		}
	}
	for _, name := range order[6:] {
		if slices.Index(started, name) < slices.Index(started, "bundle.json") {
			t.Errorf("%s started before bundle.json, which comes before it", name)
		}
	}
}

// TestLoadFilesStopsOnError: a failing load starts nothing more; the error is returned and
// the file that failed is reported to done with it. A file that cannot be looked at loads
// alone (its load reports why).
func TestLoadFilesStopsOnError(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"Patient.ndjson", "Observation.ndjson", "Encounter.ndjson", "Condition.ndjson"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	paths = append(paths, filepath.Join(dir, "Missing.ndjson"))
	full := errors.New("disk full")
	var mu sync.Mutex
	var loaded []string
	err := loadFiles(t.Context(), paths, 1, func(ctx context.Context, path string) (FileResult, error) {
		mu.Lock()
		defer mu.Unlock()
		loaded = append(loaded, filepath.Base(path))
		if filepath.Base(path) == "Observation.ndjson" {
			return FileResult{Name: "Observation.ndjson", Status: StatusRejected}, full
		}
		return FileResult{Name: filepath.Base(path), Status: StatusLoaded}, nil
	}, func(i int, res FileResult, err error) error {
		if res.Name == "Observation.ndjson" && !errors.Is(err, full) {
			t.Errorf("done for Observation.ndjson got %v, want the load's error", err)
		}
		return nil
	})
	if !errors.Is(err, full) {
		t.Errorf("loadFiles returned %v, want the load's error", err)
	}
	if !slices.Equal(loaded, []string{"Patient.ndjson", "Observation.ndjson"}) {
		t.Errorf("loaded %v, want nothing after the failing Observation.ndjson", loaded)
	}

	var inFlight, most int
	loaded = nil
	err = loadFiles(t.Context(), paths[1:], 2, func(ctx context.Context, path string) (FileResult, error) {
		mu.Lock()
		inFlight++
		if filepath.Base(path) == "Missing.ndjson" {
			most = max(most, inFlight)
		}
		loaded = append(loaded, filepath.Base(path))
		mu.Unlock()
		mu.Lock()
		inFlight--
		mu.Unlock()
		return FileResult{Name: filepath.Base(path), Status: StatusLoaded}, nil
	}, func(int, FileResult, error) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != 4 || loaded[3] != "Missing.ndjson" || most != 1 {
		t.Errorf("loaded %v (Missing.ndjson with %d in flight), want Missing.ndjson last and alone", loaded, most)
	}
}

// TestLoadFilesLargestFirst: of the files that may start, the largest starts first (one at
// a time, the order of the loads is the order of the starts); Patient files still first.
func TestLoadFilesLargestFirst(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, c := range []struct{ name, content string }{
		{"AllergyIntolerance.ndjson", "al"},
		{"Encounter.ndjson", "enc-xx"},
		{"Patient.ndjson", "p"},
		{"Procedure.ndjson", "proc-xxxx"},
	} {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	patientFilesFirst(paths)
	var loaded []string
	err := loadFiles(t.Context(), paths, 1, func(ctx context.Context, path string) (FileResult, error) {
		loaded = append(loaded, filepath.Base(path))
		return FileResult{Name: filepath.Base(path), Status: StatusLoaded}, nil
	}, func(int, FileResult, error) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Patient.ndjson", "Procedure.ndjson", "Encounter.ndjson", "AllergyIntolerance.ndjson"}
	if !slices.Equal(loaded, want) {
		t.Errorf("loaded %v, want %v", loaded, want)
	}
}
