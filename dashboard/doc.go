// Package dashboard is Populace's web interface: server-rendered pages over the warehouse
// (measure overview, one measure with its trend, the care-gap list), their chi routes,
// html/template templates, go-echarts trend charts and the embedded static assets
// (our CSS and JS plus vendored ECharts). It reads the warehouse through the SQL files under
// sql/dashboard/ and writes only the audit log. It never imports ingest.
package dashboard
