package dashboard_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"populace/dashboard"
)

// What each role may open: a role sees nothing beyond its rights, checked on the server.
func TestRolesSeeOnlyTheirPages(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	tests := []struct {
		role dashboard.Role
		path string
		want int
	}{
		{dashboard.RoleExecutive, "/", http.StatusOK},
		{dashboard.RoleExecutive, "/measures/CMS122", http.StatusOK},
		{dashboard.RoleExecutive, "/gaps?measure=CMS122", http.StatusForbidden},
		{dashboard.RoleAdministrator, "/gaps?measure=CMS122", http.StatusForbidden},
		{dashboard.RoleQualityManager, "/gaps?measure=CMS122", http.StatusOK},
		{dashboard.RoleCareCoordinator, "/gaps?measure=CMS122", http.StatusOK},
		{dashboard.RoleCareCoordinator, "/", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(string(tt.role)+" "+tt.path, func(t *testing.T) {
			status, h, body := getAs(t, ts, tt.role, tt.path)
			if status != tt.want {
				t.Fatalf("status %d, want %d", status, tt.want)
			}
			checkSelfContained(t, tt.path, h, body)
			if tt.want == http.StatusForbidden {
				mustContain(t, "403 page", body, "Your role does not give access")
				mustNotContain(t, "403 page", body, evidencePerson, evidenceValue)
			}
		})
	}
}

func TestSignedOutIsSentToLogin(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, path := range []string{"/", "/measures/CMS122", "/gaps?measure=CMS122"} {
		status, h, body := fetch(t, c, http.MethodGet, ts.URL+path, nil)
		if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login?next=") {
			t.Errorf("%s signed out: status %d, location %q", path, status, h.Get("Location"))
		}
		mustNotContain(t, path, body, evidencePerson)
	}
}

func TestCareCoordinatorSeesOnlyAssignedProviders(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	var northside, lakeview int
	if err := db.SQL().QueryRowContext(t.Context(),
		`select count(*) filter (where provider = 'northside'), count(*) filter (where provider = 'lakeview')
		 from gaps.care_gap where measure = 'CMS122'`).Scan(&northside, &lakeview); err != nil {
		t.Fatal(err)
	}
	if northside == 0 || lakeview == 0 {
		t.Fatalf("fixture needs gaps at both providers: %d, %d", northside, lakeview)
	}
	_, _, body := getAs(t, ts, dashboard.RoleCareCoordinator, "/gaps?measure=CMS122")
	mustContain(t, "coordinator's gap list", body, commas(int64(northside))+" patients with a gap")
	mustNotContain(t, "coordinator's gap list", body, "<td>lakeview</td>")
	_, _, body = get(t, ts, "/gaps?measure=CMS122")
	mustContain(t, "quality manager's gap list", body, commas(int64(northside+lakeview))+" patients with a gap")
}

func TestExecutiveSeesSmallCellsSuppressed(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	// Five exclusions: a cell under 11 people.
	mustExec(t, db, `update measures.summary_history set denominator_exclusion = 5
		where run_id = 2 and period_key = 'primary' and measure = 'CMS122'`)
	ts := newServer(t, db)
	_, _, exec := getAs(t, ts, dashboard.RoleExecutive, "/measures/CMS122")
	_, _, qm := getAs(t, ts, dashboard.RoleQualityManager, "/measures/CMS122")
	mustContain(t, "executive's measure page", exec, "&lt;11")
	mustContain(t, "quality manager's measure page", qm, ">5<")
	if strings.Contains(section(t, exec, "Population breakdown", "</table>"), ">5<") {
		t.Error("the executive sees a count of 5")
	}
	// The eligible count would reveal the suppressed cell by subtraction: it is hidden too.
	mustNotContain(t, "executive's measure page", exec, commas(398-5))
}

func TestCSRFIsRequiredOnEveryForm(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	ts := newServer(t, db)
	c := signIn(t, ts, testAccounts[dashboard.RoleQualityManager])
	// Logout without the session's token is refused and the session survives.
	status, _, body := fetch(t, c, http.MethodPost, ts.URL+"/logout", url.Values{"csrf_token": {"forged"}})
	if status != http.StatusForbidden {
		t.Fatalf("logout with a forged token: status %d, want 403", status)
	}
	mustContain(t, "403", body, "This form has expired")
	if status, _, _ := fetch(t, c, http.MethodGet, ts.URL+"/gaps", nil); status != http.StatusOK {
		t.Fatalf("session ended by a forged logout: status %d", status)
	}
	// A login post without the login form's cookie is refused.
	fresh := ts.Client()
	status, _, _ = fetch(t, fresh, http.MethodPost, ts.URL+"/login", url.Values{
		"csrf_token": {"x"}, "name": {"quality"}, "password": {testPassword}})
	if status != http.StatusForbidden {
		t.Errorf("login without the form's token: status %d, want 403", status)
	}
}

func TestSessionCookieIsSecure(t *testing.T) {
	db := openDB(t)
	ts := newServer(t, db)
	c := signIn(t, ts, testAccounts[dashboard.RoleExecutive])
	u, _ := url.Parse(ts.URL)
	cookies := c.Jar.Cookies(u)
	if len(cookies) == 0 {
		t.Fatal("no session cookie")
	}
	// The jar hides attributes; ask the server directly.
	jar, _ := cookiejar.New(nil)
	raw := ts.Client()
	raw.Jar = jar
	raw.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	_, _, form := fetch(t, raw, http.MethodGet, ts.URL+"/login", nil)
	token := csrfInput.FindStringSubmatch(form)[1]
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL+"/login",
		strings.NewReader(url.Values{"csrf_token": {token}, "name": {"exec"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := raw.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var found bool
	for _, ck := range resp.Cookies() {
		if ck.Name == "populace_session" {
			found = true
			if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteStrictMode {
				t.Errorf("session cookie: HttpOnly %v, Secure %v, SameSite %v", ck.HttpOnly, ck.Secure, ck.SameSite)
			}
		}
	}
	if !found {
		t.Fatal("login set no session cookie")
	}
}

func TestLoginIsThrottled(t *testing.T) {
	db := openDB(t)
	ts := newServer(t, db)
	jar, _ := cookiejar.New(nil)
	c := ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	try := func(password string) (int, string) {
		_, _, form := fetch(t, c, http.MethodGet, ts.URL+"/login", nil)
		token := csrfInput.FindStringSubmatch(form)[1]
		status, _, body := fetch(t, c, http.MethodPost, ts.URL+"/login", url.Values{
			"csrf_token": {token}, "name": {"quality"}, "password": {password}, "next": {"/"}})
		return status, body
	}
	for i := range 5 {
		if status, body := try("wrong password " + string(rune('a'+i))); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d", i+1, status)
		} else {
			mustContain(t, "failed login", body, "do not match an account")
		}
	}
	status, body := try(testPassword)
	if status != http.StatusTooManyRequests {
		t.Fatalf("the right password after 5 failures: status %d, want 429", status)
	}
	mustContain(t, "throttled login", body, "Too many failed sign-ins")
}

func TestUnknownAccountAndNextAreSafe(t *testing.T) {
	db := openDB(t)
	ts := newServer(t, db)
	jar, _ := cookiejar.New(nil)
	c := ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	_, _, form := fetch(t, c, http.MethodGet, ts.URL+"/login", nil)
	token := csrfInput.FindStringSubmatch(form)[1]
	status, _, body := fetch(t, c, http.MethodPost, ts.URL+"/login", url.Values{
		"csrf_token": {token}, "name": {"nobody"}, "password": {testPassword}})
	if status != http.StatusUnauthorized {
		t.Fatalf("unknown account: status %d", status)
	}
	mustContain(t, "unknown account", body, "do not match an account") // the same words as a wrong password
	_, _, form = fetch(t, c, http.MethodGet, ts.URL+"/login", nil)
	token = csrfInput.FindStringSubmatch(form)[1]
	_, h, _ := fetch(t, c, http.MethodPost, ts.URL+"/login", url.Values{
		"csrf_token": {token}, "name": {"quality"}, "password": {testPassword}, "next": {"//evil.example/"}})
	if h.Get("Location") != "/" {
		t.Errorf("next=//evil.example/ redirected to %q, want /", h.Get("Location"))
	}
}

func TestAddAccountRules(t *testing.T) {
	db := openDB(t)
	for _, spec := range []dashboard.AccountSpec{
		{Name: "Bad Name", Role: dashboard.RoleExecutive, Password: testPassword},
		{Name: "ok", Role: "superuser", Password: testPassword},
		{Name: "short", Role: dashboard.RoleExecutive, Password: "short"},
	} {
		if err := dashboard.AddAccount(t.Context(), db, spec); err == nil {
			t.Errorf("AddAccount(%+v) accepted", spec.Name)
		}
	}
	spec := dashboard.AccountSpec{Name: "dana", Role: dashboard.RoleExecutive, Password: testPassword}
	if err := dashboard.AddAccount(t.Context(), db, spec); err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := db.SQL().QueryRowContext(t.Context(), `select password_hash from meta.account where name = 'dana'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, testPassword) || !strings.HasPrefix(hash, "pbkdf2-sha256$600000$") {
		t.Errorf("stored password hash %q", hash)
	}
}
