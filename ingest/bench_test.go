package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// BenchmarkParseNDJSON parses the 10-patient Bulk Data export (and the eCQM test patients)
// to Arrow record batches without a database, reporting resources per second.
func BenchmarkParseNDJSON(b *testing.B) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	var size int64
	for _, pattern := range []string{
		filepath.Join("..", "..", "shared", "synthea", "bulk-10-patients", "[A-Z]*.ndjson"),
		filepath.Join("..", "..", "shared", "ecqm", "CMS*", "ndjson", "*.ndjson"),
	} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, file{filepath.Base(p), data})
			size += int64(len(data))
		}
	}
	if len(files) == 0 {
		b.Fatal("no input files")
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var resources int64
	for b.Loop() {
		for _, f := range files {
			c := newConverter(b.Context(), Options{}, func(string, arrow.RecordBatch) error { return nil })
			if err := parseNDJSON(bytes.NewReader(f.data), typeFromName(f.name), c); err != nil {
				b.Fatal(err)
			}
			if err := c.flush(); err != nil {
				b.Fatal(err)
			}
			for _, n := range c.counts {
				resources += n
			}
			c.release()
		}
	}
	b.ReportMetric(float64(resources)/b.Elapsed().Seconds(), "resources/s")
}
