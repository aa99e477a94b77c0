package dashboard

import "net/http"

type overviewView struct {
	layout
	Results []measureResult
	Trend   trend
	Chart   *chart
}

// overview shows every measure's current rate for the primary period of the latest
// succeeded compute run, against its goal, and the monthly trend of all of them.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.pageLayout(r, "Overview", "overview")
	if err != nil {
		return err
	}
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	v := overviewView{layout: l}
	if v.Results, err = s.results(ctx, ms, l.Fresh.Run); err != nil {
		return err
	}
	if run := l.Fresh.Run; run != nil {
		if v.Trend, err = s.loadTrend(ctx, run, ms); err != nil {
			return err
		}
		if !v.Trend.Empty() {
			c, err := s.trendChart("trend-all", "Monthly trend of every measure's rate", v.Trend, nil)
			if err != nil {
				return err
			}
			v.Chart, v.Scripts = &c, c.Scripts
		}
	}
	return s.render(w, http.StatusOK, "overview", v)
}
