package dashboard

import (
	"context"
	"database/sql"
	"fmt"
)

// stratumRow is one stratum's counts and rate for a measure group (measures.stratum_summary_history).
type stratumRow struct {
	Measure    string
	GroupIndex int
	Stratifier string
	Stratum    string
	Display    string
	summary
}

// Label names the stratum: its display, else its value, in plain words for the catch-alls.
func (r stratumRow) Label() string {
	switch r.Stratum {
	case "none":
		switch r.Stratifier {
		case "organization", "practitioner":
			return "No encounter in the period"
		case "payer_type":
			return "No coverage in the period"
		}
	case "UNK":
		return "Unknown"
	}
	if r.Display != "" && r.Display != r.Stratum {
		return r.Display
	}
	return r.Stratum
}

// stratifierInfo is a platform stratifier as the pages present it, in page order.
type stratifierInfo struct{ Code, Heading string }

var platformStratifiers = []stratifierInfo{
	{"organization", "By practice (organization of the most recent encounter in the period)"},
	{"practitioner", "By practitioner (of the most recent encounter in the period)"},
	{"age_band", "By age band (age at the end of the period)"},
	{"sex", "By sex"},
	{"race", "By race"},
	{"ethnicity", "By ethnicity"},
	{"payer_type", "By payer type"},
}

// strataFilter selects stratum rows of the primary period of a run; "" matches everything.
type strataFilter struct{ measure, stratifier, stratum string }

// strata loads the stratum rows of run that f selects, suppressed for the request's role.
func (s *Server) strata(ctx context.Context, run *computeRun, f strataFilter) ([]stratumRow, error) {
	if run == nil {
		return nil, nil
	}
	minCell := minCellFor(ctx)
	var out []stratumRow
	args := []any{run.ID, f.measure, f.measure, f.stratifier, f.stratifier, f.stratum, f.stratum}
	err := s.db.Each(ctx, s.queries.stratumSummary, args, func(rows *sql.Rows) error {
		var r stratumRow
		if err := rows.Scan(&r.Measure, &r.GroupIndex, &r.Stratifier, &r.Stratum, &r.Display,
			&r.InitialPopulation, &r.Denominator, &r.Exclusions, &r.Exceptions, &r.Numerator, &r.Rate); err != nil {
			return err
		}
		r.summary = r.summary.suppress(minCell)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("querying strata of run %d: %w", run.ID, err)
	}
	if minCell > 1 {
		suppressComplements(out)
	}
	return out, nil
}

// hiddenCount marks a cell hidden only so that a suppressed one cannot be recovered by
// subtraction (complementary suppression); formatCount shows it as "hidden".
const hiddenCount int64 = -2

// suppressComplements hides a second cell wherever one count column of a stratifier of a
// measure group has exactly one suppressed cell: the strata partition the group, so that cell
// would be the group's total less the others. The same column of the smallest other stratum is
// hidden, with its rate. rows must hold every stratum of each stratifier they touch.
func suppressComplements(rows []stratumRow) {
	type key struct {
		measure    string
		group      int
		stratifier string
		column     int
	}
	counts := func(r *stratumRow) []*int64 {
		return []*int64{&r.InitialPopulation, &r.Denominator, &r.Exclusions, &r.Exceptions, &r.Numerator}
	}
	suppressed := map[key]int{}
	smallest := map[key]int{}
	for i := range rows {
		for c, n := range counts(&rows[i]) {
			k := key{rows[i].Measure, rows[i].GroupIndex, rows[i].Stratifier, c}
			if *n == suppressedCount {
				suppressed[k]++
				continue
			}
			if j, ok := smallest[k]; !ok || *n < *counts(&rows[j])[c] {
				smallest[k] = i
			}
		}
	}
	for k, n := range suppressed {
		j, ok := smallest[k]
		if n != 1 || !ok {
			continue
		}
		*counts(&rows[j])[k.column] = hiddenCount
		if k.column > 0 { // every count but the initial population enters the rate
			rows[j].Rate = sql.NullFloat64{}
		}
	}
}

// stratifierTable is one stratifier's rows for one measure group, as a page shows it.
type stratifierTable struct {
	Code    string
	Heading string
	Rows    []stratumRow
}

// groupStrata arranges one measure group's rows into tables: the platform stratifiers in
// page order, then the Measure's own stratifiers (their ids as headings).
func groupStrata(rows []stratumRow, m measure) []stratifierTable {
	by := map[string][]stratumRow{}
	var own []string
	for _, r := range rows {
		if r.Measure != m.Measure || r.GroupIndex != m.GroupIndex {
			continue
		}
		if _, ok := by[r.Stratifier]; !ok && !isPlatformStratifier(r.Stratifier) {
			own = append(own, r.Stratifier)
		}
		by[r.Stratifier] = append(by[r.Stratifier], r)
	}
	var out []stratifierTable
	for _, p := range platformStratifiers {
		out = append(out, stratifierTable{Code: p.Code, Heading: p.Heading, Rows: by[p.Code]})
	}
	for _, id := range own {
		out = append(out, stratifierTable{Code: id, Heading: "Measure stratifier " + id, Rows: by[id]})
	}
	return out
}

func isPlatformStratifier(code string) bool {
	for _, p := range platformStratifiers {
		if p.Code == code {
			return true
		}
	}
	return false
}
