package dashboard_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"populace/dashboard"
	"populace/warehouse"
)

var chartOption = regexp.MustCompile(`data-echarts-option="([^"]*)"`)

// echartsOption decodes the option of the first chart on a page.
func echartsOption(t *testing.T, body string) map[string]any {
	t.Helper()
	m := chartOption.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("page has no chart")
	}
	var opt map[string]any
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &opt); err != nil {
		t.Fatalf("chart option is not JSON: %v", err)
	}
	return opt
}

// seriesNames lists the names of an option's series and checks each has n points.
func seriesNames(t *testing.T, opt map[string]any, n int) []string {
	t.Helper()
	var names []string
	series, _ := opt["series"].([]any)
	for _, s := range series {
		s := s.(map[string]any)
		names = append(names, s["name"].(string))
		if data, _ := s["data"].([]any); len(data) != n {
			t.Errorf("series %s has %d points, want %d", s["name"], len(data), n)
		}
	}
	return names
}

func xAxisLen(t *testing.T, opt map[string]any) int {
	t.Helper()
	axes, _ := opt["xAxis"].([]any)
	if len(axes) == 0 {
		t.Fatal("chart has no x axis")
	}
	data, _ := axes[0].(map[string]any)["data"].([]any)
	return len(data)
}

func seededServer(t *testing.T) (*warehouse.DB, string, func(path string) (int, http.Header, string)) {
	t.Helper()
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	return db, ts.URL, func(path string) (int, http.Header, string) { return get(t, ts, path) }
}

func TestOverview(t *testing.T) {
	_, _, fetch := seededServer(t)
	status, h, body := fetch("/")
	if status != http.StatusOK {
		t.Fatalf("status %d\n%s", status, body)
	}
	checkSelfContained(t, "/", h, body)

	for _, s := range latestSummaries {
		t.Run(s.measure, func(t *testing.T) {
			card := section(t, body, `id="measure-`+s.measure+`-0"`, "</article>")
			mustContain(t, s.measure+" card", card,
				percent(s.rate()),
				fmt.Sprintf("<dd>%d</dd>", s.numer),
				fmt.Sprintf("<dd>%s</dd>", commas(s.denominator)),
				fmt.Sprintf("<dd>%d</dd>", s.excluded),
				`href="/gaps?measure=`+s.measure+`"`)
		})
	}
	for _, s := range oldSummaries {
		mustNotContain(t, "overview", body, percent(s.rate()))
	}
	cms122 := section(t, body, `id="measure-CMS122-0"`, "</article>")
	cms165 := section(t, body, `id="measure-CMS165-0"`, "</article>")
	mustContain(t, "CMS122 card", cms122, "lower is better", "15.0%")
	mustContain(t, "CMS165 card", cms165, "higher is better", "70.0%")
	mustNotContain(t, "CMS165 card", cms165, "lower is better")

	mustContain(t, "freshness line", body, "compute run 2", "2026-01-07 02:14 UTC",
		"2025-01-01 to 2025-12-31", "Data last loaded 2026-01-06 23:05 UTC (2 files)", "test-1.2.3")

	opt := echartsOption(t, body)
	if got := xAxisLen(t, opt); got != 24 {
		t.Errorf("trend x axis has %d months, want 24", got)
	}
	if names := seriesNames(t, opt, 24); strings.Join(names, ",") != "CMS122,CMS165" {
		t.Errorf("trend lines = %v, want one per measure", names)
	}
	// The text alternative shows the latest run's last month, not the older run's.
	mustContain(t, "trend table", body, "2025-12-31", percent(monthlyRate("CMS122", latestRun, 23)))
}

func TestMeasureShow(t *testing.T) {
	_, _, fetch := seededServer(t)
	for _, s := range latestSummaries {
		t.Run(s.measure, func(t *testing.T) {
			path := "/measures/" + s.measure
			status, h, body := fetch(path)
			if status != http.StatusOK {
				t.Fatalf("status %d\n%s", status, body)
			}
			checkSelfContained(t, path, h, body)
			breakdown := section(t, body, "<caption>Population breakdown", "</table>")
			mustContain(t, path+" breakdown", breakdown,
				`<td class="num">`+commas(s.initial)+`</td>`,
				`<td class="num">`+commas(s.denominator)+`</td>`,
				`<td class="num">`+commas(s.excluded)+`</td>`,
				`<td class="num">`+commas(s.numer)+`</td>`,
				`<td class="num">`+commas(s.denominator-s.excluded-s.excepted)+`</td>`)
			mustContain(t, path, body, percent(s.rate()), "Period 2025-01-01 to 2025-12-31", "Populace test-1.2.3",
				`href="/gaps?measure=`+s.measure+`"`, "compute run 2")
			opt := echartsOption(t, body)
			if names := seriesNames(t, opt, 24); strings.Join(names, ",") != s.measure+",Goal" {
				t.Errorf("trend lines = %v, want the measure and its goal", names)
			}
		})
	}

	_, _, body := fetch("/measures/CMS122")
	mustContain(t, "CMS122", body, "Version 0.1.002", "lower is better", "goal 15.0%")
	_, _, body = fetch("/measures/CMS165")
	mustContain(t, "CMS165", body, "Version 0.1.000", "higher is better", "goal 70.0%")
	mustNotContain(t, "CMS165", body, "lower is better")
}

func TestCareGapList(t *testing.T) {
	db, _, fetch := seededServer(t)
	audits := func() int {
		var n int
		if err := db.SQL().QueryRowContext(t.Context(),
			`select count(*) from meta.audit_log where actor = 'quality' and action = 'view' and object = 'care_gaps'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("first page", func(t *testing.T) {
		before := audits()
		status, h, body := fetch("/gaps?measure=CMS122")
		if status != http.StatusOK {
			t.Fatalf("status %d\n%s", status, body)
		}
		checkSelfContained(t, "/gaps", h, body)
		if got := strings.Count(body, `<td class="id">person-`); got != 50 {
			t.Errorf("page 1 has %d rows, want 50", got)
		}
		mustContain(t, "gap list", body,
			fmt.Sprintf("%d patients with a gap", gapCount), "page 1 of 3",
			"version 0.1.002", "measurement period 2025-01-01 to 2025-12-31",
			"compute run 2", "Data last loaded 2026-01-06 23:05 UTC",
			`href="/gaps?measure=CMS122&amp;page=2"`, "inverse measure")
		mustNotContain(t, "page 1", body, "Previous page", "person-bp01")

		row := section(t, body, ">"+evidencePerson+"<", "</tr>")
		mustContain(t, "evidence row", row, evidencePatient, evidenceValue, evidenceCode, evidenceDate, "Review diabetes treatment plan")
		for _, p := range []string{noResultPerson, blankPerson} {
			row := section(t, body, ">"+p+"<", "</tr>")
			mustContain(t, p+" row", row, "no result in period", "Order HbA1c")
		}
		if got := audits(); got != before+1 {
			t.Errorf("audit rows went from %d to %d, want one more", before, got)
		}
		var detail string
		if err := db.SQL().QueryRowContext(t.Context(),
			`select detail from meta.audit_log order by occurred_at desc limit 1`).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if detail != "measure=CMS122 page=1" {
			t.Errorf("audit detail = %q", detail)
		}
	})

	t.Run("last page", func(t *testing.T) {
		before := audits()
		status, _, body := fetch("/gaps?measure=CMS122&page=3")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		if got, want := strings.Count(body, `<td class="id">person-`), gapCount-100; got != want {
			t.Errorf("page 3 has %d rows, want %d", got, want)
		}
		mustContain(t, "page 3", body, "page 3 of 3", `href="/gaps?measure=CMS122&amp;page=2"`)
		mustNotContain(t, "page 3", body, "Next page", evidencePerson)
		if got := audits(); got != before+1 {
			t.Errorf("audit rows went from %d to %d, want one more", before, got)
		}
	})

	t.Run("other measure", func(t *testing.T) {
		status, h, body := fetch("/gaps?measure=CMS165")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		checkSelfContained(t, "/gaps?measure=CMS165", h, body)
		mustContain(t, "CMS165 gaps", body, "1 patient with a gap", "person-bp01", "152/94 mm[Hg]", "2025-11-20", "version 0.1.000")
		mustNotContain(t, "CMS165 gaps", body, evidencePerson)
	})

	errorCases := []struct {
		path   string
		status int
	}{
		{"/gaps?measure=CMS999", http.StatusNotFound},
		{"/gaps?measure=CMS122&page=4", http.StatusNotFound},
		{"/gaps?measure=CMS122&page=0", http.StatusBadRequest},
		{"/gaps?measure=CMS122&page=two", http.StatusBadRequest},
		{"/measures/CMS999", http.StatusNotFound},
		{"/no/such/page", http.StatusNotFound},
	}
	for _, c := range errorCases {
		t.Run(c.path, func(t *testing.T) {
			status, h, body := fetch(c.path)
			if status != c.status {
				t.Errorf("status %d, want %d", status, c.status)
			}
			checkSelfContained(t, c.path, h, body)
			mustNotContain(t, c.path, body, "person-", "duckdb", "Binder Error", "Catalog Error")
		})
	}
}

func TestEmptyWarehouse(t *testing.T) {
	db := openDB(t)
	ts := newServer(t, db)
	for _, path := range []string{"/", "/measures/CMS122", "/gaps", "/gaps?measure=CMS165"} {
		t.Run(path, func(t *testing.T) {
			status, h, body := get(t, ts, path)
			if status != http.StatusOK {
				t.Fatalf("status %d\n%s", status, body)
			}
			checkSelfContained(t, path, h, body)
			mustContain(t, path, body, "No results yet: run <code>populace compute --period 2025</code>",
				"No compute run has succeeded yet", "No data files loaded yet")
			mustNotContain(t, path, body, "data-echarts-option", "<script")
		})
	}
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("audit rows = %d, want one per gap-list view (2)", n)
	}
}

// TestCareGapsNotBuilt covers a compute run without the care-gap model (the placeholder).
func TestCareGapsNotBuilt(t *testing.T) {
	db := openDB(t)
	mustExec(t, db, `insert into meta.compute_run values (1, date '2025-01-01', date '2025-12-31', 'succeeded', ?, ?, null)`, runFinished, runFinished)
	mustExec(t, db, `create table gaps.care_gap as select 1 as placeholder`)
	ts := newServer(t, db)
	status, _, body := get(t, ts, "/gaps?measure=CMS122")
	if status != http.StatusOK {
		t.Fatalf("status %d\n%s", status, body)
	}
	mustContain(t, "gap list", body, "Care gaps not built yet")
}

func TestStaticAssets(t *testing.T) {
	_, _, fetch := seededServer(t)
	_, _, body := fetch("/")
	srcs := regexp.MustCompile(`<script src="(/static/[0-9a-f]+/[^"]+)"`).FindAllStringSubmatch(body, -1)
	links := regexp.MustCompile(`<link rel="stylesheet" href="(/static/[0-9a-f]+/[^"]+)"`).FindAllStringSubmatch(body, -1)
	var paths []string
	for _, m := range append(srcs, links...) {
		paths = append(paths, m[1])
	}
	wantTypes := map[string]string{
		"vendor/echarts/echarts.min.js": "text/javascript",
		"js/charts.js":                  "text/javascript",
		"css/app.css":                   "text/css",
		"css/print.css":                 "text/css",
	}
	if len(paths) != len(wantTypes) {
		t.Fatalf("overview links %d static files (%v), want %d", len(paths), paths, len(wantTypes))
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			status, h, asset := fetch(p)
			if status != http.StatusOK || len(asset) == 0 {
				t.Fatalf("status %d, %d bytes", status, len(asset))
			}
			name := p[strings.Index(p[len("/static/"):], "/")+len("/static/")+1:]
			if want := wantTypes[name]; !strings.HasPrefix(h.Get("Content-Type"), want) {
				t.Errorf("Content-Type %q, want %s", h.Get("Content-Type"), want)
			}
			if cc := h.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("Cache-Control %q is not long-lived", cc)
			}
			if strings.HasSuffix(name, ".js") && strings.Contains(asset, "<script") {
				t.Error("script asset looks like HTML")
			}
		})
	}
	for _, p := range []string{"/static/0000000000000000/css/app.css", "/static/x/", strings.TrimSuffix(paths[0], "echarts.min.js")} {
		if status, _, _ := fetch(p); status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, status)
		}
	}
}

// section returns body from the first from to the next to after it.
func section(t *testing.T, body, from, to string) string {
	t.Helper()
	i := strings.Index(body, from)
	if i < 0 {
		t.Fatalf("page has no %q", from)
	}
	j := strings.Index(body[i:], to)
	if j < 0 {
		t.Fatalf("page has no %q after %q", to, from)
	}
	return body[i : i+j]
}

// commas groups thousands the way the pages do.
func commas(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// An internal failure is a 500 with a generic page; the cause is logged, never shown.
func TestInternalErrorIsLoggedNotShown(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	mustExec(t, db, `drop table measures.summary_history`)
	var logged bytes.Buffer
	d, err := dashboard.New(db, dashboard.Options{Logger: slog.New(slog.NewTextHandler(&logged, nil)), Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if err := dashboard.AddAccount(t.Context(), db, dashboard.AccountSpec{Name: "quality", Role: dashboard.RoleQualityManager, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(d.Handler())
	t.Cleanup(ts.Close)

	status, h, body := get(t, ts, "/")
	if status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", status)
	}
	checkSelfContained(t, "/ (500)", h, body)
	mustContain(t, "error page", body, "Something went wrong")
	mustNotContain(t, "error page", body, "summary_history", "Catalog Error")
	mustContain(t, "log", logged.String(), "summary_history", "request_id=")
}
