package dashboard

import "net/http"

type measureListView struct {
	layout
	Rows []measureChangeRow
}

// measureList is the measure table: every group of every catalog measure with its rate,
// numerator, denominator, exclusions, exceptions, change since the last period and goal.
// Aggregates only: every role, with small cells suppressed for executives.
func (s *Server) measureList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.pageLayout(r, "Measures", "measures")
	if err != nil {
		return err
	}
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	results, err := s.results(ctx, ms, l.Fresh.Run)
	if err != nil {
		return err
	}
	changes, err := s.changes(ctx, l.Fresh.Run)
	if err != nil {
		return err
	}
	v := measureListView{layout: l}
	for _, res := range results {
		v.Rows = append(v.Rows, measureChangeRow{measureResult: res, Change: changes[measureKey{res.Measure, res.GroupIndex}]})
	}
	return s.render(w, http.StatusOK, "measure_list", v)
}
