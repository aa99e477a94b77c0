package dashboard

import (
	"fmt"
	"io/fs"

	populacesql "populace/sql"
)

// workQueries are the queries of the care-coordinator and administrator pages (worklist,
// registries, person page, admin pages), loaded once at start-up like queries.
type workQueries struct {
	secret, secretInsert string

	worklistIndex, worklistWorkflow, worklistExport, worklistChoices string
	worklistGap, worklistKeys, coordinatorAccounts                   string

	personIDs, personLookup, personRecords, personTimeline, personGaps, personRegistries string
	registryConditions, registryCount, registryPage                                      string

	adminFeeds, adminRuns, adminFindings, adminQuarantine, adminAccounts string
	accountDisable, accountSessionsDelete, auditCount, auditPage         string
}

func loadWorkQueries() (workQueries, error) {
	var q workQueries
	files := map[string]*string{
		"dashboard_secret":        &q.secret,
		"dashboard_secret_insert": &q.secretInsert,
		"worklist_index":          &q.worklistIndex,
		"worklist_workflow":       &q.worklistWorkflow,
		"worklist_export":         &q.worklistExport,
		"worklist_choices":        &q.worklistChoices,
		"worklist_gap":            &q.worklistGap,
		"worklist_keys":           &q.worklistKeys,
		"coordinator_accounts":    &q.coordinatorAccounts,
		"person_ids":              &q.personIDs,
		"person_lookup":           &q.personLookup,
		"person_records":          &q.personRecords,
		"person_timeline":         &q.personTimeline,
		"person_gaps":             &q.personGaps,
		"person_registries":       &q.personRegistries,
		"registry_conditions":     &q.registryConditions,
		"registry_count":          &q.registryCount,
		"registry_page":           &q.registryPage,
		"admin_feeds":             &q.adminFeeds,
		"admin_runs":              &q.adminRuns,
		"admin_findings":          &q.adminFindings,
		"admin_quarantine":        &q.adminQuarantine,
		"admin_accounts":          &q.adminAccounts,
		"account_disable":         &q.accountDisable,
		"account_sessions_delete": &q.accountSessionsDelete,
		"audit_count":             &q.auditCount,
		"audit_page":              &q.auditPage,
	}
	for name, dst := range files {
		b, err := fs.ReadFile(populacesql.FS, "dashboard/"+name+".sql")
		if err != nil {
			return workQueries{}, fmt.Errorf("loading query %s: %w", name, err)
		}
		*dst = string(b)
	}
	return q, nil
}
