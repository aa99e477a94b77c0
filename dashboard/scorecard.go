package dashboard

import (
	"database/sql"
	"net/http"
)

type scorecardView struct {
	layout
	Practices []stratumRow // one row per practice (organization stratum), for the picker
	Practice  *stratumRow  // the practice shown; nil when none is chosen
	Rows      []scorecardRow
}

// scorecardRow is one measure group at the practice beside the network and the goal.
type scorecardRow struct {
	measure
	Practice  summary
	HasResult bool // the practice has people in this group
	Network   *summary
}

// Status compares the practice's rate with the goal.
func (r scorecardRow) Status() string {
	if !r.HasResult {
		return ""
	}
	s := r.Practice
	return measureResult{measure: r.measure, Summary: &s}.GoalStatus()
}

// VsNetwork is the practice's rate less the network's, in percentage points.
func (r scorecardRow) VsNetwork() sql.NullFloat64 {
	if !r.HasResult || r.Network == nil || !r.Practice.Rate.Valid || !r.Network.Rate.Valid {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: (r.Practice.Rate.Float64 - r.Network.Rate.Float64) * 100, Valid: true}
}

// scorecard is one provider organization's scorecard: every measure group's rate there
// against the network's and the goal. Aggregates only: every role, with small cells
// suppressed for executives.
func (s *Server) scorecard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.pageLayout(r, "Practice scorecard", "scorecard")
	if err != nil {
		return err
	}
	v := scorecardView{layout: l}
	run := l.Fresh.Run
	if run == nil {
		return s.render(w, http.StatusOK, "scorecard", v)
	}
	all, err := s.strata(ctx, run, strataFilter{stratifier: "organization"})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range all {
		if p.Stratum != "none" && !seen[p.Stratum] {
			seen[p.Stratum] = true
			v.Practices = append(v.Practices, p)
		}
	}
	org := r.URL.Query().Get("org")
	if org == "" {
		return s.render(w, http.StatusOK, "scorecard", v)
	}
	for i := range v.Practices {
		if v.Practices[i].Stratum == org {
			v.Practice = &v.Practices[i]
		}
	}
	if v.Practice == nil {
		return notFound("There is no such practice in the latest run.")
	}
	v.Title = "Scorecard: " + v.Practice.Label()
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	network, err := s.results(ctx, ms, run)
	if err != nil {
		return err
	}
	at := map[measureKey]summary{}
	for _, p := range all {
		if p.Stratum == org {
			at[measureKey{p.Measure, p.GroupIndex}] = p.summary
		}
	}
	for _, n := range network {
		row := scorecardRow{measure: n.measure, Network: n.Summary}
		row.Practice, row.HasResult = at[measureKey{n.Measure, n.GroupIndex}]
		v.Rows = append(v.Rows, row)
	}
	return s.render(w, http.StatusOK, "scorecard", v)
}
