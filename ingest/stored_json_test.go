package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestStoredJSON holds raw.resource to what de-identification leaves, whether a line is
// stored as delivered (nothing to remove) or encoded again (something removed, or bytes the
// decoded resource does not vouch for: a repeated key, an escape, invalid UTF-8).
func TestStoredJSON(t *testing.T) {
	const obs = `"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"effectiveDateTime":"2025-01-02"`
	tests := []struct {
		name, line  string
		asDelivered bool   // stored byte for byte as delivered
		absent      string // text that must not be stored
	}{
		{"nothing to remove", `{` + obs + `,"id":"a","subject":{"reference":"Patient/p"}}`, true, ""},
		{"free text removed", `{` + obs + `,"id":"b","subject":{"reference":"Patient/p"},"note":[{"text":"Jane Roe called"}]}`, false, "Jane Roe"},
		{"reference display removed", `{` + obs + `,"id":"c","subject":{"reference":"Patient/p","display":"Jane Roe"}}`, false, "Jane Roe"},
		{"repeated key", `{` + obs + `,"id":"d","subject":{"reference":"Patient/p","display":"Jane Roe"},"subject":{"reference":"Patient/p"}}`, false, "Jane Roe"},
		{"nested repeated key", `{` + obs + `,"id":"e","subject":{"reference":"Patient/p","reference":"Patient/p"},"encounter":{"reference":"Encounter/x"}}`, false, ""},
		{"escape", `{` + obs + `,"id":"f","subject":{"reference":"Patient/p"},"language":"e\u006e"}`, false, `\u006e`},
		{"invalid UTF-8", `{` + obs + `,"id":"g","subject":{"reference":"Patient/p"},"language":"en-` + "\xff" + `"}`, false, "\xff"},
	}
	var lines []string
	for _, tc := range tests {
		lines = append(lines, tc.line)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "Observation.ndjson")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := openWarehouse(t)
	res := loadOK(t, db, "p1", Options{}, path)
	if len(res) != 1 || res[0].Status != StatusLoaded || len(res[0].Rejects) > 0 {
		t.Fatalf("load: %+v", res)
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stored := queryString(t, db, `select cast(resource as varchar) from raw.resource where line = ?`, i+1)
			if got := stored == tc.line; got != tc.asDelivered {
				t.Errorf("stored as delivered = %v, want %v; stored %s", got, tc.asDelivered, stored)
			}
			if tc.absent != "" && strings.Contains(stored, tc.absent) {
				t.Errorf("stored JSON holds %q: %s", tc.absent, stored)
			}
			// Either way the stored JSON is what the encoder makes of the de-identified line.
			m, ok := decodeObject([]byte(tc.line))
			if !ok {
				t.Fatal("test line does not decode")
			}
			p := newDeidPolicy(Options{}, time.Now())
			p.apply("Observation", m)
			var got, want any
			if err := json.Unmarshal([]byte(stored), &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(appendJSON(nil, m), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("stored JSON %s, want %s", stored, appendJSON(nil, m))
			}
		})
	}
}
