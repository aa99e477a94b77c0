package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// qualityFeed is a small clean feed: a patient, a coded encounter, a blood pressure panel and
// an HbA1c with UCUM units. Each case below spoils one thing.
func qualityFeed() map[string]string {
	return map[string]string{
		"Patient.ndjson": `{"resourceType":"Patient","id":"q1","gender":"male","birthDate":"1960-04-02"}`,
		"Encounter.ndjson": `{"resourceType":"Encounter","id":"e1","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},` +
			`"type":[{"coding":[{"system":"http://snomed.info/sct","code":"185349003"}]}],"subject":{"reference":"Patient/q1"},"period":{"start":"2025-03-01T10:00:00Z","end":"2025-03-01T10:30:00Z"}}`,
		"Observation.ndjson": `{"resourceType":"Observation","id":"bp1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"Patient/q1"},"effectiveDateTime":"2025-03-01T10:05:00Z",` +
			`"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":128,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},` +
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":82,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}` + "\n" +
			`{"resourceType":"Observation","id":"a1c","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/q1"},"effectiveDateTime":"2025-03-01T10:10:00Z",` +
			`"valueQuantity":{"value":7.1,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}`,
	}
}

// TestQualityChecks runs the checks of sql/quality over a clean feed and over variants that
// each break one rule, and compares every check's severity.
func TestQualityChecks(t *testing.T) {
	asOf := time.Now()
	tests := []struct {
		name    string
		spoil   func(f map[string]string)
		asOf    time.Time
		want    map[string]string // check -> severity; others must be info
		message string            // a word the spoiled check's message holds
	}{
		{"clean", func(map[string]string) {}, asOf, nil, ""},
		{"implausible systolic", func(f map[string]string) {
			f["Observation.ndjson"] = strings.Replace(f["Observation.ndjson"], `"value":128`, `"value":1280`, 1)
		}, asOf, map[string]string{"plausibility_values": "error"}, "physical range"},
		{"encounter in the future", func(f map[string]string) {
			f["Encounter.ndjson"] = strings.ReplaceAll(f["Encounter.ndjson"], "2025-03-01", "2099-03-01")
		}, asOf, map[string]string{"plausibility_event_dates": "error"}, "future"},
		{"encounter before birth", func(f map[string]string) {
			f["Encounter.ndjson"] = strings.ReplaceAll(f["Encounter.ndjson"], "2025-03-01", "1950-03-01")
		}, asOf, map[string]string{"plausibility_event_dates": "error"}, "birth"},
		{"encounter without type", func(f map[string]string) {
			f["Encounter.ndjson"] = strings.Replace(f["Encounter.ndjson"], `"type":[{"coding":[{"system":"http://snomed.info/sct","code":"185349003"}]}],`, "", 1)
		}, asOf, map[string]string{"completeness_encounter_code": "error"}, "type code"},
		{"lab without UCUM", func(f map[string]string) {
			f["Observation.ndjson"] = strings.Replace(f["Observation.ndjson"], `"unit":"%","system":"http://unitsofmeasure.org","code":"%"`, `"unit":"percent"`, 1)
		}, asOf, map[string]string{"conformance_lab_ucum": "error"}, "UCUM"},
		{"quantities without units", func(f map[string]string) {
			f["Observation.ndjson"] = strings.NewReplacer(`"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"`, ``,
				`"value":128,`, `"value":128`, `"value":82,`, `"value":82`).Replace(f["Observation.ndjson"])
		}, asOf, map[string]string{"completeness_observation_unit": "error"}, "unit"},
		{"observation without value", func(f map[string]string) {
			f["Observation.ndjson"] = strings.Replace(f["Observation.ndjson"], `,"valueQuantity":{"value":7.1,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}`, ``, 1)
		}, asOf, map[string]string{"completeness_observation_value": "error"}, "value"},
		{"codes without system", func(f map[string]string) {
			f["Observation.ndjson"] = strings.ReplaceAll(f["Observation.ndjson"], `"system":"http://loinc.org",`, ``)
		}, asOf, map[string]string{"conformance_code_system": "error"}, "no system"},
		{"stale feed", func(map[string]string) {}, time.Now().AddDate(0, 0, 45),
			map[string]string{"freshness": "warning"}, "days ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed := qualityFeed()
			tt.spoil(feed)
			dir := t.TempDir()
			for name, content := range feed {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			db := openWarehouse(t)
			for _, r := range loadOK(t, db, "q", Options{}, dir) {
				if r.Err != nil || len(r.Rejects) > 0 {
					t.Fatalf("%s: %v %v", r.Name, r.Err, r.Rejects)
				}
			}
			run, err := db.RunQuality(t.Context(), "q", tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			// A check with nothing to judge (no lab quantities, no LOINC codes) reports nothing.
			if len(run.Findings) < 8 {
				t.Errorf("%d findings, want one per check with data: %+v", len(run.Findings), run.Findings)
			}
			for _, f := range run.Findings {
				want := tt.want[f.Check]
				if want == "" {
					want = "info"
				}
				if f.Severity != want {
					t.Errorf("%s: %s (%s), want %s", f.Check, f.Severity, f.Message, want)
				}
				if tt.want[f.Check] != "" && !strings.Contains(f.Message, tt.message) {
					t.Errorf("%s message %q does not mention %q", f.Check, f.Message, tt.message)
				}
			}
			wantErrors := 0
			for _, sev := range tt.want {
				if sev == "error" {
					wantErrors++
				}
			}
			if run.Errors != wantErrors {
				t.Errorf("run.Errors = %d, want %d", run.Errors, wantErrors)
			}
			if n := queryInt(t, db, `select count(*) from meta.quality_finding where run_id = ?`, run.RunID); n != int64(len(run.Findings)) {
				t.Errorf("%d findings stored, want %d", n, len(run.Findings))
			}
		})
	}
}
