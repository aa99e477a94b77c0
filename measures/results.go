package measures

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"populace/warehouse"
)

// ResultsHeader is the stable header of `populace results --format csv`.
var ResultsHeader = []string{"provider", "patient_id", "measure", "group_index", "initial_population",
	"denominator", "denominator_exclusion", "denominator_exception", "numerator"}

// ResultsFilter narrows the results written.
type ResultsFilter struct {
	Measure string // e.g. CMS122; "" = all
	RunID   int64  // 0 = the latest succeeded run
}

// ErrNoRun reports that no compute has succeeded yet.
var ErrNoRun = errors.New("no successful compute run yet")

// LatestRun returns the id of the latest succeeded compute run.
func LatestRun(ctx context.Context, db *warehouse.DB) (int64, error) {
	var id sql.NullInt64
	if err := db.SQL().QueryRowContext(ctx, `select max(run_id) from meta.compute_run where status = 'succeeded'`).Scan(&id); err != nil {
		return 0, fmt.Errorf("finding latest compute run: %w", err)
	}
	if !id.Valid {
		return 0, ErrNoRun
	}
	return id.Int64, nil
}

// WriteResultsCSV writes the patient-level results of the primary period of a run: one row per
// person and measure group, the person named by the provider and Patient.id they are reported
// under. Populations a measure does not define are empty; others are 0 or 1.
func WriteResultsCSV(ctx context.Context, db *warehouse.DB, w io.Writer, f ResultsFilter) error {
	run := f.RunID
	if run == 0 {
		var err error
		if run, err = LatestRun(ctx, db); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ResultsHeader); err != nil {
		return err
	}
	query := resultRowsQuery + `
		order by 3, 4, 1, 2`
	bit := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	err := db.Each(ctx, query, []any{run, f.Measure, f.Measure, f.Measure, f.Measure, run}, func(rows *sql.Rows) error {
		var (
			provider, patient, measure               sql.NullString
			group                                    int
			ip, den, hasExcl, excl, hasExc, exc, num bool
		)
		if err := rows.Scan(&provider, &patient, &measure, &group, &ip, &den, &hasExcl, &excl, &hasExc, &exc, &num); err != nil {
			return err
		}
		rec := []string{provider.String, patient.String, measure.String, strconv.Itoa(group), bit(ip), bit(den), "", "", bit(num)}
		if hasExcl {
			rec[6] = bit(excl)
		}
		if hasExc {
			rec[7] = bit(exc)
		}
		return cw.Write(rec)
	})
	if err != nil {
		return fmt.Errorf("writing results of run %d: %w", run, err)
	}
	cw.Flush()
	return cw.Error()
}

// resultRowsQuery selects every person known at a run in every group of the selected measures
// (bind parameters: run, measure, measure, measure, measure, run; measure "" = all), with
// provider, patient_id, measure, group_index, initial_population, denominator, has_exclusion,
// denominator_exclusion, has_exception, denominator_exception, numerator. A person outside
// the initial population has no result row and reports zeros.
const resultRowsQuery = `
		select
			h.provider, h.patient_id, c.measure, c.group_index,
			coalesce(h.initial_population, false), coalesce(h.denominator, false),
			c.has_exclusion, coalesce(h.denominator_exclusion, false),
			c.has_exception, coalesce(h.denominator_exception, false),
			coalesce(h.numerator, false)
		from measures.result_history as h
		join measures.catalog as c
			on c.measure = h.measure and c.group_index = h.group_index
		where h.run_id = ? and h.period_key = 'primary' and (? = '' or c.measure = ?)
		union all
		select
			p.primary_provider, p.primary_patient_id, c.measure, c.group_index,
			false, false, c.has_exclusion, false, c.has_exception, false, false
		from core.person as p
		cross join measures.catalog as c
		where (? = '' or c.measure = ?)
			and not exists (
				select 1 from measures.result_history as h
				where h.run_id = ? and h.period_key = 'primary'
					and h.person_id = p.person_id and h.measure = c.measure and h.group_index = c.group_index)`
