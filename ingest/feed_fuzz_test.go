package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// FuzzReadFeeds: no feeds file crashes the reader; what it accepts is valid.
func FuzzReadFeeds(f *testing.F) {
	f.Add([]byte(`{"feeds": [{"id": "a", "inbox": "."}]}`))
	f.Add([]byte(`{"feeds": [{"id": "a", "inbox": ".", "max_reject_share": 0.2, "strict": false, "retries": 2, "retry_backoff": "1s", "linkage_system": ""}]}`))
	f.Add([]byte(`{"feeds": [{"id": "a", "inbox": "."}, {"id": "a", "inbox": "."}]}`))
	f.Add([]byte(`{"feeds": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "feeds.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		feeds, err := ReadFeeds(p, Feed{})
		if err != nil {
			return
		}
		if len(feeds) == 0 {
			t.Fatal("accepted a file without feeds")
		}
		if err := ValidateFeeds(feeds); err != nil {
			t.Fatalf("accepted invalid feeds: %v", err)
		}
	})
}

// FuzzStrictNDJSON runs the NDJSON parser in strict mode (required elements) with lines to
// skip, as the second pass of a load does: no input crashes it and every reject has a line
// and a reason.
func FuzzStrictNDJSON(f *testing.F) {
	addSeedFiles(f, filepath.Join("testdata", "bad", "*.ndjson"))
	f.Add([]byte(obsLine("a", "2025-01-01T00:00:00Z", "final") + "\n" + obsLine("a", "", "final") + "\n"))
	f.Add([]byte(`{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","subject":{"reference":"Patient/p"},"medicationReference":{}}`))
	f.Add([]byte(`{"resourceType":"Immunization","id":"i","status":"completed","vaccineCode":{},"patient":{"reference":"Patient/p"},"occurrenceString":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newConverter(t.Context(), Options{BatchRows: 3, Strict: true}, func(string, arrow.RecordBatch) error { return nil })
		defer c.release()
		c.skip = map[int64]string{1: "", 2: "unknown_patient"}
		if err := parseNDJSON(bytes.NewReader(data), "", c); err == nil {
			if err := c.flush(); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range c.rejects {
			if r.Line < 1 || r.Code == "" || r.Reason == "" {
				t.Errorf("reject without line or reason: %+v", r)
			}
		}
	})
}
