package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"time"
)

// trend is the monthly performance of some measures in one run: the rolling 12-month
// periods ending at each month end, one series per measure group.
type trend struct {
	Months []time.Time // period ends, ascending
	Series []trendSeries
}

type trendSeries struct {
	measure
	Rates []sql.NullFloat64 // one per month; invalid where the run has no value
}

// Empty reports whether there is nothing to draw.
func (t trend) Empty() bool { return len(t.Months) == 0 }

// Rows is the trend as table rows (month by month), the chart's text alternative.
func (t trend) Rows() []trendRow {
	rows := make([]trendRow, len(t.Months))
	for i, month := range t.Months {
		rows[i] = trendRow{Month: month}
		for _, s := range t.Series {
			rows[i].Rates = append(rows[i].Rates, s.Rates[i])
		}
	}
	return rows
}

type trendRow struct {
	Month time.Time
	Rates []sql.NullFloat64
}

// loadTrend reads the monthly periods of run for the measures ms.
func (s *Server) loadTrend(ctx context.Context, run *computeRun, ms []measure) (trend, error) {
	type point struct {
		key  measureKey
		end  time.Time
		rate sql.NullFloat64
	}
	var points []point
	err := s.db.Each(ctx, s.queries.measureTrend, []any{run.ID}, func(rows *sql.Rows) error {
		var p point
		var start time.Time
		var den, num int64
		if err := rows.Scan(&p.key.measure, &p.key.groupIndex, &start, &p.end, &den, &num, &p.rate); err != nil {
			return err
		}
		p.rate = suppressedRate(p.rate, den, num, minCellFor(ctx))
		points = append(points, p)
		return nil
	})
	if err != nil {
		return trend{}, fmt.Errorf("querying trend of run %d: %w", run.ID, err)
	}

	wanted := map[measureKey]int{}
	var t trend
	for i, m := range ms {
		wanted[measureKey{m.Measure, m.GroupIndex}] = i
	}
	monthIndex := map[time.Time]int{}
	for _, p := range points {
		if _, ok := wanted[p.key]; !ok {
			continue
		}
		if _, ok := monthIndex[p.end]; !ok {
			monthIndex[p.end] = 0
			t.Months = append(t.Months, p.end)
		}
	}
	if len(t.Months) == 0 {
		return trend{}, nil
	}
	sort.Slice(t.Months, func(i, j int) bool { return t.Months[i].Before(t.Months[j]) })
	for i, m := range t.Months {
		monthIndex[m] = i
	}
	t.Series = make([]trendSeries, len(ms))
	for i, m := range ms {
		t.Series[i] = trendSeries{measure: m, Rates: make([]sql.NullFloat64, len(t.Months))}
	}
	for _, p := range points {
		i, ok := wanted[p.key]
		if !ok {
			continue
		}
		t.Series[i].Rates[monthIndex[p.end]] = p.rate
	}
	// A measure group with no rate in any month (nothing eligible, or every point
	// suppressed) gets no line: an empty line only crowds the legend.
	t.Series = slices.DeleteFunc(t.Series, func(s trendSeries) bool {
		return !slices.ContainsFunc(s.Rates, func(r sql.NullFloat64) bool { return r.Valid })
	})
	return t, nil
}
