package dashboard

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type measureShowView struct {
	layout
	Code           string
	Groups         []measureGroupView
	MeasureVersion string // not Version: that is the build version in layout
}

type measureGroupView struct {
	measureResult
	Trend trend
	Chart *chart
}

// measureShow shows one measure: its rate, population counts, goal, version and period,
// and its monthly trend, per population group.
func (s *Server) measureShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := chi.URLParam(r, "measure")
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	groups := measureGroups(ms, code)
	if len(groups) == 0 {
		return notFound("There is no such measure in the catalog.")
	}
	l, err := s.pageLayout(r, code+" "+groups[0].Title, "overview")
	if err != nil {
		return err
	}
	results, err := s.results(ctx, groups, l.Fresh.Run)
	if err != nil {
		return err
	}
	v := measureShowView{layout: l, Code: code, MeasureVersion: groups[0].Version}
	for i, res := range results {
		g := measureGroupView{measureResult: res}
		if run := l.Fresh.Run; run != nil {
			if g.Trend, err = s.loadTrend(ctx, run, []measure{res.measure}); err != nil {
				return err
			}
			if !g.Trend.Empty() {
				c, err := s.trendChart(chartID("trend", code, i), "Monthly trend of "+res.Label(), g.Trend, &res.measure)
				if err != nil {
					return err
				}
				g.Chart, v.Scripts = &c, c.Scripts
			}
		}
		v.Groups = append(v.Groups, g)
	}
	return s.render(w, http.StatusOK, "measure_show", v)
}
