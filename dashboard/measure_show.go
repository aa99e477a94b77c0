package dashboard

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type measureShowView struct {
	layout
	Code           string
	Groups         []measureGroupView
	MeasureVersion string // not Version: that is the build version in layout
	GoalSaved      bool   // the goal form just saved
}

type measureGroupView struct {
	measureResult
	Trend  trend
	Chart  *chart
	Change change
	Strata []stratifierTable
}

// Populations are the patient lists of the group, for the roles that may open them.
func (g measureGroupView) Populations() []population { return populations }

// measureShow shows one measure: per population group its rate, population counts, goal,
// change since the last period, 24-month trend, and performance by practice, practitioner,
// age band, sex, race, ethnicity and payer; for quality managers, links to the patient lists,
// exports and the goal form. Small cells are suppressed for executives.
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
	l, err := s.pageLayout(r, code+" "+groups[0].Title, "measures")
	if err != nil {
		return err
	}
	v, err := cachedAggregate(ctx, &s.agg, l.Fresh.Run, "measure/"+code, func() (measureShowView, error) {
		return s.measureShowData(ctx, l.Fresh.Run, code, groups)
	})
	if err != nil {
		return err
	}
	v.layout = l
	v.GoalSaved = r.URL.Query().Get("goal") == "saved"
	for _, g := range v.Groups {
		if g.Chart != nil {
			v.Scripts = g.Chart.Scripts
		}
	}
	return s.render(w, http.StatusOK, "measure_show", v)
}

// measureShowData computes one measure's figures for run (nil: before any run), without the
// page frame: it is cached per run (aggregate_cache.go).
func (s *Server) measureShowData(ctx context.Context, run *computeRun, code string, groups []measure) (measureShowView, error) {
	v := measureShowView{Code: code, MeasureVersion: groups[0].Version}
	results, err := s.results(ctx, groups, run)
	if err != nil {
		return v, err
	}
	changes, err := s.changes(ctx, run)
	if err != nil {
		return v, err
	}
	strata, err := s.strata(ctx, run, strataFilter{measure: code})
	if err != nil {
		return v, err
	}
	for i, res := range results {
		g := measureGroupView{measureResult: res, Change: changes[measureKey{res.Measure, res.GroupIndex}]}
		if run != nil {
			g.Strata = groupStrata(strata, res.measure)
			if g.Trend, err = s.loadTrend(ctx, run, []measure{res.measure}); err != nil {
				return v, err
			}
			if !g.Trend.Empty() {
				c, err := s.trendChart(chartID("trend", code, i), "Monthly trend of "+res.Label(), g.Trend, &res.measure)
				if err != nil {
					return v, err
				}
				g.Chart = &c
			}
		}
		v.Groups = append(v.Groups, g)
	}
	return v, nil
}
