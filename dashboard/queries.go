package dashboard

import (
	"fmt"
	"io/fs"

	populacesql "populace/sql"
)

// queries is the text of every SQL file under sql/dashboard/, loaded once at start-up.
// Values always go in as bind parameters.
type queries struct {
	latestRun       string
	ingestFreshness string
	measureCatalog  string
	measureSummary  string
	measureTrend    string
	careGapReady    string
	careGapCount    string
	careGapPage     string
	auditInsert     string

	accountCount          string
	accountInsert         string
	accountProviderInsert string
	accountUpsert         string
	accountProviderClear  string
	accountLogin          string
	sessionInsert         string
	sessionAccount        string
	sessionDelete         string

	// Executive overview and quality-manager pages (issue 6 items 2 and 3).
	networkKPI     string
	measureChange  string
	stratumSummary string
	patientCount   string
	patientList    string
	goalInsert     string
}

func loadQueries() (queries, error) {
	var q queries
	files := []struct {
		name string
		dst  *string
	}{
		{"latest_run", &q.latestRun},
		{"ingest_freshness", &q.ingestFreshness},
		{"measure_catalog", &q.measureCatalog},
		{"measure_summary", &q.measureSummary},
		{"measure_trend", &q.measureTrend},
		{"care_gap_ready", &q.careGapReady},
		{"care_gap_count", &q.careGapCount},
		{"care_gap_page", &q.careGapPage},
		{"audit_insert", &q.auditInsert},
		{"account_count", &q.accountCount},
		{"account_insert", &q.accountInsert},
		{"account_provider_insert", &q.accountProviderInsert},
		{"account_upsert", &q.accountUpsert},
		{"account_provider_clear", &q.accountProviderClear},
		{"account_login", &q.accountLogin},
		{"session_insert", &q.sessionInsert},
		{"session_account", &q.sessionAccount},
		{"session_delete", &q.sessionDelete},
		// Executive overview and quality-manager pages (issue 6 items 2 and 3).
		{"network_kpi", &q.networkKPI},
		{"measure_change", &q.measureChange},
		{"stratum_summary", &q.stratumSummary},
		{"patient_count", &q.patientCount},
		{"patient_list", &q.patientList},
		{"goal_insert", &q.goalInsert},
	}
	for _, f := range files {
		b, err := fs.ReadFile(populacesql.FS, "dashboard/"+f.name+".sql")
		if err != nil {
			return queries{}, fmt.Errorf("loading query %s: %w", f.name, err)
		}
		*f.dst = string(b)
	}
	return q, nil
}
