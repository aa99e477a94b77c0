package measures_test

import (
	"path/filepath"
	"testing"
	"time"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/measures"
	"populace/warehouse"
)

// networkRun generates a small network, loads it with the starter value sets and computes 2025.
func networkRun(t *testing.T) (*warehouse.DB, int64) {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "feeds")
	if _, err := synth.Generate(t.Context(), synth.Options{Out: out, Patients: 400, Providers: 2, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(t.Context(), filepath.Join(dir, "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := ingest.ImportValueSetBytes(t.Context(), db, synth.StarterValueSets()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"prov-01", "prov-02"} {
		if _, err := ingest.LoadPath(t.Context(), db, p, []string{filepath.Join(out, p)}, ingest.Options{LinkageSystem: synth.DefaultLinkageSystem}); err != nil {
			t.Fatal(err)
		}
	}
	run, err := measures.Compute(t.Context(), db, measures.ComputeOptions{
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return db, run
}

// count runs a query that counts offending rows (bind parameter: the run id, where used).
func count(t *testing.T, db *warehouse.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	return n
}

// TestStrataAndEvidence checks the strata and the evidence of a run against the results and
// the core tables, each rule restated as an independent query that must find no exceptions.
func TestStrataAndEvidence(t *testing.T) {
	db, run := networkRun(t)
	nonEmpty := []struct{ name, query string }{
		{"results", `select count(*) from measures.result_history where run_id = ? and period_key = 'primary'`},
		{"evidence", `select count(*) from measures.evidence_history where run_id = ?`},
		{"strata", `select count(*) from measures.stratum_summary_history where run_id = ? and period_key = 'primary'`},
		{"excluded persons", `select count(*) from measures.result_history where run_id = ? and period_key = 'primary' and denominator_exclusion`},
		{"payer strata", `select count(*) from measures.stratum_summary_history where run_id = ? and stratifier = 'payer_type' and stratum <> 'none'`},
		{"organization strata", `select count(*) from measures.stratum_summary_history where run_id = ? and stratifier = 'organization' and stratum <> 'none'`},
		{"practitioner strata", `select count(*) from measures.stratum_summary_history where run_id = ? and stratifier = 'practitioner' and stratum <> 'none'`},
		{"the trend's December, with people in it", `select count(*) from measures.summary_history where run_id = ? and period_key = 'm2025-12' and initial_population > 0`},
	}
	for _, c := range nonEmpty {
		if n := count(t, db, c.query, run); n == 0 {
			t.Fatalf("no %s in the run: the network does not exercise the rules", c.name)
		}
	}
	none := []struct{ name, query string }{
		{"the trend's December is the calendar-year primary period, computed once", `
			select count(*) from measures.summary_history as m
			join measures.summary_history as p
				on p.run_id = m.run_id and p.period_key = 'primary'
				and p.measure = m.measure and p.group_index = m.group_index
			where m.run_id = ? and m.period_key = 'm2025-12'
				and (m.period_start, m.period_end, m.initial_population, m.denominator, m.denominator_exclusion,
					m.denominator_exception, m.numerator, m.performance_rate)
				is distinct from (p.period_start, p.period_end, p.initial_population, p.denominator,
					p.denominator_exclusion, p.denominator_exception, p.numerator, p.performance_rate)`},
		{"history keeps the evidence of the build", `
			select abs((select count(*) from measures.evidence_history where run_id = ?) - (select count(*) from measures.evidence))`},
		{"every excluded person has an exclusion row with the result's reason, date and code", `
			select count(*) from measures.result_history as r
			where r.run_id = ? and r.period_key = 'primary' and r.denominator_exclusion
				and not exists (
					select 1 from measures.evidence as e
					where e.measure = r.measure and e.group_index = r.group_index and e.person_id = r.person_id
						and e.population = 'denominator-exclusion' and e.is_in_population
						and e.reason = r.exclusion_reason
						and e.evidence_date is not distinct from r.evidence_date
						and e.code is not distinct from r.evidence_code)`},
		{"every counted denominator person has one numerator row saying whether they are in it", `
			select count(*) from measures.result_history as r
			where r.run_id = ? and r.period_key = 'primary' and r.denominator
				and not coalesce(r.denominator_exclusion, false) and not coalesce(r.denominator_exception, false)
				and (select count(*) from measures.evidence as e
					where e.measure = r.measure and e.group_index = r.group_index and e.person_id = r.person_id
						and e.population = 'numerator' and e.is_in_population = r.numerator
						and e.value is not distinct from r.evidence_value) <> 1`},
		{"no evidence for a person outside the population it names", `
			select count(*) from measures.evidence as e
			left join measures.result_history as r
				on r.run_id = ? and r.period_key = e.period_key and r.measure = e.measure
				and r.group_index = e.group_index and r.person_id = e.person_id
			where r.person_id is null or not r.initial_population`},
		{"every CMS122 and CMS165 initial-population person has a qualifying encounter in the period", `
			select count(*) from measures.result_history as r
			where r.run_id = ? and r.period_key = 'primary' and r.measure in ('CMS122', 'CMS165')
				and not exists (
					select 1 from measures.evidence as e
					where e.measure = r.measure and e.person_id = r.person_id
						and e.population = 'initial-population' and e.code is not null
						and e.evidence_date between date '2025-01-01' and date '2025-12-31')`},
		{"sex is the person's gender", `
			select count(*) from measures.stratum__person as s
			join core.person as p on p.person_id = s.person_id
			where s.stratifier = 'sex' and s.stratum <> coalesce(p.gender, 'unknown')`},
		{"every person has one stratum per stratifier and period", `
			select count(*) from (
				select period_key, person_id from measures.stratum__person
				group by period_key, person_id
				having count(*) <> 7 or count(distinct stratifier) <> 7)`},
		{"the payer type is the type of a coverage in effect during the period", `
			select count(*) from measures.stratum__person as s
			join measures.shared__measurement_period as mp on mp.period_key = s.period_key
			where s.stratifier = 'payer_type' and s.stratum <> 'none'
				and not exists (
					select 1 from core.coverage as cv
					join core.person_record as pr on pr.provider = cv.provider and pr.patient_id = cv.patient_id
					join core.coding as c on c.provider = cv.provider and c.resource_type = 'Coverage'
						and c.id = cv.id and c.element = 'type'
					where pr.person_id = s.person_id and c.code = s.stratum
						and coalesce(cv.period_start, mp.period_start_at) <= mp.period_end_at
						and coalesce(cv.period_end, mp.period_end_at) >= mp.period_start_at)`},
		{"the organization is that of the latest performed encounter starting in the period", `
			with latest as (
				select mp.period_key, pr.person_id, max(e.period_start) as started
				from core.encounter as e
				join core.person_record as pr on pr.provider = e.provider and pr.patient_id = e.patient_id
				join measures.shared__measurement_period as mp
					on e.period_start between mp.period_start_at and mp.period_end_at
				where e.status in ('finished', 'arrived', 'triaged', 'in-progress', 'onleave')
					and e.service_provider_id is not null
				group by all
			)
			select count(*) from measures.stratum__person as s
			left join latest as l on l.period_key = s.period_key and l.person_id = s.person_id
			where s.stratifier = 'organization'
				and ((l.person_id is null) <> (s.stratum = 'none')
					or (l.person_id is not null and not exists (
						select 1 from core.encounter as e
						join core.person_record as pr on pr.provider = e.provider and pr.patient_id = e.patient_id
						where pr.person_id = s.person_id and e.period_start = l.started
							and e.provider || '/' || e.service_provider_id = s.stratum)))`},
		{"a Measure's age stratifier is its age interval", `
			select count(*) from measures.stratum__measure_defined as m
			join measures.catalog_stratifier as cs on cs.stratifier_id = m.stratifier
			join measures.shared__measurement_period as mp on mp.period_key = m.period_key
			join core.person as p on p.person_id = m.person_id
			where (m.stratum = 'true')
				<> coalesce(date_sub('year', p.birth_date, mp.period_end) between cs.age_min and cs.age_max, false)`},
	}
	for _, c := range none {
		t.Run(c.name, func(t *testing.T) {
			args := []any{}
			for range countParams(c.query) {
				args = append(args, run)
			}
			if n := count(t, db, c.query, args...); n != 0 {
				t.Errorf("%d exceptions", n)
			}
		})
	}
}

func countParams(q string) []struct{} {
	var out []struct{}
	for _, r := range q {
		if r == '?' {
			out = append(out, struct{}{})
		}
	}
	return out
}
