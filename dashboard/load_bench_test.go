package dashboard_test

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"populace/dashboard"
	"populace/warehouse"
)

// The dashboard under load: a computed network of POPULACE_BENCH_PATIENTS persons (default
// 2,000 so `make bench` stays short; the figure is 100,000), 32 concurrent connections
// on loopback, a bounded number of requests per page (POPULACE_BENCH_REQUESTS, default 640).
// Reported per page: p50 and p99 latency in ms, against a static-file request measured the
// same way in the same run; and the time to stream the whole worklist as CSV, against reading
// the same rows straight from the warehouse.
//
// The built warehouse is cached in os.TempDir() by size and seed, so later runs skip the
// generate-ingest-compute step (minutes at 100,000):
//
//	POPULACE_BENCH_PATIENTS=100000 go test -tags duckdb_arrow -run '^$' -bench DashboardLoad -benchtime 1x ./dashboard/

const benchSeed = 1

// benchConnections is the number of concurrent connections (POPULACE_BENCH_CONNECTIONS,
// default 32; 1 shows a request's own cost).
var benchConnections = 32

func benchEnvInt(b *testing.B, name string, def int) int {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// benchWarehouse returns the path of a computed warehouse of n persons, building it once.
func benchWarehouse(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("populace-bench-%d-%d.duckdb", n, benchSeed))
	if _, err := os.Stat(path); err == nil {
		return path
	} else if !errors.Is(err, os.ErrNotExist) {
		b.Fatal(err)
	}
	building := path + ".building"
	os.Remove(building)
	os.Remove(building + ".wal")
	b.Logf("building a %d-person warehouse in %s (cached for later runs)", n, path)
	func() {
		db, _ := computedNetwork(b, building, n, 5, benchSeed)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}()
	if err := os.Rename(building, path); err != nil {
		b.Fatal(err)
	}
	return path
}

var stylesheet = regexp.MustCompile(`href="(/static/[^"]+\.css)"`)

func BenchmarkDashboardLoad(b *testing.B) {
	n := benchEnvInt(b, "POPULACE_BENCH_PATIENTS", 2000)
	requests := benchEnvInt(b, "POPULACE_BENCH_REQUESTS", 640)
	benchConnections = benchEnvInt(b, "POPULACE_BENCH_CONNECTIONS", 32)
	db, err := warehouse.Open(b.Context(), benchWarehouse(b, n))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	spec := dashboard.AccountSpec{Name: "bench", Role: dashboard.RoleQualityManager, Password: testPassword}
	if err := dashboard.ResetAccount(b.Context(), db, spec); err != nil {
		b.Fatal(err)
	}
	d, err := dashboard.New(db, dashboard.Options{Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewTLSServer(d.Handler())
	b.Cleanup(ts.Close)
	c := benchClient(b, ts)
	_, home := send(b, c, http.MethodGet, ts.URL+"/", nil)
	css := stylesheet.FindStringSubmatch(home)
	if css == nil {
		b.Fatal("the overview links no stylesheet")
	}
	var measure string
	if err := db.SQL().QueryRowContext(b.Context(), `select measure from measures.catalog order by measure limit 1`).Scan(&measure); err != nil {
		b.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"static", css[1]}, // the baseline: a file from memory through the same stack
		{"overview", "/"},
		{"measure", "/measures/" + measure},
		{"worklist", "/worklist?status=all"},
		{"worklist_filtered", "/worklist?status=all&risk=high&overdue=1"},
	}
	if only := os.Getenv("POPULACE_BENCH_PAGES"); only != "" { // e.g. static,worklist
		keep := strings.Split(only, ",")
		pages = slices.DeleteFunc(pages, func(p struct{ name, path string }) bool { return !slices.Contains(keep, p.name) })
	}
	var exportRows int64
	if err := db.SQL().QueryRowContext(b.Context(), `select count(*) from gaps.care_gap`).Scan(&exportRows); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range pages {
			load(b, c, ts.URL+p.path, 1) // warm: the worklist loads its run's gaps on first use
			lat := load(b, c, ts.URL+p.path, requests)
			b.ReportMetric(ms(percentile(lat, 0.50)), p.name+"_p50_ms")
			b.ReportMetric(ms(percentile(lat, 0.99)), p.name+"_p99_ms")
		}
		// The export of every gap, streamed, against scanning the same rows in the warehouse.
		start := time.Now()
		resp, err := c.Get(ts.URL + "/worklist.csv?status=all")
		if err != nil {
			b.Fatal(err)
		}
		size, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("export: status %d, %v", resp.StatusCode, err)
		}
		export := time.Since(start)
		start = time.Now()
		var scanned int64
		err = db.Each(b.Context(), `select * from gaps.care_gap`, nil, func(*sql.Rows) error { scanned++; return nil })
		if err != nil {
			b.Fatal(err)
		}
		scan := time.Since(start)
		b.ReportMetric(float64(exportRows), "csv_rows")
		b.ReportMetric(export.Seconds(), "csv_export_s")
		b.ReportMetric(float64(size)/export.Seconds()/1e6, "csv_MB/s")
		b.ReportMetric(export.Seconds()*100_000/float64(max(exportRows, 1)), "csv_s_per_100k_rows")
		b.ReportMetric(scan.Seconds(), "baseline_scan_s")
	}
}

// benchClient signs in as the benchmark's quality manager with a transport that keeps 32
// connections open.
func benchClient(b *testing.B, ts *httptest.Server) *http.Client {
	b.Helper()
	c := ownClient(b, ts, "bench")
	tr := ts.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = benchConnections
	tr.MaxConnsPerHost = benchConnections
	c.Transport = tr
	return c
}

// load sends total requests for url over benchConnections concurrent connections and returns
// every request's latency (a full response read).
func load(b *testing.B, c *http.Client, url string, total int) []time.Duration {
	b.Helper()
	var (
		mu   sync.Mutex
		lat  = make([]time.Duration, 0, total)
		next = make(chan struct{}, total)
		wg   sync.WaitGroup
		errs = make(chan error, benchConnections)
	)
	for range total {
		next <- struct{}{}
	}
	close(next)
	for range benchConnections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				start := time.Now()
				resp, err := c.Get(url)
				if err != nil {
					errs <- err
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET %s: status %d, %v", url, resp.StatusCode, err)
					return
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return lat
}

func percentile(lat []time.Duration, p float64) time.Duration {
	s := slices.Clone(lat)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return s[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
