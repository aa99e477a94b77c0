package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// change is a measure group's primary-period result beside the last period's: the rolling
// 12-month period ending a month earlier in the same run, or else the previous run's primary
// period. Both sides are suppressed for roles that see aggregates only.
type change struct {
	Current     summary
	Basis       string // "month", "run", or "" when there is nothing to compare with
	PeriodStart time.Time
	PeriodEnd   time.Time
	Previous    summary
}

// Delta is the change of the rate in percentage points; invalid when either rate is unknown
// or suppressed.
func (c change) Delta() sql.NullFloat64 {
	if c.Basis == "" || !c.Current.Rate.Valid || !c.Previous.Rate.Valid {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: (c.Current.Rate.Float64 - c.Previous.Rate.Float64) * 100, Valid: true}
}

// BasisLabel says what the change is measured against.
func (c change) BasisLabel() string {
	switch c.Basis {
	case "month":
		return "12 months ending " + formatDate(c.PeriodEnd)
	case "run":
		return "previous run, " + formatDate(c.PeriodStart) + " to " + formatDate(c.PeriodEnd)
	}
	return "no earlier period"
}

// Direction reads the change for a measure whose improvement is up or down: "better",
// "worse" or "same" (under 0.05 points), or "" when unknown.
func (c change) Direction(m measure) string {
	d := c.Delta()
	if !d.Valid {
		return ""
	}
	if math.Abs(d.Float64) < 0.05 {
		return "same"
	}
	if (d.Float64 > 0) != m.Inverse() {
		return "better"
	}
	return "worse"
}

// formatPoints shows a change in percentage points with its sign: +1.2 pts.
func formatPoints(d sql.NullFloat64) string {
	if !d.Valid {
		return "–"
	}
	v := math.Round(d.Float64*10) / 10
	if v == 0 {
		return "±0.0 pts"
	}
	return fmt.Sprintf("%+.1f pts", v)
}

// changes loads every measure group's change in run, keyed by measure and group.
func (s *Server) changes(ctx context.Context, run *computeRun) (map[measureKey]change, error) {
	out := map[measureKey]change{}
	if run == nil {
		return out, nil
	}
	minCell := minCellFor(ctx)
	err := s.db.Each(ctx, s.queries.measureChange, []any{run.ID}, func(rows *sql.Rows) error {
		var k measureKey
		var c change
		var basis sql.NullString
		var start, end sql.NullTime
		var pDen, pExcl, pExc, pNum sql.NullInt64
		if err := rows.Scan(&k.measure, &k.groupIndex, &c.Current.Denominator, &c.Current.Exclusions,
			&c.Current.Exceptions, &c.Current.Numerator, &c.Current.Rate, &basis, &start, &end,
			&pDen, &pExcl, &pExc, &pNum, &c.Previous.Rate); err != nil {
			return err
		}
		c.Current = c.Current.suppress(minCell)
		if basis.Valid {
			c.Basis, c.PeriodStart, c.PeriodEnd = basis.String, start.Time, end.Time
			c.Previous.Denominator, c.Previous.Exclusions = pDen.Int64, pExcl.Int64
			c.Previous.Exceptions, c.Previous.Numerator = pExc.Int64, pNum.Int64
			c.Previous = c.Previous.suppress(minCell)
		}
		out[k] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("querying changes of run %d: %w", run.ID, err)
	}
	return out, nil
}

// ChangeDirection reads the row's change for its measure: better, worse, same or "".
func (r measureChangeRow) ChangeDirection() string { return r.Change.Direction(r.measure) }

// ChangeDirection reads the group's change for its measure: better, worse, same or "".
func (g measureGroupView) ChangeDirection() string { return g.Change.Direction(g.measure) }
