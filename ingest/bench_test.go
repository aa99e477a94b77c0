package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// BenchmarkParseNDJSON parses the 10-patient Bulk Data export (and the eCQM test patients)
// to Arrow record batches without a database, reporting resources per second and the ratio
// to decoding the same lines with encoding/json alone (measured in the same iteration).
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
	for b.Loop() {
		// Baseline: decoding every line into a map, the floor of any map-based parser.
		start := time.Now()
		for _, f := range files {
			for _, line := range bytes.Split(f.data, []byte("\n")) {
				if len(line) > 0 {
					if _, ok := decodeObject(line); !ok {
						b.Fatalf("%s: undecodable line", f.name)
					}
				}
			}
		}
		baseline := time.Since(start)

		start = time.Now()
		var resources int64
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
		parse := time.Since(start)
		b.ReportMetric(float64(resources)/parse.Seconds(), "resources/s")
		b.ReportMetric(parse.Seconds()/baseline.Seconds(), "x_json_decode_baseline")
		b.Logf("%d resources: parse to Arrow %s, JSON decode alone %s, ratio %.1f",
			resources, parse.Round(time.Millisecond), baseline.Round(time.Millisecond), parse.Seconds()/baseline.Seconds())
	}
}
