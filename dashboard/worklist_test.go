package dashboard_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"populace/dashboard"
)

var (
	personLink = regexp.MustCompile(`href="/people/([0-9a-f]+)"`)
	gapLink    = regexp.MustCompile(`href="/worklist/([0-9a-f]{32})"`)
)

// TestCoordinatorPages works the care coordinator's pages over a real computed network: the
// worklist, its filters and export, a gap's workflow forms, registries and the patient page,
// each for the roles that may and may not see them.
func TestCoordinatorPages(t *testing.T) {
	db, provs := computedWarehouse(t, "", 150)
	if len(provs) < 2 {
		t.Fatalf("network has %d providers", len(provs))
	}
	ts := newServer(t, db) // the coordinator works "northside" only: give them provs[0]
	mustExec(t, db, `delete from meta.account_provider where account = 'coordinator'`)
	mustExec(t, db, `insert into meta.account_provider values ('coordinator', ?)`, provs[0])
	as := clients(t, ts)
	getAs := func(t *testing.T, _ any, role dashboard.Role, path string) (int, http.Header, string) {
		t.Helper()
		return fetch(t, as[role], http.MethodGet, ts.URL+path, nil)
	}

	var inScope, outScope int
	if err := db.SQL().QueryRowContext(t.Context(), `select
		count(*) filter (where coalesce(attributed_provider, provider) = ?),
		count(*) filter (where coalesce(attributed_provider, provider) <> ?)
		from gaps.care_gap`, provs[0], provs[0]).Scan(&inScope, &outScope); err != nil {
		t.Fatal(err)
	}
	if inScope == 0 || outScope == 0 {
		t.Fatalf("fixture needs gaps in and out of scope: %d, %d", inScope, outScope)
	}

	t.Run("roles", func(t *testing.T) {
		for _, tt := range []struct {
			role dashboard.Role
			path string
			want int
		}{
			{dashboard.RoleCareCoordinator, "/worklist?status=all", http.StatusOK},
			{dashboard.RoleQualityManager, "/worklist?status=all", http.StatusOK},
			{dashboard.RoleExecutive, "/worklist", http.StatusForbidden},
			{dashboard.RoleAdministrator, "/worklist", http.StatusForbidden},
			{dashboard.RoleExecutive, "/worklist.csv", http.StatusForbidden},
			{dashboard.RoleCareCoordinator, "/registries", http.StatusOK},
			{dashboard.RoleCareCoordinator, "/registries/diabetes", http.StatusOK},
			{dashboard.RoleExecutive, "/registries", http.StatusForbidden},
			{dashboard.RoleExecutive, "/admin", http.StatusForbidden},
			{dashboard.RoleQualityManager, "/admin", http.StatusForbidden},
			{dashboard.RoleCareCoordinator, "/admin/users", http.StatusForbidden},
			{dashboard.RoleQualityManager, "/admin/audit", http.StatusForbidden},
			{dashboard.RoleAdministrator, "/admin", http.StatusOK},
			{dashboard.RoleAdministrator, "/admin/runs", http.StatusOK},
			{dashboard.RoleAdministrator, "/admin/jobs", http.StatusOK},
			{dashboard.RoleAdministrator, "/admin/users", http.StatusOK},
			{dashboard.RoleAdministrator, "/admin/audit", http.StatusOK},
		} {
			t.Run(string(tt.role)+" "+tt.path, func(t *testing.T) {
				status, h, body := getAs(t, ts, tt.role, tt.path)
				if status != tt.want {
					t.Fatalf("status %d, want %d", status, tt.want)
				}
				if tt.want == http.StatusOK {
					checkSelfContained(t, tt.path, h, body)
				}
			})
		}
	})

	t.Run("coordinator sees only assigned providers", func(t *testing.T) {
		_, _, body := getAs(t, ts, dashboard.RoleCareCoordinator, "/worklist?status=all")
		mustContain(t, "coordinator's worklist", body, commas(int64(inScope))+" gaps")
		for _, p := range provs[1:] {
			mustNotContain(t, "coordinator's worklist", body, "<td>"+p+"<br>", "<td>"+p+"</td>")
		}
		_, _, body = getAs(t, ts, dashboard.RoleQualityManager, "/worklist?status=all")
		mustContain(t, "quality manager's worklist", body, commas(int64(inScope+outScope))+" gaps")
		// No identifier in any link: people and gaps by opaque ids only.
		for _, m := range regexp.MustCompile(`href="([^"]+)"`).FindAllStringSubmatch(body, -1) {
			if strings.Contains(m[1], "p:") || strings.Contains(m[1], "t:") || strings.Contains(m[1], "%7C") || strings.Contains(m[1], "|") {
				t.Errorf("link %q carries an identifier", m[1])
			}
		}
	})

	t.Run("coordinator cannot open another provider's patient or gap", func(t *testing.T) {
		_, _, qm := getAs(t, ts, dashboard.RoleQualityManager, "/worklist?status=all&provider="+url.QueryEscape(provs[1]))
		p := personLink.FindStringSubmatch(qm)
		g := gapLink.FindStringSubmatch(qm)
		if p == nil || g == nil {
			t.Fatal("quality manager's worklist of another provider links no person or gap")
		}
		if status, _, _ := getAs(t, ts, dashboard.RoleQualityManager, "/people/"+p[1]); status != http.StatusOK {
			t.Fatalf("quality manager opening a person: %d", status)
		}
		// The person might also hold a record at the coordinator's provider; pick one who does not.
		var onlyOther string
		for _, m := range personLink.FindAllStringSubmatch(qm, -1) {
			_, _, page := getAs(t, ts, dashboard.RoleQualityManager, "/people/"+m[1])
			if !strings.Contains(section(t, page, "Records from", "</p>"), provs[0]+" ") {
				onlyOther = m[1]
				break
			}
		}
		if onlyOther != "" {
			if status, _, body := getAs(t, ts, dashboard.RoleCareCoordinator, "/people/"+onlyOther); status != http.StatusNotFound {
				t.Errorf("coordinator opened another provider's patient: status %d", status)
			} else {
				mustNotContain(t, "404", body, "Timeline")
			}
		}
		if status, _, _ := getAs(t, ts, dashboard.RoleCareCoordinator, "/worklist/"+g[1]); status != http.StatusNotFound {
			t.Errorf("coordinator opened another provider's gap: status %d", status)
		}
		if status, _, _ := getAs(t, ts, dashboard.RoleCareCoordinator, "/people/not-an-id"); status != http.StatusNotFound {
			t.Errorf("a malformed person id: status %d", status)
		}
	})

	t.Run("patient page shows the record across providers", func(t *testing.T) {
		_, _, wl := getAs(t, ts, dashboard.RoleCareCoordinator, "/worklist?status=all")
		p := personLink.FindStringSubmatch(wl)
		if p == nil {
			t.Fatal("worklist links no person")
		}
		status, h, body := getAs(t, ts, dashboard.RoleCareCoordinator, "/people/"+p[1])
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		checkSelfContained(t, "/people/", h, body)
		mustContain(t, "patient page", body, "Timeline across providers", "Open care gaps", "Registries", `id="timeline"`, "Source provider")
		var audited int
		db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.audit_log where actor = 'coordinator' and object = 'person' and detail = ?`, "person "+p[1]).Scan(&audited)
		if audited == 0 {
			t.Error("the patient page view was not audit-logged")
		}
	})

	t.Run("export streams every filtered gap and is audited", func(t *testing.T) {
		status, h, body := getAs(t, ts, dashboard.RoleCareCoordinator, "/worklist.csv?status=all")
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d, type %q", status, h.Get("Content-Type"))
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs)-1 != inScope {
			t.Errorf("export has %d rows, want %d", len(recs)-1, inScope)
		}
		for _, r := range recs[1:] {
			if r[1] != provs[0] {
				t.Errorf("exported a gap of provider %s", r[1])
			}
		}
		var audited int
		db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.audit_log where actor = 'coordinator' and action = 'export' and object = 'worklist_csv'`).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d export audit records, want 1", audited)
		}
	})

	t.Run("workflow posts need CSRF and the coordinator role", func(t *testing.T) {
		c := as[dashboard.RoleCareCoordinator]
		_, _, wl := fetch(t, c, http.MethodGet, ts.URL+"/worklist?status=all", nil)
		g := gapLink.FindStringSubmatch(wl)
		token := csrfInput.FindStringSubmatch(wl)[1]
		if g == nil {
			t.Fatal("no gap on the coordinator's worklist")
		}
		status, _, _ := fetch(t, c, http.MethodPost, ts.URL+"/worklist/"+g[1]+"/note", url.Values{"csrf_token": {"forged"}, "note": {"x"}})
		if status != http.StatusForbidden {
			t.Errorf("note with a forged token: status %d", status)
		}
		qm := as[dashboard.RoleQualityManager]
		_, _, qmPage := fetch(t, qm, http.MethodGet, ts.URL+"/worklist", nil)
		status, _, _ = fetch(t, qm, http.MethodPost, ts.URL+"/worklist/"+g[1]+"/note", url.Values{"csrf_token": {csrfInput.FindStringSubmatch(qmPage)[1]}, "note": {"x"}})
		if status != http.StatusForbidden {
			t.Errorf("quality manager posting a note: status %d", status)
		}
		status, _, body := fetch(t, c, http.MethodPost, ts.URL+"/worklist/"+g[1]+"/status", url.Values{"csrf_token": {token}, "status": {"not_applicable"}})
		if status != http.StatusBadRequest {
			t.Errorf("not_applicable without a reason: status %d", status)
		}
		mustContain(t, "400", body, "needs a reason")
		status, hd, _ := fetch(t, c, http.MethodPost, ts.URL+"/worklist/"+g[1]+"/status", url.Values{"csrf_token": {token}, "status": {"not_applicable"}, "reason": {"bilateral amputation"}})
		if status != http.StatusSeeOther {
			t.Fatalf("status change: %d", status)
		}
		_, _, page := fetch(t, c, http.MethodGet, ts.URL+hd.Get("Location"), nil)
		mustContain(t, "gap page", page, "Status saved.", "not_applicable (bilateral amputation)")
		// Bulk assignment of two gaps.
		refs := gapLink.FindAllStringSubmatch(wl, 3)
		form := url.Values{"csrf_token": {token}, "assignee": {"coordinator"}, "back": {"/worklist?status=all"}}
		for _, r := range refs[:2] {
			form.Add("gap", r[1])
		}
		if status, _, _ := fetch(t, c, http.MethodPost, ts.URL+"/worklist/assign", form); status != http.StatusSeeOther {
			t.Fatalf("bulk assign: status %d", status)
		}
		_, _, mine := fetch(t, c, http.MethodGet, ts.URL+"/worklist?status=all&assignee=coordinator", nil)
		mustContain(t, "assigned worklist", mine, "2 gaps")
	})

	t.Run("the page and the export keep the same gaps", func(t *testing.T) {
		var source string
		if err := db.SQL().QueryRowContext(t.Context(), `select source from gaps.care_gap group by source order by count(*) desc limit 1`).Scan(&source); err != nil {
			t.Fatal(err)
		}
		countLine := regexp.MustCompile(`id="worklist-count">([0-9,]+) gaps?\.`)
		for _, q := range []string{"status=all", "", "status=scheduled", "status=not_applicable", "overdue=1&status=all",
			"risk=high&status=all", "source=" + source, "provider=" + provs[1], "assignee=coordinator&status=all",
			"source=no_such_measure&status=all", "provider=nowhere&status=all"} {
			for _, role := range []dashboard.Role{dashboard.RoleQualityManager, dashboard.RoleCareCoordinator} {
				_, _, page := getAs(t, ts, role, "/worklist?"+q)
				_, _, export := getAs(t, ts, role, "/worklist.csv?"+q)
				recs, err := csv.NewReader(strings.NewReader(export)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				shown := "0"
				if m := countLine.FindStringSubmatch(page); m != nil {
					shown = strings.ReplaceAll(m[1], ",", "")
				} else if !strings.Contains(page, "No gap matches these filters") {
					t.Errorf("%s %s: the page states no count", role, q)
				}
				if want := strconv.Itoa(len(recs) - 1); shown != want {
					t.Errorf("%s %s: the page counts %s gaps, the export has %s", role, q, shown, want)
				}
			}
		}
	})

	t.Run("registries in scope", func(t *testing.T) {
		var cond string
		var members int
		if err := db.SQL().QueryRowContext(t.Context(), `select condition, count(*) from registries.registry
			where is_in_registry and coalesce(attributed_provider, provider) = ?
			group by condition order by count(*) desc, condition limit 1`, provs[0]).Scan(&cond, &members); err != nil {
			t.Fatal(err)
		}
		_, _, list := getAs(t, ts, dashboard.RoleCareCoordinator, "/registries")
		mustContain(t, "registry list", list, `href="/registries/`+cond+`"`)
		status, h, body := getAs(t, ts, dashboard.RoleCareCoordinator, "/registries/"+cond)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		checkSelfContained(t, "/registries/"+cond, h, body)
		mustContain(t, "registry page", body, commas(int64(members))+" people")
		for _, p := range provs[1:] {
			mustNotContain(t, "registry page", body, "<td>"+p+"<br>", "<td>"+p+"</td>")
		}
		if status, _, _ := getAs(t, ts, dashboard.RoleCareCoordinator, "/registries/no_such_condition"); status != http.StatusNotFound {
			t.Errorf("unknown registry: status %d", status)
		}
	})

	t.Run("admin adds and disables a user", func(t *testing.T) {
		c := as[dashboard.RoleAdministrator]
		_, _, page := fetch(t, c, http.MethodGet, ts.URL+"/admin/users", nil)
		token := csrfInput.FindStringSubmatch(page)[1]
		status, _, _ := fetch(t, c, http.MethodPost, ts.URL+"/admin/users", url.Values{"csrf_token": {token},
			"name": {"casey"}, "role": {"care_coordinator"}, "password": {testPassword}, "providers": {provs[1]}})
		if status != http.StatusSeeOther {
			t.Fatalf("adding a user: status %d", status)
		}
		ownClient(t, ts, "casey")
		status, _, _ = fetch(t, c, http.MethodPost, ts.URL+"/admin/users/disable", url.Values{"csrf_token": {token}, "name": {"casey"}})
		if status != http.StatusSeeOther {
			t.Fatalf("disabling a user: status %d", status)
		}
		_, _, page = fetch(t, c, http.MethodGet, ts.URL+"/admin/users", nil)
		mustContain(t, "users page", section(t, page, ">casey<", "</tr>"), "disabled")
		_, _, audit := fetch(t, c, http.MethodGet, ts.URL+"/admin/audit", nil)
		mustContain(t, "audit log", audit, "disabled casey", "worklist_csv")
	})
}
