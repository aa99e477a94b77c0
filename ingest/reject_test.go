package ingest

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestBadInput loads the hand-made bad corpus: record problems are rejected with their line
// and reason code while the good records load; files that are not FHIR are rejected whole.
func TestBadInput(t *testing.T) {
	db := openWarehouse(t)
	results := loadOK(t, db, "bad", Options{BatchRows: 2}, filepath.Join("testdata", "bad"))
	byName := map[string]FileResult{}
	for _, r := range results {
		byName[r.Name] = r
	}
	type reject struct {
		Line int64
		Code string
	}
	tests := []struct {
		file      string
		status    string
		resources map[string]int64
		rejects   []reject
	}{
		{"Observation.ndjson", StatusLoaded, map[string]int64{"Observation": 2}, []reject{
			{2, "invalid_json"}, {4, "wrong_type"}, {5, "missing_id"}, {6, "invalid_date"},
			{7, "missing_subject"}, {8, "missing_resource_type"}, {10, "invalid_json"}}},
		{"collection.json", StatusLoaded, map[string]int64{"Patient": 1, "Encounter": 1, "Condition": 1},
			[]reject{{3, "unsupported"}, {4, "invalid_date"}}},
		{"lone-patient.json", StatusLoaded, map[string]int64{"Patient": 1}, nil},
		{"Patient.ndjson.gz", StatusRejected, nil, nil},
		{"notjson.json", StatusRejected, nil, nil},
		{"history.json", StatusRejected, nil, nil},
	}
	if len(results) != len(tests) {
		t.Errorf("results for %d files, want %d", len(results), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, ok := byName[tt.file]
			if !ok {
				t.Fatalf("no result for %s", tt.file)
			}
			if res.Status != tt.status {
				t.Errorf("status = %s, want %s (err %v)", res.Status, tt.status, res.Err)
			}
			if (res.Err != nil) != (tt.status == StatusRejected) {
				t.Errorf("err = %v", res.Err)
			}
			if res.Err != nil && !strings.Contains(res.Err.Error(), tt.file) {
				t.Errorf("error %q does not name the file", res.Err)
			}
			if tt.status == StatusLoaded && !reflect.DeepEqual(tt.resources, res.Resources) {
				t.Errorf("resources = %v, want %v", res.Resources, tt.resources)
			}
			var got []reject
			for _, r := range res.Rejects {
				got = append(got, reject{r.Line, r.Code})
			}
			if tt.status == StatusLoaded && !reflect.DeepEqual(tt.rejects, got) {
				t.Errorf("rejects = %v, want %v", got, tt.rejects)
			}
			ledger := queryString(t, db, `select status from meta.ingest_file where file_name = ?`, tt.file)
			if ledger != tt.status {
				t.Errorf("ledger status = %s, want %s", ledger, tt.status)
			}
			if n := queryInt(t, db, `select count(*) from meta.ingest_reject where file_name = ?`, tt.file); n != int64(len(res.Rejects)) {
				t.Errorf("ledger rejects = %d, want %d", n, len(res.Rejects))
			}
			if tt.status == StatusRejected {
				if n := queryInt(t, db, `select count(*) from raw.resource r join meta.ingest_file f using (file_id)
					where f.file_name = ?`, tt.file); n != 0 {
					t.Errorf("%d resources kept of a rejected file", n)
				}
				if e := queryString(t, db, `select coalesce(error, '') from meta.ingest_file where file_name = ?`, tt.file); e == "" {
					t.Error("ledger gives no reason for the rejected file")
				}
			}
		})
	}
	// Nothing of the truncated file is kept, though its first lines were readable.
	if n := queryInt(t, db, `select count(*) from core.patient where id like 'p%'`); n != 0 {
		t.Errorf("%d patients of the truncated file kept", n)
	}
	// Reject reasons carry no field values.
	for _, r := range byName["Observation.ndjson"].Rejects {
		for _, value := range []string{"o2", "o5", "2025-13-45", "p1", "c1"} {
			if strings.Contains(r.Reason, value) {
				t.Errorf("reject reason %q holds a field value", r.Reason)
			}
		}
	}
	// urn:uuid references resolve: the Patient without id took the uuid of its fullUrl.
	const pid = "7d1b0ad8-0000-4000-8000-000000000001"
	for _, q := range []string{
		`select count(*) from core.patient where id = ?`,
		`select count(*) from core.encounter where patient_id = ?`,
		`select count(*) from core.condition where patient_id = ? and encounter_id = 'e1' and onset_age_low = 1.5`,
		`select count(*) from raw.resource where resource_type = 'Encounter' and json_extract_string(resource, '$.subject.reference') = concat('Patient/', ?)`,
	} {
		if n := queryInt(t, db, q, pid); n != 1 {
			t.Errorf("%s: %d rows, want 1", q, n)
		}
	}
	// The well-formed lines' values arrived intact.
	if got := queryString(t, db, `select strftime(effective_start, '%Y-%m-%d %H:%M:%S.%f') || '|' ||
		strftime(effective_end, '%Y-%m-%d %H:%M:%S.%f') || '|' || value_type || '|' || value_boolean
		from core.observation where id = 'o8'`); got != "2025-04-01 08:00:00.000000|2025-04-01 11:30:00.123456|boolean|true" {
		t.Errorf("o8 = %s", got)
	}
}
