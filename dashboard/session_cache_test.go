package dashboard_test

import (
	"net/http"
	"net/url"
	"testing"

	"populace/dashboard"
)

// Session lookups are reused for a few seconds (session_cache.go); these check that every
// change to an account or session applies to the very next request, although the lookup it
// replaces was just read and would still be reused.
func TestSessionChangesApplyAtOnce(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	admin := ownClient(t, ts, testAccounts[dashboard.RoleAdministrator])
	adminToken := func(t *testing.T) string {
		t.Helper()
		_, page := send(t, admin, http.MethodGet, ts.URL+"/admin/users", nil)
		m := csrfInput.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("users page has no CSRF token")
		}
		return m[1]
	}
	// newUser adds an account of role through the administrator's form and signs it in.
	newUser := func(t *testing.T, name string, role dashboard.Role) *http.Client {
		t.Helper()
		status, _ := send(t, admin, http.MethodPost, ts.URL+"/admin/users", url.Values{"csrf_token": {adminToken(t)},
			"name": {name}, "role": {string(role)}, "password": {testPassword}})
		if status != http.StatusSeeOther {
			t.Fatalf("adding %s: status %d", name, status)
		}
		return ownClient(t, ts, name)
	}
	// status is the status of GET path for c, sent twice so the second is served from a
	// reused lookup when one is reused.
	status := func(t *testing.T, c *http.Client, path string) int {
		t.Helper()
		first, _ := send(t, c, http.MethodGet, ts.URL+path, nil)
		second, _ := send(t, c, http.MethodGet, ts.URL+path, nil)
		if first != second {
			t.Fatalf("GET %s twice: status %d, then %d", path, first, second)
		}
		return second
	}

	t.Run("sign-out", func(t *testing.T) {
		c := newUser(t, "sam", dashboard.RoleQualityManager)
		if got := status(t, c, "/"); got != http.StatusOK {
			t.Fatalf("signed in: status %d", got)
		}
		u, _ := url.Parse(ts.URL)
		cookies := c.Jar.Cookies(u) // kept, to replay the session after signing out
		_, page := send(t, c, http.MethodGet, ts.URL+"/", nil)
		token := csrfInput.FindStringSubmatch(page)[1]
		if got, _ := send(t, c, http.MethodPost, ts.URL+"/logout", url.Values{"csrf_token": {token}}); got != http.StatusSeeOther {
			t.Fatalf("signing out: status %d", got)
		}
		c.Jar.SetCookies(u, cookies)
		if got := status(t, c, "/"); got != http.StatusSeeOther {
			t.Errorf("the signed-out session still works: status %d", got)
		}
	})

	t.Run("disabled account", func(t *testing.T) {
		c := newUser(t, "robin", dashboard.RoleQualityManager)
		if got := status(t, c, "/"); got != http.StatusOK {
			t.Fatalf("signed in: status %d", got)
		}
		if got, _ := send(t, admin, http.MethodPost, ts.URL+"/admin/users/disable",
			url.Values{"csrf_token": {adminToken(t)}, "name": {"robin"}}); got != http.StatusSeeOther {
			t.Fatalf("disabling: status %d", got)
		}
		if got := status(t, c, "/"); got != http.StatusSeeOther {
			t.Errorf("the disabled account's session still works: status %d", got)
		}
	})

	t.Run("role change", func(t *testing.T) {
		c := newUser(t, "kim", dashboard.RoleQualityManager)
		if got := status(t, c, "/admin/users"); got != http.StatusForbidden {
			t.Fatalf("quality manager on the users page: status %d", got)
		}
		spec := dashboard.AccountSpec{Name: "kim", Role: dashboard.RoleAdministrator, Password: testPassword}
		if err := dashboard.ResetAccount(t.Context(), db, spec); err != nil {
			t.Fatal(err)
		}
		if got := status(t, c, "/admin/users"); got != http.StatusOK {
			t.Errorf("made administrator: status %d", got)
		}
		spec.Role = dashboard.RoleExecutive
		if err := dashboard.ResetAccount(t.Context(), db, spec); err != nil {
			t.Fatal(err)
		}
		if got := status(t, c, "/admin/users"); got != http.StatusForbidden {
			t.Errorf("made executive: status %d on the users page", got)
		}
	})
}
