package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// measure is one catalog entry: a measure and one of its population groups.
type measure struct {
	Measure     string
	GroupIndex  int
	Title       string
	Version     string
	Improvement string // increase | decrease
	Goal        sql.NullFloat64
}

// Inverse reports whether a lower rate is better (CMS122: poor glycemic control).
func (m measure) Inverse() bool { return m.Improvement == "decrease" }

// Label names the measure on charts and in tables; groups after the first are numbered.
func (m measure) Label() string {
	if m.GroupIndex == 0 {
		return m.Measure
	}
	return m.Measure + " group " + strconv.Itoa(m.GroupIndex+1)
}

// summary is a measure's population counts for one period of one run.
type summary struct {
	PeriodStart       time.Time
	PeriodEnd         time.Time
	InitialPopulation int64
	Denominator       int64
	Exclusions        int64
	Exceptions        int64
	Numerator         int64
	Rate              sql.NullFloat64
}

// Eligible is the denominator less exclusions and exceptions: the rate's divisor.
func (s summary) Eligible() int64 {
	if s.Denominator < 0 || s.Exclusions < 0 || s.Exceptions < 0 { // suppressed or hidden
		return suppressedCount
	}
	return s.Denominator - s.Exclusions - s.Exceptions
}

// NotInNumerator is the eligible people not in the numerator.
func (s summary) NotInNumerator() int64 {
	if s.Eligible() < 0 || s.Numerator < 0 { // suppressed or hidden
		return suppressedCount
	}
	return s.Eligible() - s.Numerator
}

// measureResult is a measure with its primary-period summary, if the run has one.
type measureResult struct {
	measure
	Summary *summary
}

// GoalStatus compares the rate with the goal, respecting the measure's direction:
// "meets" or "misses", or "" when either is unknown.
func (m measureResult) GoalStatus() string {
	if m.Summary == nil || !m.Summary.Rate.Valid || !m.Goal.Valid {
		return ""
	}
	rate, goal := m.Summary.Rate.Float64, m.Goal.Float64
	if (m.Inverse() && rate <= goal) || (!m.Inverse() && rate >= goal) {
		return "meets"
	}
	return "misses"
}

type measureKey struct {
	measure    string
	groupIndex int
}

func (s *Server) catalog(ctx context.Context) ([]measure, error) {
	var ms []measure
	err := s.db.Each(ctx, s.queries.measureCatalog, nil, func(rows *sql.Rows) error {
		var m measure
		if err := rows.Scan(&m.Measure, &m.GroupIndex, &m.Title, &m.Version, &m.Improvement, &m.Goal); err != nil {
			return err
		}
		ms = append(ms, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("querying measure catalog: %w", err)
	}
	return ms, nil
}

// results joins the catalog with the primary-period summaries of run (nil run: none).
func (s *Server) results(ctx context.Context, ms []measure, run *computeRun) ([]measureResult, error) {
	sums := map[measureKey]summary{}
	if run != nil {
		err := s.db.Each(ctx, s.queries.measureSummary, []any{run.ID}, func(rows *sql.Rows) error {
			var k measureKey
			var x summary
			if err := rows.Scan(&k.measure, &k.groupIndex, &x.PeriodStart, &x.PeriodEnd, &x.InitialPopulation,
				&x.Denominator, &x.Exclusions, &x.Exceptions, &x.Numerator, &x.Rate); err != nil {
				return err
			}
			sums[k] = x.suppress(minCellFor(ctx))
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("querying summaries of run %d: %w", run.ID, err)
		}
	}
	out := make([]measureResult, len(ms))
	for i, m := range ms {
		out[i] = measureResult{measure: m}
		if x, ok := sums[measureKey{m.Measure, m.GroupIndex}]; ok {
			out[i].Summary = &x
		}
	}
	return out, nil
}

// measureGroups returns the catalog entries of one measure code.
func measureGroups(ms []measure, code string) []measure {
	var out []measure
	for _, m := range ms {
		if m.Measure == code {
			out = append(out, m)
		}
	}
	return out
}

// measureCodes lists each measure code once, in catalog order.
func measureCodes(ms []measure) []measure {
	var out []measure
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m.Measure] {
			seen[m.Measure] = true
			out = append(out, m)
		}
	}
	return out
}
