package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC, "" = invalid
	}{
		{"2025", "2025-01-01T00:00:00Z"},
		{"2025-03", "2025-03-01T00:00:00Z"},
		{"2025-03-14", "2025-03-14T00:00:00Z"},
		{"2025-03-14T23:30:00-05:00", "2025-03-15T04:30:00Z"},
		{"2025-03-14T10:00:00Z", "2025-03-14T10:00:00Z"},
		{"2025-03-14T10:00:00.123456789+01:00", "2025-03-14T09:00:00.123456789Z"},
		{"2025-03-14T10:00:00", "2025-03-14T10:00:00Z"},
		{"2025-13", ""},
		{"2025-02-30", ""},
		{"20250314", ""},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDateTime(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Errorf("parseDateTime(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339Nano) != tt.want {
				t.Errorf("parseDateTime(%q) = %v, %v; want %s", tt.in, got.Format(time.RFC3339Nano), err, tt.want)
			}
		})
	}
}

func TestSplitRef(t *testing.T) {
	tests := []struct{ in, typ, id string }{
		{"Patient/123", "Patient", "123"},
		{"http://example.org/fhir/Patient/123/_history/4", "Patient", "123"},
		{"https://example.org/fhir/Organization/o-1", "Organization", "o-1"},
		{"urn:uuid:0b9cb569-149a-4b47", "", "0b9cb569-149a-4b47"},
		{"Organization?identifier=https://github.com/synthetichealth/synthea|a261e1fc", "Organization", "a261e1fc"},
		{"#med1", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		typ, id := splitRef(tt.in)
		if typ != tt.typ || id != tt.id {
			t.Errorf("splitRef(%q) = %q, %q; want %q, %q", tt.in, typ, id, tt.typ, tt.id)
		}
	}
}

// flattenCases are one-line NDJSON files whose flattened columns the test checks.
var flattenCases = map[string][]string{
	"Observation.ndjson": {
		`{"resourceType":"Observation","id":"range","status":"final","subject":{"reference":"Patient/p"},"effectivePeriod":{"start":"2025-01-02","end":"2025-01-03T12:00:00Z"},"valueRange":{"low":{"value":1.5,"code":"mg"},"high":{"value":3}}}`,
		`{"resourceType":"Observation","id":"ratio","status":"final","subject":{"reference":"Patient/p"},"valueRatio":{"numerator":{"value":1,"unit":"tab"},"denominator":{"value":2}}}`,
		`{"resourceType":"Observation","id":"int","status":"final","subject":{"reference":"Patient/p"},"valueInteger":7,"effectiveInstant":"2025-05-05T05:05:05Z"}`,
		`{"resourceType":"Observation","id":"time","status":"final","subject":{"reference":"Patient/p"},"valueTime":"08:30:00"}`,
		`{"resourceType":"Observation","id":"period","status":"final","subject":{"reference":"Patient/p"},"valuePeriod":{"start":"2025-02-01","end":"2025-02-10"}}`,
		`{"resourceType":"Observation","id":"dt","status":"final","subject":{"reference":"Patient/p"},"valueDateTime":"2025-06"}`,
		`{"resourceType":"Observation","id":"sampled","status":"final","subject":{"reference":"Patient/p"},"valueSampledData":{"origin":{"value":0,"code":"mV"},"period":10,"dimensions":1,"data":"1 2 3"}}`,
		`{"resourceType":"Observation","id":"notdone","status":"cancelled","subject":{"reference":"Patient/p"},"modifierExtension":[{"url":"http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDone","valueBoolean":true}],"category":[{"coding":[{"code":"a"}]},{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"component":[{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":120,"code":"mm[Hg]"}},{"code":{"coding":[{"code":"8462-4"}]},"valueCodeableConcept":{"coding":[{"code":"high"}]}}]}`,
	},
	"Condition.ndjson": {
		`{"resourceType":"Condition","id":"age","subject":{"reference":"Patient/p"},"clinicalStatus":{"coding":[{"code":"active"}]},"onsetAge":{"value":6,"code":"mo"},"abatementRange":{"low":{"value":2,"code":"a"},"high":{"value":104,"code":"wk"}}}`,
		`{"resourceType":"Condition","id":"str","subject":{"reference":"Patient/p"},"onsetString":"as a child","abatementDateTime":"2024"}`,
	},
	"MedicationRequest.ndjson": {
		`{"resourceType":"MedicationRequest","id":"mr","status":"active","intent":"order","subject":{"reference":"Patient/p"},"modifierExtension":[{"url":"http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPeform","valueBoolean":true}],"medicationCodeableConcept":{"coding":[{"system":"rxnorm","code":"617312"}]},"authoredOn":"2025-01-15","dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2025-01-15","end":"2025-04-15"},"frequency":2,"frequencyMax":3,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},"asNeededBoolean":false,"doseAndRate":[{"doseQuantity":{"value":40,"unit":"mg"}}]},{"text":"second"}],"dispenseRequest":{"validityPeriod":{"start":"2025-01-15","end":"2026-01-15"},"numberOfRepeatsAllowed":3,"quantity":{"value":180},"expectedSupplyDuration":{"value":90,"code":"d"}}}`,
	},
	"DeviceRequest.ndjson": {
		`{"resourceType":"DeviceRequest","id":"dr","status":"completed","intent":"order","subject":{"reference":"Patient/p"},"modifierExtension":[{"url":"http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPerform","valueBoolean":true}],"codeCodeableConcept":{"coding":[{"code":"wheelchair"}]},"occurrencePeriod":{"start":"2025-03-01"}}`,
	},
	"Encounter.ndjson": {
		`{"resourceType":"Encounter","id":"enc","status":"finished","subject":{"reference":"Patient/p"},"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},"type":[{"coding":[{"code":"t0"}]},{"coding":[{"code":"t1"}]}],"period":{"start":"2025-01-01T10:00:00Z","end":"2025-01-03T10:00:00Z"},"length":{"value":2,"code":"d"},"hospitalization":{"dischargeDisposition":{"coding":[{"code":"hosp"}]}},"participant":[{"individual":{"reference":"Practitioner/dr1"}}],"serviceProvider":{"reference":"Organization/org1"},"location":[{"location":{"reference":"Location/loc1"}}]}`,
	},
	"Patient.ndjson": {
		`{"resourceType":"Patient","id":"p","gender":"male","birthDate":"1960","deceasedDateTime":"2025-07-01T00:00:00+02:00","generalPractitioner":[{"reference":"Practitioner/dr1"}],"managingOrganization":{"reference":"Organization/org1"}}`,
	},
	"Practitioner.ndjson": {
		`{"resourceType":"Practitioner","id":"dr1","active":true,"name":[{"family":"Osler","given":["William"],"prefix":["Dr."]}],"identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"},{"system":"urn:other","value":"x"}]}`,
	},
	"Coverage.ndjson": {
		`{"resourceType":"Coverage","id":"cov","status":"active","beneficiary":{"reference":"Patient/p"},"payor":[{"reference":"Organization/payer1"}],"type":{"coding":[{"code":"59"}]},"period":{"start":"2025-01-01","end":"2025-12-31"}}`,
	},
}

// TestFlattenColumns checks the columns of each value kind and element the core tables read.
func TestFlattenColumns(t *testing.T) {
	dir := t.TempDir()
	for name, lines := range flattenCases {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db := openWarehouse(t)
	for _, res := range loadOK(t, db, "p", Options{}, dir) {
		if res.Status != StatusLoaded || len(res.Rejects) > 0 {
			t.Fatalf("%s: %s %v %v", res.Name, res.Status, res.Err, res.Rejects)
		}
	}
	ts := func(col string) string { return `coalesce(strftime(` + col + `, '%Y-%m-%d %H:%M'), '-')` }
	v := func(col string) string { return `coalesce(cast(` + col + ` as varchar), '-')` }
	tests := []struct {
		name, query, want string
	}{
		{"Range", `select concat_ws('|', value_type, ` + v("value_quantity") + `, ` + v("value_high") + `, value_unit, ` + ts("effective_start") + `, ` + ts("effective_end") + `) from core.observation where id = 'range'`,
			"Range|1.5|3.0|mg|2025-01-02 00:00|2025-01-03 12:00"},
		{"Ratio", `select concat_ws('|', value_type, value_quantity, value_high, value_unit) from core.observation where id = 'ratio'`, "Ratio|1.0|2.0|tab"},
		{"integer and instant", `select concat_ws('|', value_type, value_quantity, ` + ts("effective_start") + `, ` + ts("effective_end") + `) from core.observation where id = 'int'`,
			"integer|7.0|2025-05-05 05:05|2025-05-05 05:05"},
		{"time", `select concat_ws('|', value_type, value_string) from core.observation where id = 'time'`, "time|08:30:00"},
		{"Period", `select concat_ws('|', value_type, ` + ts("value_datetime") + `, ` + ts("value_datetime_end") + `) from core.observation where id = 'period'`,
			"Period|2025-02-01 00:00|2025-02-10 00:00"},
		{"dateTime", `select concat_ws('|', value_type, ` + ts("value_datetime") + `, ` + ts("value_datetime_end") + `) from core.observation where id = 'dt'`,
			"dateTime|2025-06-01 00:00|2025-06-01 00:00"},
		{"SampledData", `select concat_ws('|', value_type, value_unit) from core.observation where id = 'sampled'`, "SampledData|mV"},
		{"not done", `select concat_ws('|', not_done, ` + v("value_type") + `) from core.observation where id = 'notdone'`, "true|-"},
		{"categories by position", `select string_agg(code || '@' || seq, ',' order by seq) from core.coding where id = 'notdone' and element = 'category'`, "a@0,vital-signs@1"},
		{"components", `select string_agg(concat_ws('|', seq, ` + v("value_type") + `, ` + v("value_quantity") + `, ` + v("value_unit") + `), ',' order by seq) from core.observation_component where id = 'notdone'`,
			"0|Quantity|120.0|mm[Hg],1|CodeableConcept|-|-"},
		{"component codings", `select string_agg(element || ':' || code || '@' || seq, ',' order by element, seq) from core.coding where id = 'notdone' and element like 'component.%'`,
			"component.code:8480-6@0,component.code:8462-4@1,component.value:high@1"},
		{"onset age in years", `select concat_ws('|', clinical_status, onset_age_low, onset_age_high, abatement_age_low, round(abatement_age_high, 2)) from core.condition where id = 'age'`,
			"active|0.5|0.5|2.0|1.99"},
		{"onset string ignored", `select concat_ws('|', ` + ts("onset_start") + `, ` + ts("abatement_start") + `, ` + ts("abatement_end") + `) from core.condition where id = 'str'`,
			"-|2024-01-01 00:00|2024-01-01 00:00"},
		{"dosage", `select concat_ws('|', do_not_perform, dosage_count, ` + ts("bounds_start") + `, ` + ts("bounds_end") + `, frequency, frequency_max, period, period_unit, time_of_day_count, dose_value, dose_unit, as_needed) from core.medication_request where id = 'mr'`,
			"true|2|2025-01-15 00:00|2025-04-15 00:00|2|3|1.0|d|2|40.0|mg|false"},
		{"dispense", `select concat_ws('|', supply_duration_value, supply_duration_unit, dispense_quantity, refills, ` + ts("validity_start") + `, ` + ts("validity_end") + `) from core.medication_request where id = 'mr'`,
			"90.0|d|180.0|3|2025-01-15 00:00|2026-01-15 00:00"},
		{"medication coding", `select code from core.coding where id = 'mr' and element = 'medication'`, "617312"},
		{"device request", `select concat_ws('|', do_not_perform, ` + ts("occurrence_start") + `, ` + ts("occurrence_end") + `) from core.device_request where id = 'dr'`, "true|2025-03-01 00:00|-"},
		{"device code", `select code from core.coding where id = 'dr' and element = 'code'`, "wheelchair"},
		{"encounter", `select concat_ws('|', class_system, class_code, length_minutes, practitioner_id, service_provider_id, location_id) from core.encounter where id = 'enc'`,
			"http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP|2880.0|dr1|org1|loc1"},
		{"encounter codings", `select string_agg(element || ':' || code || '@' || seq, ',' order by element, seq) from core.coding where id = 'enc'`,
			"class:IMP@0,dischargeDisposition:hosp@0,type:t0@0,type:t1@1"},
		{"patient", `select concat_ws('|', gender, birth_date, deceased, ` + ts("deceased_at") + `, general_practitioner_id, managing_organization_id, ` + v("linkage_token") + `) from core.patient where id = 'p'`,
			"male|1960-01-01|true|2025-06-30 22:00|dr1|org1|-"},
		{"practitioner", `select concat_ws('|', active, name, npi) from core.practitioner where id = 'dr1'`, "true|Dr. William Osler|1234567893"},
		{"coverage", `select concat_ws('|', patient_id, payor_id, ` + ts("period_start") + `) from core.coverage where id = 'cov'`, "p|payer1|2025-01-01 00:00"},
		{"raw patient ids", `select string_agg(distinct patient_id, ',') from raw.resource where resource_type <> 'Practitioner'`, "p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := queryString(t, db, tt.query); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
