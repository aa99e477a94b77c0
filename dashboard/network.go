package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// networkKPIs is the network at a glance for the primary period of a run.
type networkKPIs struct {
	People      int64 // in any measure's initial population
	Providers   int64 // data providers they are reported under
	Practices   int64 // provider organizations of their most recent encounters
	MeetingGoal int   // measure groups whose rate meets its goal
	WithGoal    int   // measure groups with both a visible rate and a goal
}

// kpis loads the network's size and counts the measure groups meeting their goal among
// results (whose rates are already suppressed for the request's role).
func (s *Server) kpis(ctx context.Context, run *computeRun, results []measureResult) (networkKPIs, error) {
	var k networkKPIs
	for _, r := range results {
		switch r.GoalStatus() {
		case "meets":
			k.MeetingGoal++
			k.WithGoal++
		case "misses":
			k.WithGoal++
		}
	}
	if run == nil {
		return k, nil
	}
	if err := s.db.SQL().QueryRowContext(ctx, s.queries.networkKPI, run.ID, run.ID).Scan(&k.People, &k.Providers, &k.Practices); err != nil {
		return k, fmt.Errorf("querying network figures of run %d: %w", run.ID, err)
	}
	minCell := minCellFor(ctx)
	if small(k.People, minCell) {
		k.People = suppressedCount
	}
	return k, nil
}

// practiceComparison is the rate of every measure group at every practice: one row per
// practice, one cell per column (measure group).
type practiceComparison struct {
	Columns []measure
	Rows    []practiceRow
}

type practiceRow struct {
	Stratum string // '<provider>/<organization id>', the scorecard's key
	Label   string
	Cells   []practiceCell
}

type practiceCell struct {
	Rate   sql.NullFloat64 // suppressed for roles that see aggregates only
	Status string          // meets | misses | ""
}

// comparePractices lays out the organization strata of run against the catalog ms.
func (s *Server) comparePractices(ctx context.Context, run *computeRun, ms []measure) (practiceComparison, error) {
	rows, err := s.strata(ctx, run, strataFilter{stratifier: "organization"})
	if err != nil {
		return practiceComparison{}, err
	}
	col := map[measureKey]int{}
	var pc practiceComparison
	for _, r := range rows {
		k := measureKey{r.Measure, r.GroupIndex}
		if _, ok := col[k]; ok {
			continue
		}
		for _, m := range ms {
			if m.Measure == r.Measure && m.GroupIndex == r.GroupIndex {
				col[k] = -1 // placed below, in catalog order
			}
		}
	}
	for _, m := range ms {
		k := measureKey{m.Measure, m.GroupIndex}
		if _, ok := col[k]; ok {
			col[k] = len(pc.Columns)
			pc.Columns = append(pc.Columns, m)
		}
	}
	index := map[string]int{}
	for _, r := range rows {
		c, ok := col[measureKey{r.Measure, r.GroupIndex}]
		if !ok || r.Stratum == "none" {
			continue
		}
		i, ok := index[r.Stratum]
		if !ok {
			i = len(pc.Rows)
			index[r.Stratum] = i
			pc.Rows = append(pc.Rows, practiceRow{Stratum: r.Stratum, Label: r.Label(), Cells: make([]practiceCell, len(pc.Columns))})
		}
		res := measureResult{measure: pc.Columns[c], Summary: &r.summary}
		pc.Rows[i].Cells[c] = practiceCell{Rate: r.Rate, Status: res.GoalStatus()}
	}
	sort.Slice(pc.Rows, func(i, j int) bool { return pc.Rows[i].Label < pc.Rows[j].Label })
	return pc, nil
}
