package dashboard_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"populace/dashboard"
)

// fakeJobs is the scheduler as the dashboard sees it.
type fakeJobs struct {
	mu  sync.Mutex
	ran []string
}

func (f *fakeJobs) List() []dashboard.Job {
	return []dashboard.Job{
		{Name: "compute", Schedule: "0 2 * * *", Next: time.Date(2026, 1, 8, 2, 0, 0, 0, time.UTC)},
		{Name: "poll:northside", Schedule: "@every 5m", Running: true},
	}
}

func (f *fakeJobs) RunNow(name string) error {
	if !slices.ContainsFunc(f.List(), func(j dashboard.Job) bool { return j.Name == name }) {
		return dashboard.ErrUnknownJob
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ran = append(f.ran, name)
	return nil
}

func TestAdminPages(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	mustExec(t, db, `insert into meta.feed_run (run_id, feed, started_at, finished_at, status, files_loaded, files_quarantined, resources, rejects)
		values (7, 'northside', ?, ?, 'succeeded', 2, 0, 53400, 3), (8, 'lakeview', ?, ?, 'quarantined', 0, 1, 0, 1)`,
		lastLoaded.Add(-time.Minute), lastLoaded, lastLoaded.Add(time.Hour), lastLoaded.Add(time.Hour))
	mustExec(t, db, `insert into meta.ingest_reject values (3, 'lakeview', 'bundle-0001.json', 4, 'Observation', 'invalid_json', 'line is not JSON')`)
	mustExec(t, db, `update meta.ingest_file set error = 'more than 50% of records rejected' where file_id = 3`)
	mustExec(t, db, `insert into meta.quality_run values (1, 'northside', ?, ?, ?, 1, 0)`, lastLoaded, lastLoaded, lastLoaded)
	mustExec(t, db, `insert into meta.quality_finding (run_id, provider, checked_at, check_name, category, severity, measured, threshold, message)
		values (1, 'northside', ?, 'completeness_encounter_code', 'completeness', 'error', 0.41, 0.9, '41% of encounters carry a type code'),
		       (1, 'northside', ?, 'plausibility_bmi', 'plausibility', 'info', 0, 0.01, 'all BMI values plausible')`, lastLoaded, lastLoaded)
	mustExec(t, db, `insert into meta.job_run values ('poll:northside', ?, ?, 'succeeded', 'feed run 7: 2 files loaded')`, lastLoaded.Add(-time.Minute), lastLoaded)
	mustExec(t, db, `insert into meta.audit_log values (?, 'quality', 'view', 'care_gaps', 'measure=CMS122 page=1')`, lastLoaded)
	newServer(t, db) // the accounts
	jobs := &fakeJobs{}
	d, err := dashboard.New(db, dashboard.Options{Version: "test", Jobs: jobs})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(d.Handler())
	t.Cleanup(ts.Close)
	admin := ownClient(t, ts, testAccounts[dashboard.RoleAdministrator])
	page := func(path string) string {
		t.Helper()
		status, h, body := fetch(t, admin, http.MethodGet, ts.URL+path, nil)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		checkSelfContained(t, path, h, body)
		return body
	}

	t.Run("feeds", func(t *testing.T) {
		body := page("/admin")
		mustContain(t, "northside feed", section(t, body, ">northside<", "</tr>"), "2026-01-06 23:05 UTC", "succeeded", "1 errors")
		mustContain(t, "lakeview feed", section(t, body, ">lakeview<", "</tr>"), "quarantined")
		mustContain(t, "findings", section(t, body, `id="findings"`, "</table>"), "completeness_encounter_code", "41% of encounters")
		mustNotContain(t, "findings", section(t, body, `id="findings"`, "</table>"), "plausibility_bmi") // info: passed
		mustContain(t, "quarantine", section(t, body, `id="quarantine"`, "</table>"), "bundle-0001.json", "more than 50% of records rejected", "invalid_json x1")
	})
	t.Run("runs", func(t *testing.T) {
		body := page("/admin/runs")
		mustContain(t, "run history", body, "northside #7", "poll:northside", "feed run 7: 2 files loaded", "2025-01-01 to 2025-12-31", "failed")
	})
	t.Run("jobs run now", func(t *testing.T) {
		body := page("/admin/jobs")
		mustContain(t, "jobs", body, "compute", "0 2 * * *", "2026-01-08 02:00 UTC", "running")
		token := csrfInput.FindStringSubmatch(body)[1]
		status, h, _ := fetch(t, admin, http.MethodPost, ts.URL+"/admin/jobs", url.Values{"csrf_token": {token}, "job": {"compute"}})
		if status != http.StatusSeeOther {
			t.Fatalf("run now: status %d", status)
		}
		mustContain(t, "after run now", page(h.Get("Location")), "Started compute")
		if status, _, _ := fetch(t, admin, http.MethodPost, ts.URL+"/admin/jobs", url.Values{"csrf_token": {token}, "job": {"nope"}}); status != http.StatusNotFound {
			t.Errorf("an unknown job: status %d", status)
		}
		if status, _, _ := fetch(t, admin, http.MethodPost, ts.URL+"/admin/jobs", url.Values{"csrf_token": {"forged"}, "job": {"compute"}}); status != http.StatusForbidden {
			t.Errorf("run now with a forged token: status %d", status)
		}
		qm := ownClient(t, ts, testAccounts[dashboard.RoleQualityManager])
		_, _, qmPage := fetch(t, qm, http.MethodGet, ts.URL+"/", nil)
		if status, _, _ := fetch(t, qm, http.MethodPost, ts.URL+"/admin/jobs", url.Values{"csrf_token": {csrfInput.FindStringSubmatch(qmPage)[1]}, "job": {"compute"}}); status != http.StatusForbidden {
			t.Errorf("a quality manager running a job: status %d", status)
		}
		jobs.mu.Lock()
		defer jobs.mu.Unlock()
		if !slices.Equal(jobs.ran, []string{"compute"}) {
			t.Errorf("jobs run: %v, want [compute]", jobs.ran)
		}
	})
	t.Run("users", func(t *testing.T) {
		body := page("/admin/users")
		mustContain(t, "users", section(t, body, ">coordinator<", "</tr>"), "care coordinator", "northside", "enabled")
		mustNotContain(t, "users", body, "pbkdf2")
	})
	t.Run("audit log", func(t *testing.T) {
		body := page("/admin/audit?actor=quality")
		mustContain(t, "audit log", body, "care_gaps", "measure=CMS122 page=1")
	})
}
