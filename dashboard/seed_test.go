package dashboard_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"populace/dashboard"
	"populace/warehouse"
)

// The fixture: two succeeded compute runs (the dashboard must report the later one), a
// failed run after them (ignored), 24 monthly trend periods per measure, ingest files, and a
// care-gap table as the measure runner builds it.

const (
	oldRun    = 1
	latestRun = 2
	failedRun = 3
)

var (
	periodStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	periodEnd   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	runFinished = time.Date(2026, 1, 7, 2, 14, 0, 0, time.UTC)
	lastLoaded  = time.Date(2026, 1, 6, 23, 5, 0, 0, time.UTC)
)

// seedSummary is one measure's primary-period counts.
type seedSummary struct {
	measure                                         string
	initial, denominator, excluded, excepted, numer int64
}

func (s seedSummary) rate() float64 {
	return float64(s.numer) / float64(s.denominator-s.excluded-s.excepted)
}

// percent formats a rate the way the pages promise to: one decimal and a percent sign.
func percent(rate float64) string { return fmt.Sprintf("%.1f%%", rate*100) }

var (
	latestSummaries = []seedSummary{
		{"CMS122", 412, 398, 23, 0, 61},
		{"CMS165", 1305, 1290, 88, 0, 803},
	}
	oldSummaries = []seedSummary{
		{"CMS122", 400, 390, 20, 0, 90},
		{"CMS165", 1200, 1180, 80, 0, 500},
	}
)

// monthlyRate is the seeded rate of the rolling period ending in month m (0..23) of run.
func monthlyRate(measure string, run, m int) float64 {
	if measure == "CMS122" {
		return 0.22 - 0.003*float64(m) + 0.01*float64(run)
	}
	return 0.55 + 0.004*float64(m) + 0.01*float64(run)
}

// gapCount is how many CMS122 care gaps the fixture holds: three pages at 50 a page.
const gapCount = 120

// The named gap rows the tests look for. evidenceRow sorts right after the rows without
// evidence (which come first), so it is on page 1.
const (
	evidencePerson  = "person-7f3a"
	evidencePatient = "synthea-7f3a-01"
	evidenceValue   = "10.2 %"
	evidenceCode    = "4548-4"
	evidenceDate    = "2025-01-03"
	noResultPerson  = "person-0b11" // evidence_value says "no result in period"
	blankPerson     = "person-0b12" // evidence_value empty too: the page says it
)

func openDB(t *testing.T) *warehouse.DB {
	t.Helper()
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatalf("opening warehouse: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *warehouse.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.SQL().ExecContext(t.Context(), query, args...); err != nil {
		t.Fatalf("seeding: %v\n%s", err, query)
	}
}

func seed(t *testing.T, db *warehouse.DB) {
	t.Helper()
	mustExec(t, db, `insert into meta.ingest_file
		(file_id, provider, file_name, content_hash, format, status, resources, rejected, started_at, finished_at) values
		(1, 'northside', 'Patient.ndjson', 'h1', 'ndjson', 'loaded', 1400, 0, ?, ?),
		(2, 'northside', 'Observation.ndjson', 'h2', 'ndjson', 'loaded', 52000, 3, ?, ?),
		(3, 'lakeview', 'bundle-0001.json', 'h3', 'bundle', 'rejected', 0, 1, ?, ?)`,
		lastLoaded.Add(-26*time.Hour), lastLoaded.Add(-25*time.Hour),
		lastLoaded.Add(-time.Minute), lastLoaded,
		lastLoaded.Add(time.Hour), lastLoaded.Add(time.Hour)) // rejected: not data freshness
	mustExec(t, db, `insert into meta.compute_run (run_id, period_start, period_end, status, started_at, finished_at) values
		(?, ?, ?, 'succeeded', ?, ?),
		(?, ?, ?, 'succeeded', ?, ?),
		(?, ?, ?, 'failed', ?, ?)`,
		oldRun, periodStart, periodEnd, runFinished.Add(-24*time.Hour-time.Minute), runFinished.Add(-24*time.Hour),
		latestRun, periodStart, periodEnd, runFinished.Add(-2*time.Minute), runFinished,
		failedRun, periodStart, periodEnd, runFinished.Add(time.Hour), runFinished.Add(time.Hour))
	for run, sums := range map[int][]seedSummary{oldRun: oldSummaries, latestRun: latestSummaries} {
		for _, s := range sums {
			mustExec(t, db, `insert into measures.summary_history (run_id, period_key, period_start, period_end, measure, group_index, initial_population, denominator, denominator_exclusion, denominator_exception, numerator, performance_rate)
				values (?, 'primary', ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
				run, periodStart, periodEnd, s.measure, s.initial, s.denominator, s.excluded, s.excepted, s.numer, s.rate())
			for m := range 24 {
				end := time.Date(2024, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC) // last day of month m+1 of 2024
				start := end.AddDate(-1, 0, 1)
				key := "m" + end.Format("2006-01")
				mustExec(t, db, `insert into measures.summary_history (run_id, period_key, period_start, period_end, measure, group_index, initial_population, denominator, denominator_exclusion, denominator_exception, numerator, performance_rate)
					values (?, ?, ?, ?, ?, 0, 100, 100, 0, 0, ?, ?)`,
					run, key, start, end, s.measure, int64(monthlyRate(s.measure, run, m)*100), monthlyRate(s.measure, run, m))
			}
		}
	}
	mustExec(t, db, `create table gaps.care_gap as
		with generated as (
		    select
		        'person-' || lpad(i::varchar, 4, '0') as person_id,
		        case when i % 2 = 0 then 'northside' else 'lakeview' end as provider,
		        'synthea-' || lpad(i::varchar, 4, '0') || '-01' as patient_id,
		        'CMS122' as measure,
		        0 as group_index,
		        date '2025-01-01' as period_start,
		        date '2025-12-31' as period_end,
		        case when i % 5 = 0 then 'No HbA1c or GMI result in the period' else 'Most recent HbA1c or GMI above 9%' end as gap,
		        case when i % 5 = 0 then 'Order HbA1c' else 'Review diabetes treatment plan' end as action,
		        case when i % 5 = 0 then null else date '2025-02-01' + cast(i as integer) end as evidence_date,
		        case when i % 5 = 0 then null else '4548-4' end as evidence_code,
		        case when i % 5 = 0 then 'no result in period' else (9.1 + (i % 30) / 10.0)::decimal(4, 1)::varchar || ' %' end as evidence_value,
		        cast(40 + i % 35 as integer) as age,
		        case when i % 3 = 0 then 'female' else 'male' end as gender
		    from range(?) t(i)
		)
		select * from generated
		union all select ?, 'northside', ?, 'CMS122', 0, date '2025-01-01', date '2025-12-31',
		    'Most recent HbA1c or GMI above 9%', 'Review diabetes treatment plan', cast(? as date), ?, ?, 67, 'female'
		union all select ?, 'lakeview', 'synthea-0b11-01', 'CMS122', 0, date '2025-01-01', date '2025-12-31',
		    'No HbA1c or GMI result in the period', 'Order HbA1c', null, null, 'no result in period', 58, 'male'
		union all select ?, 'lakeview', 'synthea-0b12-01', 'CMS122', 0, date '2025-01-01', date '2025-12-31',
		    'No HbA1c or GMI result in the period', 'Order HbA1c', null, null, null, 71, 'female'
		union all select 'person-bp01', 'northside', 'synthea-bp01-01', 'CMS165', 0, date '2025-01-01', date '2025-12-31',
		    'Most recent blood pressure not below 140/90', 'Recheck blood pressure', date '2025-11-20', '85354-9', '152/94 mm[Hg]', 63, 'male'`,
		gapCount-3, evidencePerson, evidencePatient, evidenceDate, evidenceCode, evidenceValue, noResultPerson, blankPerson)
}

// Test accounts, one per role; the care coordinator works only the provider "northside".
const testPassword = "correct horse battery staple"

var testAccounts = map[dashboard.Role]string{
	dashboard.RoleExecutive:       "exec",
	dashboard.RoleQualityManager:  "quality",
	dashboard.RoleCareCoordinator: "coordinator",
	dashboard.RoleAdministrator:   "admin",
}

// newServer starts the dashboard over db on a loopback TLS server (session cookies are
// Secure) with one account per role, and returns the test server.
func newServer(t *testing.T, db *warehouse.DB) *httptest.Server {
	t.Helper()
	for role, name := range testAccounts {
		spec := dashboard.AccountSpec{Name: name, Role: role, Password: testPassword}
		if role == dashboard.RoleCareCoordinator {
			spec.Providers = []string{"northside"}
		}
		if err := dashboard.AddAccount(t.Context(), db, spec); err != nil && !errors.Is(err, dashboard.ErrAccountExists) {
			t.Fatal(err)
		}
	}
	d, err := dashboard.New(db, dashboard.Options{Version: "test-1.2.3"})
	if err != nil {
		t.Fatalf("creating dashboard: %v", err)
	}
	ts := httptest.NewTLSServer(d.Handler())
	t.Cleanup(ts.Close)
	return ts
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signIn signs in through the login form and returns a client carrying the session.
func signIn(t *testing.T, ts *httptest.Server, name string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	// A copy: ts.Client() returns one shared client, and each account needs its own jar.
	c := new(http.Client)
	*c = *ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	status, _, body := fetch(t, c, http.MethodGet, ts.URL+"/login", nil)
	m := csrfInput.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("login form: status %d, no CSRF token", status)
	}
	status, h, _ := fetch(t, c, http.MethodPost, ts.URL+"/login", url.Values{
		"csrf_token": {m[1]}, "name": {name}, "password": {testPassword}, "next": {"/"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Fatalf("signing in as %s: status %d, location %q", name, status, h.Get("Location"))
	}
	return c
}

// fetch sends a request (a form when values is not nil) and returns status, headers, body.
func fetch(t *testing.T, c *http.Client, method, target string, values url.Values) (int, http.Header, string) {
	t.Helper()
	var body io.Reader
	if values != nil {
		body = strings.NewReader(values.Encode())
	}
	req, err := http.NewRequestWithContext(t.Context(), method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if values != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", target, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

var signedIn sync.Map // "<server URL> <account>" -> *http.Client

// getAs fetches path signed in as the account of role.
func getAs(t *testing.T, ts *httptest.Server, role dashboard.Role, path string) (int, http.Header, string) {
	t.Helper()
	key := ts.URL + " " + testAccounts[role]
	c, ok := signedIn.Load(key)
	if !ok {
		c, _ = signedIn.LoadOrStore(key, signIn(t, ts, testAccounts[role]))
	}
	return fetch(t, c.(*http.Client), http.MethodGet, ts.URL+path, nil)
}

// get fetches path as the quality manager, who sees every page but the administrator's.
func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	return getAs(t, ts, dashboard.RoleQualityManager, path)
}

var (
	externalRef  = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	scriptTag    = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	styleAttr    = regexp.MustCompile(`(?i)\sstyle\s*=`)
	inlineHandle = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
)

// checkSelfContained fails if a page references any other host or needs anything the
// Content-Security-Policy forbids (inline script, inline style, event-handler attributes).
func checkSelfContained(t *testing.T, path string, h http.Header, body string) {
	t.Helper()
	if m := externalRef.FindString(body); m != "" {
		t.Errorf("%s references an external host: %q", path, m)
	}
	for _, cdn := range []string{"cdn", "jsdelivr", "unpkg", "googleapis", "go-echarts.github.io"} {
		if strings.Contains(strings.ToLower(body), cdn) {
			t.Errorf("%s mentions %q", path, cdn)
		}
	}
	for _, tag := range scriptTag.FindAllString(body, -1) {
		if !strings.Contains(tag, `src="/static/`) {
			t.Errorf("%s has a script that is not one of our static files: %s", path, tag)
		}
	}
	if styleAttr.MatchString(body) || inlineHandle.MatchString(body) || strings.Contains(body, "<style") {
		t.Errorf("%s has inline style or event handlers, which the CSP blocks", path)
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: Content-Security-Policy %q allows unsafe sources", path, csp)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", path, got)
	}
	if got := h.Get("Referrer-Policy"); got == "" {
		t.Errorf("%s: no Referrer-Policy", path)
	}
}

// mustContain fails for each want missing from body.
func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not show %q", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s shows %q", what, w)
		}
	}
}
