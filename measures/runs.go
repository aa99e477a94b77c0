package measures

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"populace/warehouse"
)

// Run is one recorded compute, as `populace runs` lists it.
type Run struct {
	ID                     int64
	PeriodStart, PeriodEnd time.Time
	Status                 string // running | succeeded | failed
	StartedAt              time.Time
	FinishedAt             *time.Time
	Error                  string
	MeasureGroups          int64 // measure groups with a primary-period summary
	Persons                int64 // persons in any initial population of the primary period
	Results                int64 // primary-period result rows (person x measure group)
}

// Runs lists every compute run, oldest first, with the counts of what it kept.
func Runs(ctx context.Context, db *warehouse.DB) ([]Run, error) {
	const query = `
		with summary as (
			select run_id, count(*) as measure_groups
			from measures.summary_history
			where period_key = 'primary'
			group by run_id
		),
		result as (
			select run_id, count(distinct person_id) as persons, count(*) as results
			from measures.result_history
			where period_key = 'primary'
			group by run_id
		)
		select
			r.run_id, r.period_start, r.period_end, r.status, r.started_at, r.finished_at,
			coalesce(r.error, ''), coalesce(s.measure_groups, 0), coalesce(h.persons, 0),
			coalesce(h.results, 0)
		from meta.compute_run as r
		left join summary as s on s.run_id = r.run_id
		left join result as h on h.run_id = r.run_id
		order by r.run_id`
	var out []Run
	err := db.Each(ctx, query, nil, func(rows *sql.Rows) error {
		var r Run
		var finished sql.NullTime
		if err := rows.Scan(&r.ID, &r.PeriodStart, &r.PeriodEnd, &r.Status, &r.StartedAt, &finished,
			&r.Error, &r.MeasureGroups, &r.Persons, &r.Results); err != nil {
			return err
		}
		if finished.Valid {
			r.FinishedAt = &finished.Time
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing compute runs: %w", err)
	}
	return out, nil
}

// ErrRunNotSucceeded reports a run that does not exist or did not succeed, so has no results.
var ErrRunNotSucceeded = errors.New("no succeeded compute run with that id")

// Counts are one measure group's primary-period population counts in one run.
type Counts struct {
	InitialPopulation, Denominator, Exclusions, Exceptions, Numerator int64
	Rate                                                              *float64 // nil when nothing is left in the denominator
}

// GroupComparison sets one measure group of two runs side by side.
type GroupComparison struct {
	Measure string
	Group   int
	A, B    Counts
	// PersonsChanged counts persons whose populations differ between the runs (a person
	// absent from a run's results is in none of its populations).
	PersonsChanged int64
}

// RateChange is B's rate minus A's, or nil when either is undefined.
func (g GroupComparison) RateChange() *float64 {
	if g.A.Rate == nil || g.B.Rate == nil {
		return nil
	}
	d := *g.B.Rate - *g.A.Rate
	return &d
}

// CheckRuns reports ErrRunNotSucceeded (naming the run) unless every run succeeded.
func CheckRuns(ctx context.Context, db *warehouse.DB, runs ...int64) error {
	for _, id := range runs {
		var n int
		if err := db.SQL().QueryRowContext(ctx, `select count(*) from meta.compute_run where run_id = ? and status = 'succeeded'`, id).Scan(&n); err != nil {
			return fmt.Errorf("looking up run %d: %w", id, err)
		}
		if n == 0 {
			return fmt.Errorf("run %d: %w", id, ErrRunNotSucceeded)
		}
	}
	return nil
}

// CompareRuns compares the primary-period results of runs a and b, per measure group (every
// group either run has), optionally for one measure.
func CompareRuns(ctx context.Context, db *warehouse.DB, a, b int64, measure string) ([]GroupComparison, error) {
	if err := CheckRuns(ctx, db, a, b); err != nil {
		return nil, err
	}
	const query = `
		with sa as (
			select * from measures.summary_history
			where run_id = ? and period_key = 'primary' and (? = '' or measure = ?)
		),
		sb as (
			select * from measures.summary_history
			where run_id = ? and period_key = 'primary' and (? = '' or measure = ?)
		),
		changed as (
			select measure, group_index, count(*) as persons
			from (` + changedPopulations + `)
			group by measure, group_index
		)
		select
			coalesce(sa.measure, sb.measure) as measure,
			coalesce(sa.group_index, sb.group_index) as group_index,
			coalesce(sa.initial_population, 0), coalesce(sa.denominator, 0),
			coalesce(sa.denominator_exclusion, 0), coalesce(sa.denominator_exception, 0),
			coalesce(sa.numerator, 0), sa.performance_rate,
			coalesce(sb.initial_population, 0), coalesce(sb.denominator, 0),
			coalesce(sb.denominator_exclusion, 0), coalesce(sb.denominator_exception, 0),
			coalesce(sb.numerator, 0), sb.performance_rate,
			coalesce(c.persons, 0)
		from sa
		full join sb on sb.measure = sa.measure and sb.group_index = sa.group_index
		left join changed as c
			on c.measure = coalesce(sa.measure, sb.measure)
			and c.group_index = coalesce(sa.group_index, sb.group_index)
		order by 1, 2`
	args := []any{a, measure, measure, b, measure, measure, a, measure, measure, b, measure, measure}
	var out []GroupComparison
	err := db.Each(ctx, query, args, func(rows *sql.Rows) error {
		var g GroupComparison
		var ra, rb sql.NullFloat64
		if err := rows.Scan(&g.Measure, &g.Group,
			&g.A.InitialPopulation, &g.A.Denominator, &g.A.Exclusions, &g.A.Exceptions, &g.A.Numerator, &ra,
			&g.B.InitialPopulation, &g.B.Denominator, &g.B.Exclusions, &g.B.Exceptions, &g.B.Numerator, &rb,
			&g.PersonsChanged); err != nil {
			return err
		}
		if ra.Valid {
			g.A.Rate = &ra.Float64
		}
		if rb.Valid {
			g.B.Rate = &rb.Float64
		}
		out = append(out, g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("comparing runs %d and %d: %w", a, b, err)
	}
	return out, nil
}

// changedPopulations selects, from the primary-period results of two runs (bind parameters:
// run a, measure, measure, run b, measure, measure), one row per person and measure group
// whose populations differ, with both runs' populations (false where a run has no result).
const changedPopulations = `
	with ha as (
		select * from measures.result_history
		where run_id = ? and period_key = 'primary' and (? = '' or measure = ?)
	),
	hb as (
		select * from measures.result_history
		where run_id = ? and period_key = 'primary' and (? = '' or measure = ?)
	),
	paired as (
		select
			coalesce(ha.measure, hb.measure) as measure,
			coalesce(ha.group_index, hb.group_index) as group_index,
			coalesce(ha.person_id, hb.person_id) as person_id,
			coalesce(hb.provider, ha.provider) as provider,
			coalesce(hb.patient_id, ha.patient_id) as patient_id,
			[coalesce(ha.initial_population, false), coalesce(ha.denominator, false),
			 coalesce(ha.denominator_exclusion, false), coalesce(ha.denominator_exception, false),
			 coalesce(ha.numerator, false)] as in_a,
			[coalesce(hb.initial_population, false), coalesce(hb.denominator, false),
			 coalesce(hb.denominator_exclusion, false), coalesce(hb.denominator_exception, false),
			 coalesce(hb.numerator, false)] as in_b
		from ha
		full join hb
			on hb.measure = ha.measure
			and hb.group_index = ha.group_index
			and hb.person_id = ha.person_id
	)
	select measure, group_index, person_id, provider, patient_id, in_a, in_b
	from paired
	where in_a <> in_b`

// Populations names the populations in the order of Counts and of the population lists the
// comparison queries build, with their FHIR measure-population codes.
var Populations = []string{"initial-population", "denominator", "denominator-exclusion", "denominator-exception", "numerator"}

// PopulationChange is one population a person entered or left between two runs.
type PopulationChange struct {
	Provider, PatientID string // the record the person is reported under
	Measure             string
	Group               int
	Population          string // a FHIR measure-population code
	InA, InB            bool
}

// EachPopulationChange calls fn for every population a person entered or left between the
// primary periods of runs a and b, ordered by measure, group, provider, patient, population.
func EachPopulationChange(ctx context.Context, db *warehouse.DB, a, b int64, measure string, fn func(PopulationChange) error) error {
	if err := CheckRuns(ctx, db, a, b); err != nil {
		return err
	}
	query := `
		with changed as (` + changedPopulations + `),
		unnested as (
			select measure, group_index, provider, patient_id, person_id,
				unnest(range(1, 6)) as i, in_a, in_b
			from changed
		)
		select measure, group_index, coalesce(provider, ''), coalesce(patient_id, ''), i, in_a[i], in_b[i]
		from unnested
		where in_a[i] <> in_b[i]
		order by measure, group_index, provider, patient_id, person_id, i`
	err := db.Each(ctx, query, []any{a, measure, measure, b, measure, measure}, func(rows *sql.Rows) error {
		var c PopulationChange
		var i int
		if err := rows.Scan(&c.Measure, &c.Group, &c.Provider, &c.PatientID, &i, &c.InA, &c.InB); err != nil {
			return err
		}
		c.Population = Populations[i-1]
		return fn(c)
	})
	if err != nil {
		return fmt.Errorf("listing population changes between runs %d and %d: %w", a, b, err)
	}
	return nil
}
