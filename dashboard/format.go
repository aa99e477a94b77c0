package dashboard

import (
	"database/sql"
	"html/template"
	"strconv"
	"time"
)

// templateFuncs are the formatting helpers templates use.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"percent":  formatPercent,
		"count":    formatCount,
		"role":     formatRole,
		"date":     formatDate,
		"datetime": formatDateTime,
		"add":      func(a, b int) int { return a + b },
		// quality-manager and executive pages (issue 6 items 2 and 3)
		"points":    formatPoints,
		"plinkArgs": plinkArgs,
	}
}

// formatPercent shows a 0..1 rate as a percentage with one decimal; a missing rate (no
// eligible patients) as a dash.
func formatPercent(rate sql.NullFloat64) string {
	if !rate.Valid {
		return "–"
	}
	return strconv.FormatFloat(rate.Float64*100, 'f', 1, 64) + "%"
}

// formatCount groups thousands with commas: 12,345.
func formatCount(n int64) string {
	if n == suppressedCount {
		return "<11"
	}
	if n == hiddenCount {
		return "hidden" // complementary suppression (strata.go)
	}
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ","...)
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("2006-01-02")
}

func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("2006-01-02 15:04") + " UTC"
}

// monthLabel labels a trend point by the month its 12-month period ends in.
func monthLabel(t time.Time) string { return t.Format("Jan 2006") }

// formatRole shows a role in plain words.
func formatRole(r Role) string {
	switch r {
	case RoleExecutive:
		return "executive"
	case RoleQualityManager:
		return "quality manager"
	case RoleCareCoordinator:
		return "care coordinator"
	case RoleAdministrator:
		return "administrator"
	}
	return string(r)
}
