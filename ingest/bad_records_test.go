package ingest

import (
	"strings"
	"testing"
)

// TestEachBadRecordHasItsReason loads, per case, a Patient file and an Observation file
// holding one good record and the case's record: the case is rejected with its line and
// code (or loads, when code is ""), and the good record always loads.
func TestEachBadRecordHasItsReason(t *testing.T) {
	good := obsLine("good", "", "final")
	bad := func(old, new string) string { return strings.Replace(obsLine("bad", "", "final"), old, new, 1) }
	tests := []struct {
		name, line, code string
	}{
		{"malformed JSON", `{"resourceType":"Observation","id":"bad",`, "invalid_json"},
		{"not an object", `["Observation"]`, "invalid_json"},
		{"wrong type in a typed file", `{"resourceType":"Condition","id":"bad","subject":{"reference":"Patient/p1"}}`, "wrong_type"},
		{"no resourceType", `{"id":"bad"}`, "missing_resource_type"},
		{"no id", bad(`"id":"bad",`, ""), "missing_id"},
		{"no code", bad(`"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},`, ""), "missing_required"},
		{"no status", bad(`"status":"final",`, ""), "missing_required"},
		{"no subject", bad(`"subject":{"reference":"Patient/p1"},`, ""), "missing_subject"},
		{"February 30th", bad("2025-03-01", "2025-02-30"), "invalid_date"},
		{"month 13", bad("2025-03-01", "2025-13-01"), "invalid_date"},
		{"offset out of range", bad(`"2025-03-01"`, `"2025-03-01T10:00:00+25:00"`), "invalid_date"},
		{"time without date", bad(`"2025-03-01"`, `"10:00:00"`), "invalid_date"},
		{"date as a number", bad(`"2025-03-01"`, `20250301`), "invalid_date"},
		{"absent patient", bad("Patient/p1", "Patient/nobody"), "unknown_patient"},
		{"code without a system loads", bad(`"system":"http://loinc.org",`, ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openWarehouse(t)
			dir := t.TempDir()
			writeFile(t, dir, "Patient.ndjson", patientLine)
			writeFile(t, dir, "Observation.ndjson", good, tt.line)
			results := loadOK(t, db, "p", Options{Strict: true}, dir)
			res := results[1]
			if res.Status != StatusLoaded {
				t.Fatalf("%s: %s, %v", res.Name, res.Status, res.Err)
			}
			if tt.code == "" {
				if len(res.Rejects) != 0 || res.Resources["Observation"] != 2 {
					t.Errorf("rejects %v, resources %v; want both records loaded", res.Rejects, res.Resources)
				}
				if n := queryInt(t, db, `select count(*) from core.coding where id = 'bad' and element = 'code' and system is null and code = '4548-4'`); n != 1 {
					t.Errorf("the coding without a system is not stored with a null system")
				}
				return
			}
			if len(res.Rejects) != 1 || res.Rejects[0].Line != 2 || res.Rejects[0].Code != tt.code || res.Rejects[0].Reason == "" {
				t.Errorf("rejects = %+v, want line 2 %s", res.Rejects, tt.code)
			}
			if n := queryInt(t, db, `select count(*) from core.observation where id = 'good'`); n != 1 {
				t.Error("the good record did not load")
			}
			if n := queryInt(t, db, `select count(*) from raw.resource where id = 'bad'`); n != 0 {
				t.Error("the bad record was stored")
			}
		})
	}
}
