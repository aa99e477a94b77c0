package measures

import (
	"context"
	"database/sql"
	"fmt"

	"populace/warehouse"
)

// Summary is one measure group's counts for the primary period of a run.
type Summary struct {
	Measure, Title, Version                   string
	Group                                     int
	InitialPopulation, Denominator, Numerator int64
	Exclusions, Exceptions                    int64
	Rate                                      *float64 // nil when the denominator is empty
	Inverse                                   bool     // lower is better
}

// Summaries returns every measure group's primary-period summary of run.
func Summaries(ctx context.Context, db *warehouse.DB, run int64) ([]Summary, error) {
	var out []Summary
	err := db.Each(ctx, `
		select c.measure, c.title, c.version, c.group_index, c.improvement = 'decrease',
			s.initial_population, s.denominator, s.denominator_exclusion, s.denominator_exception,
			s.numerator, s.performance_rate
		from measures.summary_history as s
		join measures.catalog as c on c.measure = s.measure and c.group_index = s.group_index
		where s.run_id = ? and s.period_key = 'primary'
		order by c.measure, c.group_index`, []any{run}, func(rows *sql.Rows) error {
		var s Summary
		var rate sql.NullFloat64
		if err := rows.Scan(&s.Measure, &s.Title, &s.Version, &s.Group, &s.Inverse, &s.InitialPopulation,
			&s.Denominator, &s.Exclusions, &s.Exceptions, &s.Numerator, &rate); err != nil {
			return err
		}
		if rate.Valid {
			s.Rate = &rate.Float64
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading summary of run %d: %w", run, err)
	}
	return out, nil
}

// Known reports whether measure is in the catalog.
func Known(ctx context.Context, db *warehouse.DB, measure string) (bool, error) {
	var n int
	if err := db.SQL().QueryRowContext(ctx, `select count(*) from measures.catalog where measure = ?`, measure).Scan(&n); err != nil {
		return false, fmt.Errorf("looking up measure: %w", err)
	}
	return n > 0, nil
}
