package dashboard_test

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"populace/dashboard"
)

// TestBrowserWorksAGap signs in as a care coordinator in headless Chromium and works a gap
// end to end through the forms: assign, note, status; then recomputes the measures on the same
// warehouse and reloads: the workflow state is still there; then exports the worklist as CSV.
// Then the administrator signs in and every admin page renders.
func TestBrowserWorksAGap(t *testing.T) {
	db, provs := computedWarehouse(t, "", 150)
	ts := newServer(t, db)
	mustExec(t, db, `delete from meta.account_provider where account = 'coordinator'`)
	mustExec(t, db, `insert into meta.account_provider values ('coordinator', ?)`, provs[0])
	b := newBrowser(t)
	check := func(t *testing.T, page string) {
		t.Helper()
		if *screenshots != "" {
			b.screenshot(filepath.Join(*screenshots, strings.NewReplacer("/", "_", " ", "_").Replace(page)+".png"))
		}
		for _, line := range b.consoleErrors() {
			t.Errorf("%s: browser console: %s", page, line)
		}
	}

	b.open(ts.URL + "/worklist")
	b.submit("form[action='/login']", map[string]string{"name": testAccounts[dashboard.RoleCareCoordinator], "password": testPassword})
	if got := b.evalString(`location.pathname`); got != "/worklist" {
		t.Fatalf("after signing in the browser is at %s, want the worklist", got)
	}
	check(t, "worklist")
	if b.evalString(`String(document.querySelectorAll("table.worklist tbody tr").length)`) == "0" {
		t.Fatal("the coordinator's worklist is empty")
	}
	// Open the first gap through its link, as a user would.
	b.eval(`window.__populaceOld = true; document.querySelector("table.worklist tbody tr a[href^='/worklist/']").click()`)
	b.waitFor(`!window.__populaceOld && document.readyState === "complete"`)
	gapURL := b.evalString(`location.href`)
	if !strings.Contains(gapURL, "/worklist/") {
		t.Fatalf("clicking a gap opened %s", gapURL)
	}

	b.submit("#form-assign", map[string]string{"assignee": "coordinator"})
	if got := b.evalString(`document.getElementById("gap-assignee").innerText`); got != "coordinator" {
		t.Errorf("after assigning, the gap is assigned to %q", got)
	}
	b.submit("#form-note", map[string]string{"note": "Left a voicemail about the HbA1c test."})
	b.submit("#form-status", map[string]string{"status": "scheduled", "reason": ""})
	check(t, "gap page")
	want := func(t *testing.T, when string) {
		t.Helper()
		text := b.text()
		mustContain(t, "gap page "+when, text, "Left a voicemail about the HbA1c test.", "scheduled")
		if got := b.evalString(`document.getElementById("gap-assignee").innerText`); got != "coordinator" {
			t.Errorf("%s: the gap is assigned to %q", when, got)
		}
		if got := b.evalString(`document.getElementById("gap-status").innerText`); !strings.HasPrefix(got, "scheduled") {
			t.Errorf("%s: status %q", when, got)
		}
	}
	want(t, "after working it")

	// Recompute on the same warehouse: the gap list is rebuilt, the workflow is not.
	recompute(t, db)
	b.open(gapURL)
	want(t, "after a recompute")
	b.open(ts.URL + "/worklist?status=scheduled")
	mustContain(t, "worklist filtered by status", b.text(), "1 gap.")

	// The patient page, from the gap's patient link: no identifier in its address.
	b.open(gapURL)
	b.eval(`window.__populaceOld = true; document.querySelector("#gap-facts a[href^='/people/']").click()`)
	b.waitFor(`!window.__populaceOld && document.readyState === "complete"`)
	if path := b.evalString(`location.pathname`); strings.Contains(path, ":") || strings.Contains(path, provs[0]) {
		t.Errorf("the patient page's address %s carries an identifier", path)
	}
	mustContain(t, "patient page", b.text(), "Timeline across providers", "Open care gaps", "scheduled")
	check(t, "patient page")

	// The export, as the browser downloads it (same session, same origin).
	body := b.evalString(`fetch("/worklist.csv?status=all").then(r => r.text())`)
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("export: %d records, %v", len(recs), err)
	}
	var scheduled int
	for _, r := range recs[1:] {
		if r[1] != provs[0] {
			t.Errorf("the export holds a gap of provider %s", r[1])
		}
		if strings.Join(r, ",") != "" && contains(r, "scheduled") && contains(r, "coordinator") {
			scheduled++
		}
	}
	if scheduled != 1 {
		t.Errorf("the export shows %d scheduled gaps assigned to the coordinator, want 1", scheduled)
	}
	check(t, "export")

	// The administrator.
	b.submit("form[action='/logout']", nil) // from the page shown; sign-out lands on the login form
	b.open(ts.URL + "/admin")
	b.submit("form[action='/login']", map[string]string{"name": testAccounts[dashboard.RoleAdministrator], "password": testPassword})
	for path, heading := range map[string]string{
		"/admin": "Feeds and data quality", "/admin/runs": "Run history", "/admin/jobs": "Jobs",
		"/admin/users": "Users", "/admin/audit": "Audit log",
	} {
		b.open(ts.URL + path)
		if got := b.evalString(`document.querySelector("h1").innerText`); got != heading {
			t.Errorf("%s: heading %q, want %q", path, got, heading)
		}
		check(t, path)
	}
	b.open(ts.URL + "/admin/audit?actor=coordinator")
	mustContain(t, "audit log", b.text(), "worklist_csv", "care_gap", "person")
	b.open(ts.URL + "/admin/runs")
	mustContain(t, "run history", b.text(), "compute", "succeeded")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
