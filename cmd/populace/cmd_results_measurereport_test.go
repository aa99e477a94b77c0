package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"populace/measures"
	"populace/warehouse"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// testMeasureReportExport writes the MeasureReports of a run and checks them against the
// CSV results of the same run: one individual report per CSV person and measure with the
// CSV's populations, and a summary per measure whose counts and strata add up.
func testMeasureReportExport(t *testing.T, env map[string]string) {
	results := csvResults(t, env, "1")
	out := filepath.Join(t.TempDir(), "reports")
	code, stdout, stderr := populace(t, env, "results", "--format", "measurereport", "--run", "1", "--out", out)
	if code != 0 {
		t.Fatalf("results --format measurereport: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "MeasureReports") {
		t.Errorf("no summary line: %s", stdout)
	}
	measuresSeen := map[string]bool{}
	for k := range results {
		measuresSeen[k[2]] = true
	}
	popIndex := map[string]int{"initial-population": 0, "denominator": 1, "denominator-exclusion": 2, "denominator-exception": 3, "numerator": 4}
	counts := groupCounts(results)
	for m := range measuresSeen {
		t.Run(m, func(t *testing.T) {
			// Individual reports: one per CSV person.
			persons := map[[2]string]bool{}
			for k := range results {
				if k[2] == m {
					persons[[2]string{k[0], k[1]}] = true
				}
			}
			files, err := filepath.Glob(filepath.Join(out, m, "individual", "*", "*.json"))
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(persons) {
				t.Fatalf("%d individual reports, the CSV has %d persons", len(files), len(persons))
			}
			for _, f := range files {
				r := readReport(t, f)
				provider := filepath.Base(filepath.Dir(f))
				patient := strings.TrimSuffix(filepath.Base(f), ".json")
				checkReportShape(t, r, "individual")
				if r.Subject == nil || r.Subject.Reference != "Patient/"+patient {
					t.Fatalf("%s: subject %+v", f, r.Subject)
				}
				for gi, g := range r.Group {
					csvPops := results[[4]string{provider, patient, m, strconv.Itoa(gi)}]
					if csvPops == nil {
						t.Fatalf("%s group %d: not in the CSV results", f, gi)
					}
					if len(g.Population) != definedPopulations(csvPops) {
						t.Errorf("%s group %d: %d populations, the CSV defines %d", f, gi, len(g.Population), definedPopulations(csvPops))
					}
					for _, p := range g.Population {
						if want := csvPops[popIndex[p.Code.Coding[0].Code]]; strconv.Itoa(int(p.Count)) != want {
							t.Errorf("%s group %d %s: count %d, CSV %q", f, gi, p.Code.Coding[0].Code, p.Count, want)
						}
					}
				}
			}
			// The summary report: totals as the CSV, and every stratifier's strata add up to them.
			r := readReport(t, filepath.Join(out, m, "summary.json"))
			checkReportShape(t, r, "summary")
			// The summary alone (the dashboard's download) is the same document.
			if alone, err := summaryAlone(t, env["POPULACE_DB"], m); err != nil {
				t.Error(err)
			} else if onDisk, _ := os.ReadFile(filepath.Join(out, m, "summary.json")); !bytes.Equal(alone, onDisk) {
				t.Errorf("%s: WriteSummaryMeasureReport differs from the exported summary.json", m)
			}
			for gi, g := range r.Group {
				want := counts[[2]string{m, strconv.Itoa(gi)}]
				total := map[string]int64{}
				for _, p := range g.Population {
					code := p.Code.Coding[0].Code
					total[code] = p.Count
					if int(p.Count) != want[popIndex[code]] {
						t.Errorf("summary group %d %s: %d, CSV %d", gi, code, p.Count, want[popIndex[code]])
					}
				}
				if len(g.Stratifier) < 7 {
					t.Errorf("summary group %d: %d stratifiers, want the 7 platform ones at least", gi, len(g.Stratifier))
				}
				for _, s := range g.Stratifier {
					sum := map[string]int64{}
					for _, st := range s.Stratum {
						if st.Value.Text == "" && len(st.Value.Coding) == 0 {
							t.Errorf("stratum without a value in %v", s.Code)
						}
						for _, p := range st.Population {
							sum[p.Code.Coding[0].Code] += p.Count
						}
					}
					for code, n := range total {
						if sum[code] != n {
							t.Errorf("summary group %d stratifier %v: strata add up to %d %s, the group has %d", gi, s.Code, sum[code], code, n)
						}
					}
				}
			}
		})
	}
}

func definedPopulations(csvPops []string) int {
	n := 0
	for _, v := range csvPops {
		if v != "" {
			n++
		}
	}
	return n
}

type testReport struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Status       string `json:"status"`
	Type         string `json:"type"`
	Measure      string `json:"measure"`
	Date         string `json:"date"`
	Subject      *struct {
		Reference string `json:"reference"`
	} `json:"subject"`
	Period struct {
		Start string `json:"start"`
		End   string `json:"end"`
	} `json:"period"`
	Group []struct {
		Population []testPopulation `json:"population"`
		Stratifier []struct {
			Code    []testConcept `json:"code"`
			Stratum []struct {
				Value      testConcept      `json:"value"`
				Population []testPopulation `json:"population"`
			} `json:"stratum"`
		} `json:"stratifier"`
	} `json:"group"`
}

type testConcept struct {
	Coding []struct {
		System, Code string
	} `json:"coding"`
	Text string `json:"text"`
}

type testPopulation struct {
	Code  testConcept `json:"code"`
	Count int64       `json:"count"`
}

func readReport(t *testing.T, path string) testReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r testReport
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("%s is not JSON: %v", path, err)
	}
	// Only elements of the FHIR R4 MeasureReport.
	checkElements(t, path, data)
	return r
}

// checkReportShape checks the required elements of an R4 MeasureReport.
func checkReportShape(t *testing.T, r testReport, typ string) {
	t.Helper()
	switch {
	case r.ResourceType != "MeasureReport":
		t.Fatalf("resourceType %q", r.ResourceType)
	case r.Type != typ || r.Status != "complete":
		t.Fatalf("type %q status %q", r.Type, r.Status)
	case !strings.HasPrefix(r.Measure, "https://madie.cms.gov/Measure/") || !strings.Contains(r.Measure, "|"):
		t.Fatalf("measure %q: want the canonical url|version", r.Measure)
	case r.Period.Start != "2025-01-01" || r.Period.End != "2025-12-31":
		t.Fatalf("period %+v", r.Period)
	case len(r.ID) == 0 || len(r.ID) > 64 || strings.Trim(r.ID, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != "":
		t.Fatalf("id %q is not a FHIR id", r.ID)
	case !strings.HasSuffix(r.Date, "Z"):
		t.Fatalf("date %q", r.Date)
	case len(r.Group) == 0:
		t.Fatal("no groups")
	}
	for _, g := range r.Group {
		for _, p := range g.Population {
			if len(p.Code.Coding) != 1 || p.Code.Coding[0].System != "http://terminology.hl7.org/CodeSystem/measure-population" {
				t.Fatalf("population code %+v", p.Code)
			}
		}
	}
}

// r4Elements are the JSON keys allowed at each path of the MeasureReports Populace writes
// (a subset of the R4 MeasureReport and its datatypes).
var r4Elements = map[string][]string{
	"":                                      {"resourceType", "id", "status", "type", "measure", "subject", "date", "period", "improvementNotation", "group"},
	"subject":                               {"reference"},
	"period":                                {"start", "end"},
	"improvementNotation":                   {"coding", "text"},
	"group":                                 {"population", "measureScore", "stratifier"},
	"group.population":                      {"code", "count"},
	"group.measureScore":                    {"value"},
	"group.stratifier":                      {"id", "code", "stratum"},
	"group.stratifier.stratum":              {"value", "population", "measureScore"},
	"group.stratifier.stratum.population":   {"code", "count"},
	"group.stratifier.stratum.measureScore": {"value"},
}

// checkElements fails when a report has a key that is not an element of the R4 resource.
func checkElements(t *testing.T, name string, data []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case []any:
			if len(x) == 0 {
				t.Errorf("%s: empty array at %q (FHIR JSON omits empty elements)", name, path)
			}
			for _, e := range x {
				walk(path, e)
			}
		case map[string]any:
			allowed, known := r4Elements[path]
			if strings.HasSuffix(path, "code") || strings.HasSuffix(path, "value") || path == "improvementNotation" {
				allowed, known = []string{"coding", "text"}, true
			}
			if strings.HasSuffix(path, "coding") {
				allowed, known = []string{"system", "code", "display"}, true
			}
			if !known {
				t.Errorf("%s: object at unexpected path %q", name, path)
				return
			}
			for k, e := range x {
				if !slices.Contains(allowed, k) {
					t.Errorf("%s: %q is not an element at %q", name, k, path)
				}
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, e)
			}
		case string:
			if x == "" {
				t.Errorf("%s: empty string at %q", name, path)
			}
		}
	}
	walk("", v)
}

// summaryAlone writes one measure's summary MeasureReport of run 1 without the individual ones.
func summaryAlone(t *testing.T, dbPath, measure string) ([]byte, error) {
	t.Helper()
	db, err := warehouse.Open(t.Context(), dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var buf bytes.Buffer
	err = measures.WriteSummaryMeasureReport(t.Context(), db, &buf, measure, 1)
	return buf.Bytes(), err
}
