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
	l, err := s.pageLayout(r, "", "measures")
	if err != nil {
		return err
	}
	ms, err := s.cachedCatalog(ctx, l.Fresh.Run) // page_cache.go
	if err != nil {
		return err
	}
	groups := measureGroups(ms, code)
	if len(groups) == 0 {
		return notFound("There is no such measure in the catalog.")
	}
	l.Title = code + " " + groups[0].Title
	v, err := cachedAggregate(ctx, &s.agg, l.Fresh.Run, "measure/"+code, func() (measureShowView, error) {
		return s.measureShowData(ctx, l.Fresh.Run, code, groups)
	})
	if err != nil {
		return err
	}
	for _, g := range v.Groups {
		if g.Chart != nil {
			l.Scripts = g.Chart.Scripts
		}
	}
	v.layout = l
	v.GoalSaved = r.URL.Query().Get("goal") == "saved"
	variant := code
	if v.GoalSaved {
		variant += "/goal-saved"
	}
	return s.renderCachedContent(ctx, w, "measure_show", variant, l, v) // page_cache.go
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
