package dashboard_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"populace/warehouse"
)

// The quality fixture adds to seed(): CMS122 patient-level results of the latest run with
// evidence, the persons they are reported under, and strata by practice, age band and sex,
// some of them small cells (under 11 people) that executives must not see.

const (
	qualityPeople    = 30 // CMS122 group 0, latest run, primary period
	qualityExcluded  = 3  // persons 0..2
	qualityNumerator = 12 // persons 3..14
	qualityNotMet    = qualityPeople - qualityExcluded - qualityNumerator

	exclusionReason  = "Hospice services"
	evidenceDisplay  = "Hemoglobin A1c"
	evidencedPerson  = "qp-05"
	bigPractice      = "northside/org-1"
	bigPracticeName  = "Northside Family Practice"
	smallPractice    = "lakeview/org-9"
	smallPracticeNam = "Lakeview Clinic"
	// For executives the smallest other practice of CMS122 is hidden too (complementary
	// suppression), so the small one cannot be worked out from the total.
	complementPractice = "Southside Health"
)

// strata rows: (measure, stratifier, stratum, display, denominator, exclusions, numerator)
var qualityStrata = []struct {
	measure, stratifier, stratum, display string
	den, excl, num                        int64
}{
	{"CMS122", "organization", bigPractice, bigPracticeName, 200, 12, 40},
	{"CMS122", "organization", smallPractice, smallPracticeNam, 8, 0, 3},
	{"CMS122", "organization", "southside/org-3", complementPractice, 60, 0, 20}, // hidden beside the small one
	{"CMS165", "organization", bigPractice, bigPracticeName, 500, 20, 300},
	{"CMS122", "age_band", "45-64", "", 150, 5, 30},
	{"CMS122", "sex", "female", "", 7, 0, 2},
	{"CMS122", "sex", "male", "", 391, 23, 59},
	{"CMS122", "race", "2106-3", "White", 47, 0, 42}, // 5 not met: the numerator gives it away
}

func stratumRate(den, excl, num int64) float64 { return float64(num) / float64(den-excl) }

func qualityPerson(i int) string { return fmt.Sprintf("qp-%02d", i) }

func seedQuality(t *testing.T, db *warehouse.DB) {
	t.Helper()
	mustExec(t, db, `create table core.person as
		select 'qp-' || lpad(i::varchar, 2, '0') as person_id,
		       case when i % 2 = 0 then 'northside' else 'lakeview' end as primary_provider,
		       'pat-' || lpad(i::varchar, 2, '0') as primary_patient_id
		from range(?) t(i)`, qualityPeople)
	mustExec(t, db, `insert into measures.result_history
		select ?, 'primary', date '2025-01-01', date '2025-12-31', 'CMS122', 0, person_id,
		       primary_provider, primary_patient_id, true, true, i < ?, false,
		       i >= ? and i < ?,
		       case when i < ? then ? end,
		       case when i >= ? and i < ? then date '2025-06-01' end,
		       case when i >= ? and i < ? then '4548-4' end,
		       case when i >= ? and i < ? then '9.8 %' end
		from (select *, cast(substr(person_id, 4) as integer) as i from core.person)`,
		latestRun, qualityExcluded, qualityExcluded, qualityExcluded+qualityNumerator,
		qualityExcluded, exclusionReason,
		qualityExcluded, qualityExcluded+qualityNumerator,
		qualityExcluded, qualityExcluded+qualityNumerator,
		qualityExcluded, qualityExcluded+qualityNumerator)
	mustExec(t, db, `insert into measures.evidence_history values
		(?, 'primary', 'CMS122', 0, ?, 'numerator', true, date '2025-06-01', 'http://loinc.org', '4548-4', ?, '9.8 %', null)`,
		latestRun, evidencedPerson, evidenceDisplay)
	for _, s := range qualityStrata {
		mustExec(t, db, `insert into measures.stratum_summary_history values
			(?, 'primary', date '2025-01-01', date '2025-12-31', ?, 0, ?, ?, nullif(?, ''), ?, ?, ?, 0, ?, ?)`,
			latestRun, s.measure, s.stratifier, s.stratum, s.display, s.den, s.den, s.excl, s.num, stratumRate(s.den, s.excl, s.num))
	}
}

// qualityServer is the seeded server with the quality fixture.
func qualityServer(t *testing.T) (*warehouse.DB, *httptest.Server) {
	t.Helper()
	db := openDB(t)
	seed(t, db)
	seedQuality(t, db)
	return db, newServer(t, db)
}
