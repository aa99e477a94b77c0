package dashboard_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"populace/dashboard"
)

// Who may open the quality pages, patient lists, exports and the goal form.
func TestQualityPagesByRole(t *testing.T) {
	_, ts := qualityServer(t)
	ok, forbidden := http.StatusOK, http.StatusForbidden
	patientLevel := []string{
		"/measures/CMS122/patients?population=not-met",
		"/measures/CMS122/patients.csv?population=not-met",
		"/measures/CMS122/measurereport.json",
		"/measures/CMS122/measurereports.zip",
		"/measures/CMS122/measurereports.ndjson",
		"/measures/CMS122/goal",
	}
	aggregates := []string{"/", "/measures", "/measures/CMS122", "/scorecard", "/scorecard?org=" + url.QueryEscape(bigPractice)}
	want := map[dashboard.Role]int{
		dashboard.RoleExecutive:       forbidden,
		dashboard.RoleQualityManager:  ok,
		dashboard.RoleCareCoordinator: forbidden,
		dashboard.RoleAdministrator:   forbidden,
	}
	for _, role := range dashboard.Roles {
		for _, path := range aggregates {
			t.Run(string(role)+" "+path, func(t *testing.T) {
				status, h, body := getAs(t, ts, role, path)
				if status != ok {
					t.Fatalf("status %d, want 200", status)
				}
				checkSelfContained(t, path, h, body)
				mustContain(t, path, body, "compute run 2", "2025-01-01", "Data last loaded")
			})
		}
		for _, path := range patientLevel {
			t.Run(string(role)+" "+path, func(t *testing.T) {
				status, _, body := getAs(t, ts, role, path)
				if status != want[role] {
					t.Fatalf("status %d, want %d", status, want[role])
				}
				if status == forbidden {
					mustContain(t, "403 page", body, "Your role does not give access")
					mustNotContain(t, "403 page", body, qualityPerson(20), "pat-20", "MeasureReport")
				}
			})
		}
	}
}

func TestExecutiveOverview(t *testing.T) {
	_, ts := qualityServer(t)
	_, _, exec := getAs(t, ts, dashboard.RoleExecutive, "/")
	_, _, qm := getAs(t, ts, dashboard.RoleQualityManager, "/")
	for who, body := range map[string]string{"executive": exec, "quality manager": qm} {
		kpis := section(t, body, `<dl class="kpis">`, "</dl>")
		mustContain(t, who+" KPIs", kpis,
			fmt.Sprintf(`<dd>%d</dd>`, qualityPeople), `<dd>2</dd>`, // people, data providers
			`<dd>3</dd>`,      // practices
			"<dd>0 of 2</dd>") // seeded rates: CMS122 15.9% vs 15% ceiling misses; CMS165 66.0% vs 70% misses
		// What changed: the latest rate against the 12 months ending a month earlier.
		row := section(t, body, `id="change-CMS122-0"`, "</tr>")
		now, prev := latestSummaries[0].rate(), monthlyRate("CMS122", latestRun, 22)
		mustContain(t, who+" change row", row, percent(prev), percent(now),
			signedPoints((now-prev)*100), "12 months ending 2025-11-30")
		// Each measure against its goal, drawn small, after the chart of all measures.
		mustContain(t, who+" overview", body, `id="goal-cms122-0"`, `id="goal-cms165-0"`, "Each measure against its goal")
		// Practices compared.
		practices := section(t, body, `<table class="practices">`, "</table>")
		mustContain(t, who+" practices", practices, bigPracticeName, smallPracticeNam,
			percent(stratumRate(200, 12, 40)), percent(stratumRate(500, 20, 300)),
			`href="/scorecard?org=northside%2forg-1"`)
	}
	small := percent(stratumRate(8, 0, 3))
	complement := percent(stratumRate(60, 0, 20))
	mustContain(t, "quality manager's practices", qm, small, complement)
	mustNotContain(t, "executive's overview", exec, small, complement)
	mustNotContain(t, "executive's overview", exec, `href="/gaps`)
}

// Every aggregate an executive sees hides cells of 1 to 10 people and rates that reveal them.
func TestExecutiveSuppressionOnEveryAggregatePage(t *testing.T) {
	db, ts := qualityServer(t)
	// A network-level small cell too: 4 exclusions of CMS165.
	mustExec(t, db, `update measures.summary_history set denominator_exclusion = 4
		where run_id = 2 and period_key = 'primary' and measure = 'CMS165'`)
	smallRate := percent(stratumRate(8, 0, 3))
	femaleRate := percent(stratumRate(7, 0, 2))
	pages := []string{"/", "/measures", "/measures/CMS122", "/measures/CMS165", "/scorecard?org=" + url.QueryEscape(smallPractice)}
	for _, path := range pages {
		t.Run(path, func(t *testing.T) {
			_, _, exec := getAs(t, ts, dashboard.RoleExecutive, path)
			_, _, qm := getAs(t, ts, dashboard.RoleQualityManager, path)
			mustNotContain(t, "executive's "+path, exec, smallRate, femaleRate, ">4<", ">8<", ">7<", "<td class=\"num\">3<")
			switch path {
			case "/measures", "/measures/CMS165":
				mustContain(t, "executive's "+path, exec, "&lt;11")
				mustContain(t, "quality manager's "+path, qm, ">4<")
			case "/measures/CMS122":
				// The small practice and sex cells, and their complements (the next smallest
				// stratum), which would give them away by subtraction from the total.
				mustContain(t, "executive's "+path, exec, "&lt;11", ">hidden<")
				mustNotContain(t, "executive's "+path, exec, ">391<", ">60<", percent(stratumRate(60, 0, 20)), percent(stratumRate(391, 23, 59)))
				mustContain(t, "quality manager's "+path, qm, smallRate, femaleRate, ">8<", ">7<", ">391<", ">60<")
				// A small complement: 5 of 47 not met. Rate and numerator are hidden.
				race := section(t, exec, `id="strata-0-race"`, "</details>")
				mustContain(t, "executive's race table", race, "White", ">47<", ">hidden<")
				mustNotContain(t, "executive's race table", race, ">42<", percent(42.0/47))
				mustContain(t, "quality manager's race table", section(t, qm, `id="strata-0-race"`, "</details>"), ">42<", percent(42.0/47))
				mustNotContain(t, "quality manager's "+path, qm, ">hidden<")
			case "/scorecard?org=lakeview%2Forg-9":
				mustContain(t, "executive's "+path, exec, "&lt;11", smallPracticeNam)
				mustContain(t, "quality manager's "+path, qm, smallRate, ">8<")
			}
		})
	}
}

func TestMeasureTable(t *testing.T) {
	db, ts := qualityServer(t)
	var groups int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from measures.catalog`).Scan(&groups); err != nil {
		t.Fatal(err)
	}
	_, h, body := getAs(t, ts, dashboard.RoleQualityManager, "/measures")
	checkSelfContained(t, "/measures", h, body)
	if got := strings.Count(body, `<tr id="row-`); got != groups {
		t.Errorf("measure table has %d rows, want every catalog group (%d)", got, groups)
	}
	for _, s := range latestSummaries {
		row := section(t, body, `id="row-`+s.measure+`-0"`, "</tr>")
		prev := monthlyRate(s.measure, latestRun, 22)
		mustContain(t, s.measure+" row", row, percent(s.rate()), fmt.Sprintf(">%s<", commas(s.numer)),
			fmt.Sprintf(">%s<", commas(s.denominator)), fmt.Sprintf(">%s<", commas(s.excluded)),
			signedPoints((s.rate()-prev)*100), `href="/measures/`+s.measure+`/goal"`)
	}
	mustContain(t, "CMS122 row", section(t, body, `id="row-CMS122-0"`, "</tr>"), "15.0%", "lower is better")
	mustContain(t, "a measure without results", section(t, body, `id="row-CMS347-0"`, "</tr>"), "no result in this run")
	_, _, exec := getAs(t, ts, dashboard.RoleExecutive, "/measures")
	mustNotContain(t, "executive's measure table", exec, "/goal\"")
}

func TestMeasurePageBreakdowns(t *testing.T) {
	_, ts := qualityServer(t)
	_, _, qm := getAs(t, ts, dashboard.RoleQualityManager, "/measures/CMS122")
	for _, code := range []string{"organization", "practitioner", "age_band", "sex", "race", "ethnicity", "payer_type"} {
		mustContain(t, "measure page", qm, `id="strata-0-`+code+`"`)
	}
	org := section(t, qm, `id="strata-0-organization"`, "</details>")
	mustContain(t, "by practice", org, bigPracticeName, percent(stratumRate(200, 12, 40)), ">200<", ">40<")
	mustContain(t, "by age band", section(t, qm, `id="strata-0-age_band"`, "</details>"), "45-64", percent(stratumRate(150, 5, 30)))
	mustContain(t, "by race", section(t, qm, `id="strata-0-race"`, "</details>"), "White", percent(42.0/47))
	mustContain(t, "by payer", section(t, qm, `id="strata-0-payer_type"`, "</details>"), "No strata for this group")
	mustContain(t, "measure page", qm, "last 24 months",
		`href="/measures/CMS122/patients?group=0&amp;population=not-met"`,
		`href="/measures/CMS122/patients?group=0&amp;population=denominator-exclusion"`,
		`href="/measures/CMS122/measurereport.json"`, `href="/measures/CMS122/goal"`)
	_, _, exec := getAs(t, ts, dashboard.RoleExecutive, "/measures/CMS122")
	mustNotContain(t, "executive's measure page", exec, "/patients?", "measurereport", "/goal\"", `href="/gaps`)
	mustContain(t, "executive's measure page", exec, bigPracticeName, percent(stratumRate(200, 12, 40)))
}

func TestPatientLists(t *testing.T) {
	db, ts := qualityServer(t)
	audits := func(object string) int {
		t.Helper()
		var n int
		if err := db.SQL().QueryRowContext(t.Context(),
			`select count(*) from meta.audit_log where actor = 'quality' and object = ?`, object).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		population string
		want       int
		shows      []string
	}{
		{"initial-population", qualityPeople, nil},
		{"denominator", qualityPeople, nil},
		{"denominator-exclusion", qualityExcluded, []string{exclusionReason, qualityPerson(0), "DENEX"}},
		{"numerator", qualityNumerator, []string{evidenceDisplay + " [4548-4] = 9.8 % on 2025-06-01", "9.8 %", "2025-06-01"}},
		{"not-met", qualityNotMet, []string{qualityPerson(15), "pat-29"}},
	}
	for _, tt := range tests {
		t.Run(tt.population, func(t *testing.T) {
			before := audits("measure_patients")
			path := "/measures/CMS122/patients?group=0&population=" + tt.population
			status, h, body := get(t, ts, path)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			checkSelfContained(t, path, h, body)
			if got := strings.Count(body, `<td class="id">qp-`); got != tt.want {
				t.Errorf("%d people listed, want %d", got, tt.want)
			}
			mustContain(t, path, body, "version 0.1.002", "measurement period 2025-01-01 to 2025-12-31",
				fmt.Sprintf("%d patients", tt.want), "page 1 of 1", "Export all")
			mustContain(t, path, body, tt.shows...)
			if got := audits("measure_patients"); got != before+1 {
				t.Errorf("audit rows %d -> %d, want one more", before, got)
			}
		})
	}
	t.Run("empty population", func(t *testing.T) {
		_, _, body := get(t, ts, "/measures/CMS122/patients?population=denominator-exception")
		mustContain(t, "exceptions", body, "Nobody in this population")
	})
	for path, want := range map[string]int{
		"/measures/CMS122/patients?population=everyone":        http.StatusBadRequest,
		"/measures/CMS122/patients?group=3":                    http.StatusNotFound,
		"/measures/CMS999/patients":                            http.StatusNotFound,
		"/measures/CMS122/patients?population=not-met&page=2":  http.StatusNotFound,
		"/measures/CMS122/patients?population=not-met&page=no": http.StatusBadRequest,
	} {
		if status, _, _ := get(t, ts, path); status != want {
			t.Errorf("%s: status %d, want %d", path, status, want)
		}
	}
}

func TestPatientCSVExport(t *testing.T) {
	db, ts := qualityServer(t)
	status, h, body := get(t, ts, "/measures/CMS122/patients.csv?group=0&population=not-met")
	if status != http.StatusOK {
		t.Fatalf("status %d\n%s", status, body)
	}
	if ct := h.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename="cms122-group1-not-met-run2.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v", err)
	}
	wantHeader := "person_id,provider,patient_id,measure,measure_version,group_index,period_start,period_end," +
		"initial_population,denominator,denominator_exclusion,denominator_exception,numerator,exclusion_reason," +
		"evidence_date,evidence_code,evidence_value,evidence"
	if got := strings.Join(records[0], ","); got != wantHeader {
		t.Errorf("header\n got %s\nwant %s", got, wantHeader)
	}
	if got := len(records) - 1; got != qualityNotMet {
		t.Errorf("%d rows, want %d", got, qualityNotMet)
	}
	for _, rec := range records[1:] {
		if rec[3] != "CMS122" || rec[4] != "0.1.002" || rec[8] != "1" || rec[9] != "1" || rec[10] != "0" || rec[12] != "0" {
			t.Errorf("not-met row %v", rec)
		}
	}
	var actor, detail string
	if err := db.SQL().QueryRowContext(t.Context(), `select actor, detail from meta.audit_log
		where action = 'export' and object = 'measure_patients_csv'`).Scan(&actor, &detail); err != nil {
		t.Fatalf("no audit record of the export: %v", err)
	}
	if actor != "quality" || detail != "measure=CMS122 group=0 population=not-met run=2" {
		t.Errorf("audit record %q %q", actor, detail)
	}
}

func TestMeasureReportDownloads(t *testing.T) {
	db, ts := qualityServer(t)
	status, h, body := get(t, ts, "/measures/CMS122/measurereport.json")
	if status != http.StatusOK {
		t.Fatalf("summary: status %d\n%s", status, body)
	}
	if ct := h.Get("Content-Type"); ct != "application/fhir+json" {
		t.Errorf("Content-Type %q", ct)
	}
	var report struct {
		ResourceType, Type, Measure string
		Group                       []struct {
			Population []struct {
				Code  struct{ Coding []struct{ Code string } }
				Count int64
			}
			Stratifier []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(body), &report); err != nil {
		t.Fatalf("summary MeasureReport is not JSON: %v", err)
	}
	if report.ResourceType != "MeasureReport" || report.Type != "summary" || !strings.HasSuffix(report.Measure, "|0.1.002") || len(report.Group) != 1 {
		t.Fatalf("summary report %+v", report)
	}
	counts := map[string]int64{}
	for _, p := range report.Group[0].Population {
		counts[p.Code.Coding[0].Code] = p.Count
	}
	if s := latestSummaries[0]; counts["denominator"] != s.denominator || counts["numerator"] != s.numer {
		t.Errorf("summary counts %v, want the run's %+v", counts, s)
	}

	status, _, body = get(t, ts, "/measures/CMS122/measurereports.zip")
	if status != http.StatusOK {
		t.Fatalf("zip: status %d", status)
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	var individual int
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "individual/") {
			individual++
		}
	}
	if individual != qualityPeople {
		t.Errorf("zip holds %d individual reports, want %d", individual, qualityPeople)
	}

	status, _, body = get(t, ts, "/measures/CMS122/measurereports.ndjson")
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	if status != http.StatusOK || len(lines) != qualityPeople {
		t.Fatalf("ndjson: status %d, %d lines", status, len(lines))
	}
	for _, line := range lines {
		var r struct{ ResourceType, Type string }
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.ResourceType != "MeasureReport" || r.Type != "individual" {
			t.Fatalf("ndjson line %q: %v", line, err)
		}
	}
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.audit_log
		where actor = 'quality' and action = 'export' and object like 'measurereport%' and detail = 'measure=CMS122 run=2'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("%d audited MeasureReport exports, want 3", n)
	}
}

func TestScorecard(t *testing.T) {
	_, ts := qualityServer(t)
	_, _, body := get(t, ts, "/scorecard")
	mustContain(t, "scorecard picker", body, `<label for="org">Practice</label>`, bigPracticeName, smallPracticeNam, "Choose a practice")
	_, _, body = get(t, ts, "/scorecard?org="+url.QueryEscape(bigPractice))
	row := section(t, body, `id="score-CMS122-0"`, "</tr>")
	practice, network := stratumRate(200, 12, 40), latestSummaries[0].rate()
	mustContain(t, "CMS122 scorecard row", row, percent(practice), percent(network), "15.0%", "0.1.002",
		signedPoints((practice-network)*100), "misses goal") // 21.1% against a 15% ceiling
	mustContain(t, "CMS347 scorecard row", section(t, body, `id="score-CMS347-0"`, "</tr>"), "nobody at this practice")
	if status, _, _ := get(t, ts, "/scorecard?org=nowhere"); status != http.StatusNotFound {
		t.Errorf("unknown practice: status %d, want 404", status)
	}
}

func TestGoalEdit(t *testing.T) {
	db, ts := qualityServer(t)
	goal := func() string {
		_, _, body := get(t, ts, "/measures/CMS122")
		return section(t, body, "performance rate (goal", ")")
	}
	if g := goal(); !strings.Contains(g, "15.0%") {
		t.Fatalf("seeded goal %q", g)
	}
	post := func(role dashboard.Role, token string, value string) (int, http.Header, string) {
		t.Helper()
		c := signIn(t, ts, testAccounts[role])
		if token == "" {
			_, _, page := fetch(t, c, http.MethodGet, ts.URL+"/", nil)
			token = csrfInput.FindStringSubmatch(page)[1]
		}
		return fetch(t, c, http.MethodPost, ts.URL+"/measures/CMS122/goal", url.Values{"csrf_token": {token}, "goal-0": {value}})
	}
	t.Run("form", func(t *testing.T) {
		status, h, body := get(t, ts, "/measures/CMS122/goal")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		checkSelfContained(t, "goal form", h, body)
		mustContain(t, "goal form", body, `<label for="goal-0">`, `id="goal-0" name="goal-0"`, `value="15"`,
			`name="csrf_token"`, "lower is better", "version 0.1.002")
	})
	t.Run("without CSRF token", func(t *testing.T) {
		if status, _, _ := post(dashboard.RoleQualityManager, "forged", "20"); status != http.StatusForbidden {
			t.Errorf("status %d, want 403", status)
		}
	})
	t.Run("care coordinator", func(t *testing.T) {
		if status, _, _ := post(dashboard.RoleCareCoordinator, "", "20"); status != http.StatusForbidden {
			t.Errorf("status %d, want 403", status)
		}
	})
	t.Run("executive", func(t *testing.T) {
		if status, _, _ := post(dashboard.RoleExecutive, "", "20"); status != http.StatusForbidden {
			t.Errorf("status %d, want 403", status)
		}
	})
	if g := goal(); !strings.Contains(g, "15.0%") {
		t.Fatalf("refused posts changed the goal: %q", g)
	}
	t.Run("out of range", func(t *testing.T) {
		status, _, body := post(dashboard.RoleQualityManager, "", "150")
		if status != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", status)
		}
		mustContain(t, "refused form", body, "must be a number from 0 to 100", `value="150"`, `role="alert"`)
	})
	t.Run("saved and audited", func(t *testing.T) {
		status, h, _ := post(dashboard.RoleQualityManager, "", "20")
		if status != http.StatusSeeOther || h.Get("Location") != "/measures/CMS122?goal=saved" {
			t.Fatalf("status %d, location %q", status, h.Get("Location"))
		}
		if g := goal(); !strings.Contains(g, "20.0%") {
			t.Errorf("goal after saving: %q", g)
		}
		var setBy, detail string
		var rate float64
		if err := db.SQL().QueryRowContext(t.Context(), `select set_by, goal_rate from measures.goal_history
			where measure = 'CMS122' and group_index = 0`).Scan(&setBy, &rate); err != nil {
			t.Fatal(err)
		}
		if setBy != "quality" || rate != 0.2 {
			t.Errorf("goal history: %s %v", setBy, rate)
		}
		if err := db.SQL().QueryRowContext(t.Context(), `select detail from meta.audit_log
			where actor = 'quality' and action = 'edit' and object = 'measure_goal'`).Scan(&detail); err != nil {
			t.Fatalf("no audit record: %v", err)
		}
		if detail != "measure=CMS122 group=0 goal=20.0% previous=15.0%" {
			t.Errorf("audit detail %q", detail)
		}
		// Saving the same goal again records nothing.
		post(dashboard.RoleQualityManager, "", "20")
		var n int
		db.SQL().QueryRowContext(t.Context(), `select count(*) from measures.goal_history`).Scan(&n)
		if n != 1 {
			t.Errorf("%d goal rows after an unchanged save, want 1", n)
		}
	})
}

// signedPoints is a change in percentage points as the pages show it (html/template writes
// a plus sign as &#43;).
func signedPoints(d float64) string {
	return strings.Replace(fmt.Sprintf("%+.1f pts", d), "+", "&#43;", 1)
}

// Before the first compute every quality page says what to do; nothing is exported or audited.
func TestQualityPagesOnEmptyWarehouse(t *testing.T) {
	db := openDB(t)
	ts := newServer(t, db)
	for _, path := range []string{"/measures", "/scorecard", "/measures/CMS122/patients?population=not-met", "/measures/CMS122"} {
		t.Run(path, func(t *testing.T) {
			status, h, body := get(t, ts, path)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			checkSelfContained(t, path, h, body)
			mustContain(t, path, body, "No results yet: run <code>populace compute --period 2025</code>", "No compute run has succeeded yet")
			mustNotContain(t, path, body, "data-echarts-option", "Export all")
		})
	}
	_, _, body := get(t, ts, "/measures/CMS122/goal")
	mustContain(t, "goal form before any run", body, `id="goal-0"`, `value="15"`)
	for _, path := range []string{"/measures/CMS122/patients.csv?population=not-met", "/measures/CMS122/measurereport.json"} {
		status, _, body := get(t, ts, path)
		if status != http.StatusNotFound {
			t.Errorf("%s before any run: status %d, want 404", path, status)
		}
		mustContain(t, path, body, "run populace compute first")
	}
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(*) from meta.audit_log`).Scan(&n); err != nil || n != 0 {
		t.Errorf("audit rows %d (%v), want none: nothing was shown or exported", n, err)
	}
}
