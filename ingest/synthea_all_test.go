package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestLoadEverySyntheaBundle loads the Synthea bundles in ../shared/synthea, strictly, into
// one warehouse: none is rejected whole, every rejected record has a line and a reason code,
// and the counts of the ledger agree with the tables. All 617 take some 100 s of CPU, so the
// default run loads every tenth; POPULACE_SYNTHEA_ALL=1 loads them all (the counts in
// docs/ingest.md come from that run).
func TestLoadEverySyntheaBundle(t *testing.T) {
	all, err := filepath.Glob(filepath.Join(sharedDir(t, "synthea"), "*.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 600 {
		t.Fatalf("%d Synthea bundles, want the 617", len(all))
	}
	files := all
	if os.Getenv("POPULACE_SYNTHEA_ALL") == "" {
		files = nil
		for i := 0; i < len(all); i += 10 {
			files = append(files, all[i])
		}
	}
	db := openWarehouse(t)
	results := loadOK(t, db, "synthea", Options{Strict: true, MaxRejectShare: 0.5}, files...)
	if len(results) != len(files) {
		t.Fatalf("results for %d files, want %d", len(results), len(files))
	}
	byType, byCode := map[string]int64{}, map[string]int64{}
	var resources, rejects int64
	for _, res := range results {
		if res.Status != StatusLoaded || res.Err != nil {
			t.Errorf("%s: %s, %v", res.Name, res.Status, res.Err)
		}
		for typ, n := range res.Resources {
			byType[typ] += n
			resources += n
		}
		for _, r := range res.Rejects {
			if r.Line < 1 || r.Code == "" || r.Reason == "" {
				t.Errorf("%s: reject without line or reason: %+v", res.Name, r)
			}
			byCode[r.Code]++
			rejects++
		}
	}
	// Bundles repeat their Organization and Practitioners: each is held once, and every
	// loaded resource is held or was replaced by a later copy.
	distinct := queryInt(t, db, `select count(*) from (select distinct resource_type, id from raw.resource)`)
	if got := queryInt(t, db, `select count(*) from raw.resource`); got != distinct || got > resources {
		t.Errorf("raw.resource = %d rows of %d resources, %d loaded", got, distinct, resources)
	}
	if got := queryInt(t, db, `select count(*) from meta.ingest_reject`); got != rejects {
		t.Errorf("meta.ingest_reject = %d, results say %d", got, rejects)
	}
	if got := queryInt(t, db, `select count(*) from core.patient`); got != byType["Patient"] {
		t.Errorf("core.patient = %d, want %d", got, byType["Patient"])
	}
	t.Logf("%d files, %d resources loaded (%d distinct kept), %d rejected records", len(files), resources, distinct, rejects)
	t.Logf("resources by type:\n%s", countTable(byType))
	t.Logf("rejects by reason:\n%s", countTable(byCode))
}

func countTable(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || (m[keys[i]] == m[keys[j]] && keys[i] < keys[j]) })
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "| %s | %d |\n", k, m[k])
	}
	return b.String()
}
