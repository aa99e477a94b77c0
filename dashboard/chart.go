package dashboard

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// chart is a go-echarts chart rendered for our layout. The strict CSP forbids the inline
// <script> go-echarts writes, so we keep only its option JSON: the template puts it in the
// chart element's data-echarts-option attribute and static/js/charts.js draws it.
type chart struct {
	ID      string
	Label   string   // accessible name of the chart element
	Option  string   // ECharts option, JSON
	Scripts []string // JS the chart needs, under our static host (go-echarts' AssetsHost)
}

// trendChart draws one line per series of t, the rate in percent against the month each
// rolling 12-month period ends; with goal set, the goal as a dashed line.
func (s *Server) trendChart(id, label string, t trend, goal *measure) (chart, error) {
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    id,
			AssetsHost: s.static.url("vendor/echarts/"),
			Theme:      "white",
			Renderer:   "canvas",
		}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "36", Top: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "12 months ending", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "value", Name: "Rate", Min: 0, Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"},
		}),
	)
	months := make([]string, len(t.Months))
	for i, m := range t.Months {
		months[i] = monthLabel(m)
	}
	line.SetXAxis(months)
	for _, series := range t.Series {
		data := make([]opts.LineData, len(series.Rates))
		for i, r := range series.Rates {
			data[i] = opts.LineData{Value: "-"} // ECharts' empty point
			if r.Valid {
				data[i] = opts.LineData{Value: math.Round(r.Float64*1000) / 10}
			}
		}
		line.AddSeries(series.Label(), data)
	}
	if goal != nil && goal.Goal.Valid {
		data := make([]opts.LineData, len(t.Months))
		for i := range data {
			data[i] = opts.LineData{Value: math.Round(goal.Goal.Float64*1000) / 10}
		}
		line.AddSeries("Goal", data,
			charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Color: "#6b6b6b"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#6b6b6b"}),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}

	snippet := line.RenderSnippet()
	option := strings.TrimSuffix(strings.TrimSpace(snippet.Option), ";")
	if !json.Valid([]byte(option)) {
		return chart{}, fmt.Errorf("rendering chart %s: go-echarts option is not JSON", id)
	}
	c := chart{ID: id, Label: label, Option: option}
	for _, src := range line.JSAssets.Values {
		if !strings.HasPrefix(src, s.static.prefix) {
			return chart{}, fmt.Errorf("rendering chart %s: asset %s is not ours", id, src)
		}
		c.Scripts = append(c.Scripts, src)
	}
	c.Scripts = append(c.Scripts, s.static.url("js/charts.js"))
	return c, nil
}

// chartID makes an element id from parts: trend-cms122-0.
func chartID(prefix, code string, group int) string {
	return fmt.Sprintf("%s-%s-%d", prefix, strings.ToLower(code), group)
}
