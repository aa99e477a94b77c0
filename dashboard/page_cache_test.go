package dashboard_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"populace/dashboard"
)

var csrfValue = regexp.MustCompile(`name="csrf_token" value="[^"]+"`)

// The aggregate pages' content is rendered once per run and role (page_cache.go). Every role
// must get exactly the page an uncached dashboard renders, before and after a goal edit and a
// new compute run, and the new run's figures must show at once.
func TestCachedPagesMatchUncached(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	cachedTS := newServer(t, db) // adds the accounts
	cached, err := dashboard.New(db, dashboard.Options{Version: "test-1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := dashboard.New(db, dashboard.Options{Version: "test-1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	dashboard.WithoutPageCache(plain)
	cachedTS = httptest.NewTLSServer(cached.Handler())
	t.Cleanup(cachedTS.Close)
	plainTS := httptest.NewTLSServer(plain.Handler())
	t.Cleanup(plainTS.Close)

	type client struct {
		role          dashboard.Role
		cached, plain *http.Client
	}
	var cs []client
	for _, role := range dashboard.Roles {
		cs = append(cs, client{role, ownClient(t, cachedTS, testAccounts[role]), ownClient(t, plainTS, testAccounts[role])})
	}
	paths := []string{"/", "/measures/CMS122", "/measures/CMS165", "/measures/CMS122?goal=saved", "/measures/CMS999"}
	compare := func(t *testing.T, when string) {
		t.Helper()
		for range 2 { // the second round is served from the cache
			for _, c := range cs {
				for _, p := range paths {
					gotStatus, got := send(t, c.cached, http.MethodGet, cachedTS.URL+p, nil)
					wantStatus, want := send(t, c.plain, http.MethodGet, plainTS.URL+p, nil)
					got, want = csrfValue.ReplaceAllString(got, "CSRF"), csrfValue.ReplaceAllString(want, "CSRF")
					if gotStatus != wantStatus || got != want {
						t.Fatalf("%s, %s as %s: the cached page (status %d) differs from the uncached one (status %d):\n%s\n----\n%s",
							when, p, c.role, gotStatus, wantStatus, got, want)
					}
				}
			}
		}
	}
	compare(t, "first run")

	// A goal edit shows at once.
	qm := cs[1]
	if qm.role != dashboard.RoleQualityManager {
		t.Fatalf("roles in an unexpected order: %v", dashboard.Roles)
	}
	// Saved through both dashboards: each keeps its own figures per run, which a goal edit
	// through it empties (the second save changes nothing but empties the uncached one's).
	for _, c := range []struct {
		ts *httptest.Server
		c  *http.Client
	}{{cachedTS, qm.cached}, {plainTS, qm.plain}} {
		_, form := send(t, c.c, http.MethodGet, c.ts.URL+"/measures/CMS122/goal", nil)
		token := csrfInput.FindStringSubmatch(form)[1]
		if status, _ := send(t, c.c, http.MethodPost, c.ts.URL+"/measures/CMS122/goal",
			url.Values{"csrf_token": {token}, "goal-0": {"42.5"}}); status != http.StatusSeeOther {
			t.Fatalf("saving a goal: status %d", status)
		}
	}
	_, page := send(t, qm.cached, http.MethodGet, cachedTS.URL+"/measures/CMS122?goal=saved", nil)
	mustContain(t, "measure page after a goal edit", page, "42.5%")
	compare(t, "after a goal edit")

	// A new run replaces the cached figures as soon as the dashboard sees it.
	mustExec(t, db, `insert into meta.compute_run (run_id, period_start, period_end, status, started_at, finished_at)
		values (4, ?, ?, 'succeeded', ?, ?)`, periodStart, periodEnd, runFinished.Add(48*60e9), runFinished.Add(49*60e9))
	mustExec(t, db, `insert into measures.summary_history (run_id, period_key, period_start, period_end, measure, group_index,
		initial_population, denominator, denominator_exclusion, denominator_exception, numerator, performance_rate)
		values (4, 'primary', ?, ?, 'CMS122', 0, 412, 398, 23, 0, 200, 200 / 375)`, periodStart, periodEnd)
	dashboard.ForgetFreshness(cached)
	dashboard.ForgetFreshness(plain)
	_, page = send(t, qm.cached, http.MethodGet, cachedTS.URL+"/measures/CMS122", nil)
	mustContain(t, "measure page of the new run", page, "compute run 4", "53.3%")
	compare(t, "after a new run")
}
