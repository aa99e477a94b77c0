package dashboard_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"populace/dashboard"
)

// Worklist pages are rendered once per run, workflow read, filter and viewer
// (worklist_page_cache.go). Quality managers and care coordinators must get exactly the pages
// an uncached dashboard renders, and a workflow change must show on the next view.
func TestCachedWorklistMatchesUncached(t *testing.T) {
	db, provs := computedWarehouse(t, "", 150)
	newServer(t, db) // adds the accounts
	mustExec(t, db, `delete from meta.account_provider where account = 'coordinator'`)
	mustExec(t, db, `insert into meta.account_provider values ('coordinator', ?)`, provs[0])
	cached, err := dashboard.New(db, dashboard.Options{Version: "test-1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := dashboard.New(db, dashboard.Options{Version: "test-1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	dashboard.WithoutPageCache(plain)
	cachedTS := httptest.NewTLSServer(cached.Handler())
	t.Cleanup(cachedTS.Close)
	plainTS := httptest.NewTLSServer(plain.Handler())
	t.Cleanup(plainTS.Close)
	type client struct {
		role          dashboard.Role
		cached, plain *http.Client
	}
	var cs []client
	for _, role := range []dashboard.Role{dashboard.RoleQualityManager, dashboard.RoleCareCoordinator} {
		cs = append(cs, client{role, ownClient(t, cachedTS, testAccounts[role]), ownClient(t, plainTS, testAccounts[role])})
	}
	paths := []string{"/worklist", "/worklist?status=all", "/worklist?status=all&page=2", "/worklist?status=all&risk=high",
		"/worklist?status=all&assignee=coordinator", "/worklist?status=not_applicable", "/worklist?status=all&overdue=1",
		"/worklist?page=999", "/worklist?provider=" + url.QueryEscape(provs[1])}
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
	compare(t, "untouched")

	// The coordinator marks a gap not applicable and assigns another to themself: both show on
	// the next view.
	coord := cs[1].cached
	_, before := send(t, coord, http.MethodGet, cachedTS.URL+"/worklist?status=all&assignee=coordinator", nil)
	_, page := send(t, coord, http.MethodGet, cachedTS.URL+"/worklist", nil)
	refs := gapLink.FindAllStringSubmatch(page, 2)
	if len(refs) < 2 {
		t.Fatalf("the coordinator's worklist links %d gaps", len(refs))
	}
	token := csrfInput.FindStringSubmatch(page)[1]
	if status, _ := send(t, coord, http.MethodPost, cachedTS.URL+"/worklist/"+refs[0][1]+"/status",
		url.Values{"csrf_token": {token}, "status": {"not_applicable"}, "reason": {"bilateral amputation"}}); status != http.StatusSeeOther {
		t.Fatalf("changing a status: status %d", status)
	}
	if status, _ := send(t, coord, http.MethodPost, cachedTS.URL+"/worklist/assign", url.Values{"csrf_token": {token},
		"assignee": {"coordinator"}, "gap": {refs[1][1]}, "back": {"/worklist"}}); status != http.StatusSeeOther {
		t.Fatalf("assigning: status %d", status)
	}
	_, after := send(t, coord, http.MethodGet, cachedTS.URL+"/worklist?status=all&assignee=coordinator", nil)
	if after == before {
		t.Error("the assignment does not show on the next view")
	}
	mustContain(t, "worklist after the assignment", after, refs[1][1])
	dashboard.ForgetWorkflow(plain)
	compare(t, "after workflow changes")
}
