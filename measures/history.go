package measures

// history lists what a run keeps once its build has passed the checks: each query selects
// the run's rows of a model for its history table (bind parameter: the run id); they are
// appended in the transaction that marks the run succeeded. Reports, trends and run
// comparisons read these. The rows of a query marked perSlice are selected in each person
// slice of the build (they read a model that lives only while its slice is built) and held
// in the build's gathering catalog until then.
var history = []struct {
	what     string
	table    string
	query    string
	perSlice bool
}{
	{"results", "measures.result_history", selectResultHistory, true},
	{"summary", "measures.summary_history", selectSummaryHistory, false},
	{"summary by stratum", "measures.stratum_summary_history", selectStratumSummaryHistory, false},
	{"evidence", "measures.evidence_history", selectEvidenceHistory, false},
}

// Patient-level results of the primary period. The trend periods keep their counts
// (summary_history): every reader of patient-level results asks for the primary period, and
// keeping the 24 trend periods too wrote 25 times the rows on every run (7.4 M at 100,000
// persons).
const selectResultHistory = `
select
    p.run_id, r.period_key, p.period_start, p.period_end, r.measure, r.group_index, r.person_id,
    ps.primary_provider, ps.primary_patient_id,
    r.initial_population, r.denominator, r.denominator_exclusion, r.denominator_exception,
    r.numerator, r.exclusion_reason, r.evidence_date, r.evidence_code, r.evidence_value
from measures.result as r
join meta.parameters as p on p.period_key = r.period_key
left join core.person as ps on ps.person_id = r.person_id
where p.run_id = ? and p.is_primary`

// Counts of every period (the trend charts).
const selectSummaryHistory = `
select
    p.run_id, s.period_key, s.period_start, s.period_end, s.measure, s.group_index,
    s.initial_population, s.denominator, s.denominator_exclusion, s.denominator_exception,
    s.numerator, s.performance_rate
from measures.summary as s
join meta.parameters as p on p.period_key = s.period_key
where p.run_id = ?`

// Counts by stratum of every period (trends by stratum).
const selectStratumSummaryHistory = `
select
    p.run_id, s.period_key, s.period_start, s.period_end, s.measure, s.group_index,
    s.stratifier, s.stratum, s.stratum_display,
    s.initial_population, s.denominator, s.denominator_exclusion, s.denominator_exception,
    s.numerator, s.performance_rate
from measures.stratum__summary as s
join meta.parameters as p on p.period_key = s.period_key
where p.run_id = ?`

// Evidence of the primary period (measures.evidence holds no other).
const selectEvidenceHistory = `
select
    p.run_id, e.period_key, e.measure, e.group_index, e.person_id, e.population,
    e.is_in_population, e.evidence_date, e.code_system, e.code, e.display, e.value, e.reason
from measures.evidence as e
join meta.parameters as p on p.period_key = e.period_key
where p.run_id = ?`
