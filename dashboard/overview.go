package dashboard

import (
	"context"
	"net/http"
)

type overviewView struct {
	layout
	Results   []measureResult
	KPIs      networkKPIs
	Changes   []measureChangeRow
	Trend     trend
	Chart     *chart
	Goals     []goalTrend // each measure group's trend against its goal
	Practices practiceComparison
}

// measureChangeRow is a measure group with its change since the last period.
type measureChangeRow struct {
	measureResult
	Change change
}

// goalTrend is one measure group's monthly trend with its goal, drawn small.
type goalTrend struct {
	measure
	Chart chart
}

// overview is the executive overview, the first page of every role: network figures, every
// measure's current rate against its goal, what changed since the last period, the monthly
// trend of all measures and of each against its goal, and the practices compared. Aggregates
// only; cells under MinCellSize people are suppressed for executives.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.pageLayout(r, "Overview", "overview")
	if err != nil {
		return err
	}
	v, err := cachedAggregate(ctx, &s.agg, l.Fresh.Run, "overview", func() (overviewView, error) {
		return s.overviewData(ctx, l.Fresh.Run)
	})
	if err != nil {
		return err
	}
	if v.Chart != nil {
		l.Scripts = v.Chart.Scripts
	}
	v.layout = l
	return s.renderCachedContent(ctx, w, "overview", "", l, v) // page_cache.go
}

// overviewData computes the overview's figures for run (nil: before any run), without the
// page frame: it is cached per run (aggregate_cache.go).
func (s *Server) overviewData(ctx context.Context, run *computeRun) (overviewView, error) {
	var v overviewView
	ms, err := s.catalog(ctx)
	if err != nil {
		return v, err
	}
	if v.Results, err = s.results(ctx, ms, run); err != nil {
		return v, err
	}
	if v.KPIs, err = s.kpis(ctx, run, v.Results); err != nil {
		return v, err
	}
	if run == nil {
		return v, nil
	}
	changes, err := s.changes(ctx, run)
	if err != nil {
		return v, err
	}
	for _, res := range v.Results {
		if c, ok := changes[measureKey{res.Measure, res.GroupIndex}]; ok {
			v.Changes = append(v.Changes, measureChangeRow{measureResult: res, Change: c})
		}
	}
	if v.Trend, err = s.loadTrend(ctx, run, ms); err != nil {
		return v, err
	}
	if !v.Trend.Empty() {
		c, err := s.trendChart("trend-all", "Monthly trend of every measure's rate", v.Trend, nil)
		if err != nil {
			return v, err
		}
		v.Chart = &c
		for _, series := range v.Trend.Series {
			one := trend{Months: v.Trend.Months, Series: []trendSeries{series}}
			c, err := s.trendChart(chartID("goal", series.Measure, series.GroupIndex),
				"Monthly trend of "+series.Label()+" against its goal", one, &series.measure)
			if err != nil {
				return v, err
			}
			v.Goals = append(v.Goals, goalTrend{measure: series.measure, Chart: c})
		}
	}
	if v.Practices, err = s.comparePractices(ctx, run, ms); err != nil {
		return v, err
	}
	return v, nil
}
