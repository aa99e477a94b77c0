package measures

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"populace/warehouse"
)

// MeasureReportOptions says which FHIR MeasureReports to write and where.
type MeasureReportOptions struct {
	Dir     string // reports go to Dir/<measure>/summary.json and Dir/<measure>/individual/<provider>/<patient id>.json
	Measure string // e.g. CMS122; "" = all
	RunID   int64  // 0 = the latest succeeded run
}

// MeasureReportCounts says how many reports were written.
type MeasureReportCounts struct{ Individual, Summary int }

// FHIR code systems of MeasureReport elements.
const (
	systemMeasurePopulation  = "http://terminology.hl7.org/CodeSystem/measure-population"
	systemImprovementNotaton = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation"
	systemStratifier         = "urn:populace:stratifier"
)

var populationDisplay = map[string]string{
	"initial-population":    "Initial Population",
	"denominator":           "Denominator",
	"denominator-exclusion": "Denominator Exclusion",
	"denominator-exception": "Denominator Exception",
	"numerator":             "Numerator",
}

// platformStratifiers are the stratifiers of measures.stratum__person, in report order.
var platformStratifiers = []struct{ code, text, valueSystem string }{
	{"age_band", "Age band at the end of the measurement period", ""},
	{"sex", "Administrative sex", "http://hl7.org/fhir/administrative-gender"},
	{"race", "Race (US Core, OMB category)", "urn:oid:2.16.840.1.113883.6.238"},
	{"ethnicity", "Ethnicity (US Core, OMB category)", "urn:oid:2.16.840.1.113883.6.238"},
	{"payer_type", "Payer type of the coverage in effect (Source of Payment Typology)", "https://nahdo.org/sopt"},
	{"organization", "Organization of the most recent encounter in the period", ""},
	{"practitioner", "Practitioner of the most recent encounter in the period", ""},
}

// FHIR R4 MeasureReport, the elements Populace fills.
type (
	fhirCoding struct {
		System  string `json:"system,omitempty"`
		Code    string `json:"code,omitempty"`
		Display string `json:"display,omitempty"`
	}
	fhirConcept struct {
		Coding []fhirCoding `json:"coding,omitempty"`
		Text   string       `json:"text,omitempty"`
	}
	fhirReference struct {
		Reference string `json:"reference"`
	}
	fhirPeriod struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	fhirQuantity struct {
		Value float64 `json:"value"`
	}
	reportPopulation struct {
		Code  fhirConcept `json:"code"`
		Count int64       `json:"count"`
	}
	reportStratum struct {
		Value        fhirConcept        `json:"value"`
		Population   []reportPopulation `json:"population,omitempty"`
		MeasureScore *fhirQuantity      `json:"measureScore,omitempty"`
	}
	reportStratifier struct {
		ID      string          `json:"id,omitempty"`
		Code    []fhirConcept   `json:"code,omitempty"`
		Stratum []reportStratum `json:"stratum,omitempty"`
	}
	reportGroup struct {
		Population   []reportPopulation `json:"population,omitempty"`
		MeasureScore *fhirQuantity      `json:"measureScore,omitempty"`
		Stratifier   []reportStratifier `json:"stratifier,omitempty"`
	}
	measureReport struct {
		ResourceType        string         `json:"resourceType"`
		ID                  string         `json:"id"`
		Status              string         `json:"status"`
		Type                string         `json:"type"`
		Measure             string         `json:"measure"`
		Subject             *fhirReference `json:"subject,omitempty"`
		Date                string         `json:"date,omitempty"`
		Period              fhirPeriod     `json:"period"`
		ImprovementNotation *fhirConcept   `json:"improvementNotation,omitempty"`
		Group               []reportGroup  `json:"group"`
	}
)

// reportMeasure is what a report says about its Measure, from the catalog.
type reportMeasure struct {
	id, url, version, improvement string
	groups                        []reportMeasureGroup
}

type reportMeasureGroup struct {
	index                      int
	hasExclusion, hasException bool
	stratifiers                []reportMeasureStratifier // the Measure's own
}

type reportMeasureStratifier struct{ id, expression, description string }

// populations lists the population codes a group defines, in MeasureReport order.
func (g reportMeasureGroup) populations() []string {
	out := []string{"initial-population", "denominator"}
	if g.hasExclusion {
		out = append(out, "denominator-exclusion")
	}
	if g.hasException {
		out = append(out, "denominator-exception")
	}
	return append(out, "numerator")
}

func populationCode(code string) fhirConcept {
	return fhirConcept{Coding: []fhirCoding{{System: systemMeasurePopulation, Code: code, Display: populationDisplay[code]}}}
}

// WriteMeasureReports writes, for the primary period of a run, an individual MeasureReport
// per person and measure (every person the CSV results list) and a summary MeasureReport per
// measure with its population counts, measure score and stratifier results. One file per
// report, FHIR R4 JSON.
func WriteMeasureReports(ctx context.Context, db *warehouse.DB, opt MeasureReportOptions) (MeasureReportCounts, error) {
	var n MeasureReportCounts
	run := opt.RunID
	if run == 0 {
		var err error
		if run, err = LatestRun(ctx, db); err != nil {
			return n, err
		}
	}
	base, err := reportBase(ctx, db, run)
	if err != nil {
		return n, err
	}
	catalog, err := reportMeasures(ctx, db, opt.Measure)
	if err != nil {
		return n, err
	}
	for _, m := range catalog {
		if err := os.MkdirAll(filepath.Join(opt.Dir, safeName(m.id)), 0o755); err != nil {
			return n, fmt.Errorf("creating report folder: %w", err)
		}
	}
	for _, m := range catalog {
		if err := writeSummaryReport(ctx, db, opt.Dir, run, base, m); err != nil {
			return n, err
		}
		n.Summary++
	}
	n.Individual, err = writeIndividualReports(ctx, db, opt, run, base, catalog)
	return n, err
}

// reportBase is what every report of a run shares: status, period and date.
func reportBase(ctx context.Context, db *warehouse.DB, run int64) (measureReport, error) {
	var start, end time.Time
	var finished sql.NullTime
	if err := db.SQL().QueryRowContext(ctx, `select period_start, period_end, finished_at from meta.compute_run where run_id = ? and status = 'succeeded'`, run).
		Scan(&start, &end, &finished); err != nil {
		return measureReport{}, fmt.Errorf("reading run %d: %w", run, err)
	}
	base := measureReport{
		ResourceType: "MeasureReport",
		Status:       "complete",
		Period:       fhirPeriod{Start: start.Format(time.DateOnly), End: end.Format(time.DateOnly)},
	}
	if finished.Valid {
		base.Date = finished.Time.UTC().Format(time.RFC3339)
	}
	return base, nil
}

// WriteSummaryMeasureReport writes the summary MeasureReport of one measure in a run (0 =
// the latest succeeded) to w as FHIR R4 JSON, without the individual reports.
func WriteSummaryMeasureReport(ctx context.Context, db *warehouse.DB, w io.Writer, measure string, run int64) error {
	if run == 0 {
		var err error
		if run, err = LatestRun(ctx, db); err != nil {
			return err
		}
	}
	base, err := reportBase(ctx, db, run)
	if err != nil {
		return err
	}
	catalog, err := reportMeasures(ctx, db, measure)
	if err != nil {
		return err
	}
	if len(catalog) != 1 {
		return fmt.Errorf("measure %q is not in the catalog", measure)
	}
	r, err := summaryReport(ctx, db, run, base, catalog[0])
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding report %s: %w", r.ID, err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// reportMeasures reads the catalog: canonical URL (measures.catalog_canonical, else the MADiE
// URL of the library), version, improvement notation, groups and the Measure's stratifiers.
func reportMeasures(ctx context.Context, db *warehouse.DB, measure string) ([]*reportMeasure, error) {
	const query = `
		select
			c.measure, coalesce(u.url, 'https://madie.cms.gov/Measure/' || c.library), c.version,
			c.improvement, c.group_index, c.has_exclusion, c.has_exception,
			coalesce(s.stratifier_id, ''), coalesce(s.expression, ''), coalesce(s.description, '')
		from measures.catalog as c
		left join measures.catalog_canonical as u on u.measure = c.measure
		left join measures.catalog_stratifier as s
			on s.measure = c.measure and s.group_index = c.group_index
		where ? = '' or c.measure = ?
		order by c.measure, c.group_index, s.stratifier_id`
	var out []*reportMeasure
	err := db.Each(ctx, query, []any{measure, measure}, func(rows *sql.Rows) error {
		var m reportMeasure
		var g reportMeasureGroup
		var s reportMeasureStratifier
		if err := rows.Scan(&m.id, &m.url, &m.version, &m.improvement, &g.index, &g.hasExclusion, &g.hasException,
			&s.id, &s.expression, &s.description); err != nil {
			return err
		}
		if len(out) == 0 || out[len(out)-1].id != m.id {
			out = append(out, &m)
		}
		cur := out[len(out)-1]
		if len(cur.groups) == 0 || cur.groups[len(cur.groups)-1].index != g.index {
			cur.groups = append(cur.groups, g)
		}
		if s.id != "" {
			last := &cur.groups[len(cur.groups)-1]
			last.stratifiers = append(last.stratifiers, s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the measure catalog: %w", err)
	}
	return out, nil
}

func (m *reportMeasure) header(base measureReport) measureReport {
	r := base
	r.Measure = m.url + "|" + m.version
	r.ImprovementNotation = &fhirConcept{Coding: []fhirCoding{{System: systemImprovementNotaton, Code: m.improvement}}}
	return r
}

// writeSummaryReport writes Dir/<measure>/summary.json.
func writeSummaryReport(ctx context.Context, db *warehouse.DB, dir string, run int64, base measureReport, m *reportMeasure) error {
	r, err := summaryReport(ctx, db, run, base, m)
	if err != nil {
		return err
	}
	return writeReport(filepath.Join(dir, safeName(m.id), "summary.json"), r)
}

// summaryReport builds a measure's summary MeasureReport: counts, score and strata per group.
func summaryReport(ctx context.Context, db *warehouse.DB, run int64, base measureReport, m *reportMeasure) (measureReport, error) {
	r := m.header(base)
	r.Type = "summary"
	r.ID = fmt.Sprintf("%s-r%d-summary", strings.ToLower(m.id), run)
	byIndex := map[int]*reportGroup{}
	r.Group = make([]reportGroup, len(m.groups))
	for i, g := range m.groups {
		byIndex[g.index] = &r.Group[i]
	}
	const totals = `
		select group_index, initial_population, denominator, denominator_exclusion,
			denominator_exception, numerator, performance_rate
		from measures.summary_history
		where run_id = ? and period_key = 'primary' and measure = ?`
	err := db.Each(ctx, totals, []any{run, m.id}, func(rows *sql.Rows) error {
		var idx int
		var c [5]int64
		var rate sql.NullFloat64
		if err := rows.Scan(&idx, &c[0], &c[1], &c[2], &c[3], &c[4], &rate); err != nil {
			return err
		}
		g, ok := byIndex[idx]
		if !ok {
			return nil
		}
		g.Population, g.MeasureScore = reportCounts(m.group(idx), c, rate)
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("reading the summary of %s in run %d: %w", m.id, run, err)
	}
	// Strata, grouped by stratifier in the order of platformStratifiers, then the Measure's own.
	strata := map[int]map[string][]reportStratum{}
	const byStratum = `
		select group_index, stratifier, stratum, coalesce(stratum_display, ''), initial_population,
			denominator, denominator_exclusion, denominator_exception, numerator, performance_rate
		from measures.stratum_summary_history
		where run_id = ? and period_key = 'primary' and measure = ?
		order by group_index, stratifier, stratum`
	err = db.Each(ctx, byStratum, []any{run, m.id}, func(rows *sql.Rows) error {
		var idx int
		var stratifier, stratum, display string
		var c [5]int64
		var rate sql.NullFloat64
		if err := rows.Scan(&idx, &stratifier, &stratum, &display, &c[0], &c[1], &c[2], &c[3], &c[4], &rate); err != nil {
			return err
		}
		if strata[idx] == nil {
			strata[idx] = map[string][]reportStratum{}
		}
		s := reportStratum{Value: stratumValue(stratifier, stratum, display)}
		s.Population, s.MeasureScore = reportCounts(m.group(idx), c, rate)
		strata[idx][stratifier] = append(strata[idx][stratifier], s)
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("reading the strata of %s in run %d: %w", m.id, run, err)
	}
	for i, g := range m.groups {
		for _, ps := range platformStratifiers {
			r.Group[i].Stratifier = append(r.Group[i].Stratifier, reportStratifier{
				Code:    []fhirConcept{{Coding: []fhirCoding{{System: systemStratifier, Code: ps.code}}, Text: ps.text}},
				Stratum: strata[g.index][ps.code],
			})
		}
		for _, ms := range g.stratifiers {
			text := ms.expression
			if ms.description != "" {
				text += ": " + ms.description
			}
			r.Group[i].Stratifier = append(r.Group[i].Stratifier, reportStratifier{
				ID:      ms.id,
				Code:    []fhirConcept{{Text: text}},
				Stratum: strata[g.index][ms.id],
			})
		}
	}
	return r, nil
}

func (m *reportMeasure) group(index int) reportMeasureGroup {
	for _, g := range m.groups {
		if g.index == index {
			return g
		}
	}
	return reportMeasureGroup{index: index}
}

// reportCounts turns counts in Populations order into the populations the group defines, and
// the rate into a measure score (none when undefined).
func reportCounts(g reportMeasureGroup, c [5]int64, rate sql.NullFloat64) ([]reportPopulation, *fhirQuantity) {
	idx := map[string]int{}
	for i, p := range Populations {
		idx[p] = i
	}
	var pops []reportPopulation
	for _, p := range g.populations() {
		pops = append(pops, reportPopulation{Code: populationCode(p), Count: c[idx[p]]})
	}
	if !rate.Valid {
		return pops, nil
	}
	return pops, &fhirQuantity{Value: rate.Float64}
}

// stratumValue is a stratum's value: a coding where the stratifier's values are codes of a
// known system, else text.
func stratumValue(stratifier, stratum, display string) fhirConcept {
	text := stratum
	if display != "" {
		text = display
	}
	for _, ps := range platformStratifiers {
		if ps.code != stratifier || ps.valueSystem == "" {
			continue
		}
		switch stratum {
		case "UNK":
			return fhirConcept{Coding: []fhirCoding{{System: "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", Code: "UNK", Display: "Unknown"}}, Text: text}
		case "none":
			return fhirConcept{Text: "none"}
		}
		return fhirConcept{Coding: []fhirCoding{{System: ps.valueSystem, Code: stratum, Display: display}}, Text: text}
	}
	return fhirConcept{Text: text}
}

// writeIndividualReports writes one report per person and measure, from the rows the CSV
// results are made of, ordered so that a person's groups of a measure come together.
func writeIndividualReports(ctx context.Context, db *warehouse.DB, opt MeasureReportOptions, run int64, base measureReport, catalog []*reportMeasure) (int, error) {
	byID := map[string]*reportMeasure{}
	for _, m := range catalog {
		byID[m.id] = m
	}
	var (
		n       int
		cur     *measureReport
		curPath string
	)
	flush := func() error {
		if cur == nil {
			return nil
		}
		if err := writeReport(curPath, *cur); err != nil {
			return err
		}
		n++
		cur = nil
		return nil
	}
	made := map[string]bool{}
	query := resultRowsQuery + `
		order by 3, 1, 2, 4`
	err := db.Each(ctx, query, []any{run, opt.Measure, opt.Measure, opt.Measure, opt.Measure, run}, func(rows *sql.Rows) error {
		var (
			provider, patient, measure               sql.NullString
			group                                    int
			ip, den, hasExcl, excl, hasExc, exc, num bool
		)
		if err := rows.Scan(&provider, &patient, &measure, &group, &ip, &den, &hasExcl, &excl, &hasExc, &exc, &num); err != nil {
			return err
		}
		m := byID[measure.String]
		if m == nil || patient.String == "" {
			return nil
		}
		dir := filepath.Join(opt.Dir, safeName(m.id), "individual", safeName(provider.String))
		path := filepath.Join(dir, safeName(patient.String)+".json")
		if cur == nil || path != curPath {
			if err := flush(); err != nil {
				return err
			}
			if !made[dir] {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return fmt.Errorf("creating report folder: %w", err)
				}
				made[dir] = true
			}
			r := m.header(base)
			r.Type = "individual"
			sum := sha256.Sum256([]byte(provider.String + "/" + patient.String))
			r.ID = fmt.Sprintf("%s-r%d-%x", strings.ToLower(m.id), run, sum[:8])
			r.Subject = &fhirReference{Reference: "Patient/" + patient.String}
			r.Group = make([]reportGroup, len(m.groups))
			cur, curPath = &r, path
		}
		g := m.group(group)
		for i := range m.groups {
			if m.groups[i].index == group {
				c := [5]int64{b2i(ip), b2i(den), b2i(excl), b2i(exc), b2i(num)}
				cur.Group[i].Population, _ = reportCounts(g, c, sql.NullFloat64{})
			}
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return n, fmt.Errorf("writing individual reports of run %d: %w", run, err)
	}
	return n, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func writeReport(path string, r measureReport) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding report %s: %w", r.ID, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		// The path names the patient; the report id does not.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("writing report %s: %w", r.ID, err)
	}
	return nil
}

// safeName keeps a file name to letters, digits, '.', '-' and '_' (FHIR ids and provider
// ids already are), so no id can name a path outside the report folder.
func safeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	out := string(b)
	if out == "" || strings.Trim(out, ".") == "" {
		return "_" + out
	}
	return out
}
