package dashboard_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"populace/dashboard"
)

// TestBrowserQuality signs in as the executive and as the quality manager in headless
// Chromium: what each can and cannot see, a goal edited through the form, and a CSV export
// downloaded from the patient list's link.
func TestBrowserQuality(t *testing.T) {
	db := openDB(t)
	seed(t, db)
	seedQuality(t, db)
	ts := newServer(t, db)
	b := newBrowser(t)
	signInAs := func(role dashboard.Role) {
		t.Helper()
		b.open(ts.URL + "/login")
		b.submit("form[action='/login']", map[string]string{"name": testAccounts[role], "password": testPassword})
		if got := b.evalString(`location.pathname`); got != "/" {
			t.Fatalf("after signing in as %s the browser is at %s", role, got)
		}
	}
	signOut := func() {
		b.open(ts.URL + "/")
		b.submit("form[action='/logout']", nil)
	}
	clean := func(t *testing.T, page string) {
		t.Helper()
		for _, line := range b.consoleErrors() {
			t.Errorf("%s: browser console: %s", page, line)
		}
	}
	status := func(path string) string {
		return string(b.eval(`fetch(` + quoteJS(path) + `).then(r => String(r.status))`))
	}

	t.Run("executive", func(t *testing.T) {
		signInAs(dashboard.RoleExecutive)
		b.waitFor(`document.querySelectorAll("div.chart canvas").length > 1`)
		clean(t, "overview")
		text := b.text()
		mustContain(t, "executive's overview", text, "People in a measure", "Measures meeting goal",
			"What changed since the last period", "Practices compared", bigPracticeName, smallPracticeNam,
			"Each measure against its goal")
		mustNotContain(t, "executive's overview", text, percent(stratumRate(8, 0, 3)), "Care gaps")
		if n := string(b.eval(`document.querySelectorAll("#goal-cms122-0 canvas, #goal-cms165-0 canvas").length`)); n != "2" {
			t.Errorf("goal charts drawn: %s, want 2", n)
		}

		b.open(ts.URL + "/measures/CMS122")
		clean(t, "measure page")
		mustNotContain(t, "executive's measure page", b.html(), "/patients?", "measurereport", "patients.csv", "/goal\"")
		mustContain(t, "executive's measure page", b.text(), "By practice", bigPracticeName)

		b.open(ts.URL + "/measures/CMS122/patients?population=not-met")
		mustContain(t, "executive opening a patient list", b.text(), "Your role does not give access")
		for _, path := range []string{"/measures/CMS122/patients.csv?population=not-met", "/measures/CMS122/measurereport.json", "/measures/CMS122/goal"} {
			if got := status(path); got != `"403"` {
				t.Errorf("executive fetching %s: status %s, want 403", path, got)
			}
		}
		b.consoleErrors() // the 403 page logs its own status
		signOut()
	})

	t.Run("quality manager", func(t *testing.T) {
		signInAs(dashboard.RoleQualityManager)
		b.waitFor(`document.querySelector("div.chart canvas")`)
		clean(t, "overview")
		mustContain(t, "quality manager's overview", b.text(), percent(stratumRate(8, 0, 3)))

		// Edit the goal through the form, with the keyboard-reachable, labelled input.
		b.open(ts.URL + "/measures")
		b.open(ts.URL + b.evalString(`document.querySelector("#row-CMS122-0 a.edit").getAttribute("href")`))
		if label := b.evalString(`document.querySelector("label[for=goal-0]").textContent`); !strings.Contains(label, "CMS122") {
			t.Errorf("goal input label %q", label)
		}
		b.submit("form.goal", map[string]string{"goal-0": "12.5"})
		if got := b.evalString(`location.pathname + location.search`); got != "/measures/CMS122?goal=saved" {
			t.Fatalf("after saving the goal the browser is at %s", got)
		}
		clean(t, "measure page after saving")
		mustContain(t, "measure page after saving", b.text(), "The goal was saved.", "goal 12.5%")
		var detail string
		if err := db.SQL().QueryRowContext(t.Context(), `select detail from meta.audit_log where object = 'measure_goal'`).Scan(&detail); err != nil {
			t.Fatalf("goal edit not audited: %v", err)
		}

		// Open the not-met list from the measure page, then download its CSV through the link.
		b.open(ts.URL + b.evalString(`document.querySelector("a[href*='population=not-met']").getAttribute("href")`))
		clean(t, "patient list")
		mustContain(t, "patient list", b.text(), "Not met", "pat-15")
		href := b.evalString(`document.getElementById("csv-export").getAttribute("href")`)
		// One fetch in the page, with the session cookie, as the link's download would.
		got := b.evalString(`fetch(document.getElementById("csv-export").href).then(async r => r.headers.get("content-type") + "\n" + await r.text())`)
		contentType, csvText, _ := strings.Cut(got, "\n")
		if contentType != "text/csv; charset=utf-8" {
			t.Errorf("CSV content type %q", contentType)
		}
		records, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
		if err != nil {
			t.Fatalf("downloaded CSV: %v", err)
		}
		if len(records) != qualityNotMet+1 || records[0][0] != "person_id" {
			t.Errorf("downloaded CSV has %d lines, header %v; want %d rows", len(records), records[0], qualityNotMet)
		}
		var n int
		if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.audit_log
			where actor = 'quality' and action = 'export' and object = 'measure_patients_csv'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("CSV exports audited: %d (%v), want 1 for %s", n, err, href)
		}
		signOut()
	})
}

func quoteJS(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
