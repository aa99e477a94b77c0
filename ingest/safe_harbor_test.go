package ingest

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"populace/warehouse"
)

// safeHarborFeed is a feed whose resources carry every HIPAA Safe Harbor identifier FHIR
// can hold; safeHarborSecrets are the identifying strings in it. None may be stored.
var safeHarborSecrets = []string{
	// 1 names (patient, relative, contact, maiden name, name parts in primitive extensions)
	"Zorbalina", "Quixtrom", "Maidenplum", "Kinfolkia", "Contactia", "Ownnamepart",
	// 2 geography below state (street, city, county, full ZIP, birth place, coordinates)
	"17 Larkspur Lane", "Vexhollow", "Gloamcounty", "03601-2234", "Birthtownia", "44.123456",
	"Depotstreet 9", "Accidentville",
	// 3 dates indicative of age over 89 (the birth date itself)
	"1921-03-14",
	// 4-6 phone, fax, e-mail
	"555-201-3344", "555-201-9999", "zorbalina@example.net",
	// 7-13 SSN, MRN, plan beneficiary, account, licence, vehicle, device numbers
	"999-55-1234", "MRN-554433", "SUBSCR-88771", "DEPNO-22", "GROUPNO-7741", "ACCT-99812",
	"LIC-DL-5521", "VIN-1HGCM82633A", "UDI-(01)00844588", "SERIAL-SN4471", "LOT-LT9921",
	"ACCESSION-AC7", "MASTER-DOC-55", "PREAUTH-PA9",
	// 14-15 URLs and IP addresses
	"https://portal.example.net/zorbalina", "10.20.30.40", "https://device.example.net/pump",
	// 16-17 biometrics and photos
	"ZmluZ2VycHJpbnQ=", "cGhvdG8=",
	// 18 other unique numbers and free text
	"1.2.840.99999.1.55", "Secret chat about Zorbalina", "Narrative Zorbalina", "Goodbye note",
	"Birthtime-0755",
}

func safeHarborFeed() map[string]string {
	return map[string]string{
		"Patient.ndjson": `{"resourceType":"Patient","id":"sh-1","text":{"status":"generated","div":"<div>Narrative Zorbalina</div>"},` +
			`"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName","valueString":"Maidenplum"},` +
			`{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Birthtownia","state":"NH","country":"US"}},` +
			`{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex","valueCode":"F"}],` +
			`"identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"999-55-1234"},{"system":"urn:mrn","value":"MRN-554433"},` +
			`{"system":"urn:oid:2.16.840.1.113883.4.3.25","value":"LIC-DL-5521"}],` +
			`"name":[{"use":"official","family":"Quixtrom","given":["Zorbalina"],"_family":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/humanname-own-name","valueString":"Ownnamepart"}]}},` +
			`{"use":"maiden","family":"Maidenplum"}],` +
			`"telecom":[{"system":"phone","value":"555-201-3344"},{"system":"fax","value":"555-201-9999"},{"system":"email","value":"zorbalina@example.net"},{"system":"url","value":"https://portal.example.net/zorbalina"}],` +
			`"gender":"female","birthDate":"1921-03-14","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1921-03-14T07:55:00Z","id":"Birthtime-0755"}]},` +
			`"address":[{"line":["17 Larkspur Lane"],"city":"Vexhollow","district":"Gloamcounty","state":"NH","postalCode":"03601-2234","country":"US"}],` +
			`"photo":[{"contentType":"image/jpeg","data":"cGhvdG8="}],` +
			`"contact":[{"name":{"family":"Contactia"},"telecom":[{"value":"555-201-3344"}]}],` +
			`"link":[{"other":{"reference":"RelatedPerson/rp-1","display":"Kinfolkia"},"type":"seealso"}]}` + "\n",
		"RelatedPerson.ndjson": `{"resourceType":"RelatedPerson","id":"rp-1","patient":{"reference":"Patient/sh-1"},` +
			`"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-RoleCode","code":"DAU"}]}],` +
			`"name":[{"family":"Kinfolkia"}],"telecom":[{"value":"555-201-3344"}],"birthDate":"1950-01-01","address":[{"line":["17 Larkspur Lane"]}],` +
			`"photo":[{"data":"ZmluZ2VycHJpbnQ="}],"identifier":[{"value":"VIN-1HGCM82633A"}]}` + "\n",
		"Practitioner.ndjson": `{"resourceType":"Practitioner","id":"pr-1","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"},{"system":"urn:dea","value":"LIC-DL-5521"}],` +
			`"name":[{"family":"Welby","given":["Marcus"]}],"telecom":[{"value":"555-201-9999"}],"address":[{"line":["Depotstreet 9"],"city":"Vexhollow","state":"NH","postalCode":"03601"}],` +
			`"qualification":[{"identifier":[{"value":"LIC-DL-5521"}],"code":{"coding":[{"code":"MD"}]}}]}` + "\n",
		"Organization.ndjson": `{"resourceType":"Organization","id":"org-1","name":"North Clinic","address":[{"line":["Depotstreet 9"],"state":"NH"}],` +
			`"contact":[{"name":{"family":"Contactia"},"telecom":[{"value":"555-201-3344"}]}],"telecom":[{"value":"555-201-9999"}]}` + "\n",
		"Location.ndjson": `{"resourceType":"Location","id":"loc-1","name":"North Clinic main","position":{"latitude":44.123456,"longitude":-71.5},"address":{"line":["Depotstreet 9"],"city":"Vexhollow","state":"NH"}}` + "\n",
		"Device.ndjson": `{"resourceType":"Device","id":"dev-1","patient":{"reference":"Patient/sh-1"},"udiCarrier":[{"deviceIdentifier":"UDI-(01)00844588","carrierHRF":"UDI-(01)00844588"}],` +
			`"serialNumber":"SERIAL-SN4471","lotNumber":"LOT-LT9921","distinctIdentifier":"SERIAL-SN4471","url":"https://device.example.net/pump",` +
			`"type":{"coding":[{"system":"http://snomed.info/sct","code":"69805005"}]}}` + "\n",
		"Coverage.ndjson": `{"resourceType":"Coverage","id":"cov-1","status":"active","beneficiary":{"reference":"Patient/sh-1"},"subscriberId":"SUBSCR-88771","dependent":"DEPNO-22",` +
			`"class":[{"type":{"coding":[{"code":"group"}]},"value":"GROUPNO-7741","name":"Quixtrom family plan"}],"payor":[{"reference":"Organization/org-1"}],"identifier":[{"value":"ACCT-99812"}]}` + "\n",
		"Account.ndjson": `{"resourceType":"Account","id":"acc-1","status":"active","subject":[{"reference":"Patient/sh-1"}],"identifier":[{"value":"ACCT-99812"}]}` + "\n",
		"Condition.ndjson": `{"resourceType":"Condition","id":"cond-1","subject":{"reference":"Patient/sh-1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}],"text":"Narrative Zorbalina"},` +
			`"onsetAge":{"value":97,"unit":"years","system":"http://unitsofmeasure.org","code":"a"}}` + "\n",
		"Specimen.ndjson": `{"resourceType":"Specimen","id":"sp-1","subject":{"reference":"Patient/sh-1"},"accessionIdentifier":{"value":"ACCESSION-AC7"}}` + "\n",
		"DocumentReference.ndjson": `{"resourceType":"DocumentReference","id":"doc-1","status":"current","subject":{"reference":"Patient/sh-1"},"masterIdentifier":{"value":"MASTER-DOC-55"},` +
			`"content":[{"attachment":{"url":"https://portal.example.net/zorbalina","title":"Goodbye note"}}]}` + "\n",
		"Claim.ndjson": `{"resourceType":"Claim","id":"cl-1","status":"active","patient":{"reference":"Patient/sh-1","display":"Zorbalina Quixtrom"},` +
			`"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/cov-1"},"preAuthRef":["PREAUTH-PA9"]}],` +
			`"accident":{"date":"2025-01-02","locationAddress":{"line":["Depotstreet 9"],"city":"Accidentville","state":"NH"}}}` + "\n",
		"AuditEvent.ndjson":    `{"resourceType":"AuditEvent","id":"ae-1","agent":[{"requestor":true,"network":{"address":"10.20.30.40","type":"2"}}]}` + "\n",
		"Communication.ndjson": `{"resourceType":"Communication","id":"com-1","status":"completed","subject":{"reference":"Patient/sh-1"},"payload":[{"contentString":"Secret chat about Zorbalina"}]}` + "\n",
		"ImagingStudy.ndjson":  `{"resourceType":"ImagingStudy","id":"img-1","status":"available","subject":{"reference":"Patient/sh-1"},"series":[{"uid":"1.2.840.99999.1.55","modality":{"code":"CT"}}]}` + "\n",
		"Media.ndjson":         `{"resourceType":"Media","id":"med-1","status":"completed","subject":{"reference":"Patient/sh-1"},"content":{"data":"ZmluZ2VycHJpbnQ="}}` + "\n",
	}
}

// TestSafeHarborIdentifiersNeverStored loads resources carrying every Safe Harbor identifier
// FHIR can hold and proves that none of them reaches any text column of any table in the
// warehouse, nor a reject or error, and that what measures need (state, ZIP3, sex, the
// grouped birth year, codes) stays.
func TestSafeHarborIdentifiersNeverStored(t *testing.T) {
	dir := t.TempDir()
	for name, content := range safeHarborFeed() {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A broken file and a bad record quoting identifiers: errors must not repeat them.
	bad := `{"resourceType":"Patient","id":"sh-2","name":[{"family":"Quixtrom"}],"birthDate":"Zorbalina"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "Patient.bad.ndjson"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"resourceType":"Bundle","type":"Zorbalina Quixtrom 999-55-1234"`), 0o600); err != nil {
		t.Fatal(err)
	}
	db := openWarehouse(t)
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	results := loadOK(t, db, "sh", Options{Now: now}, dir)
	var texts []string
	for _, r := range results {
		if r.Err != nil {
			texts = append(texts, r.Err.Error())
		}
		for _, rj := range r.Rejects {
			texts = append(texts, rj.Reason)
		}
	}
	if len(texts) < 2 {
		t.Fatalf("expected a reject and a file error, got %q", texts)
	}
	for _, text := range texts {
		for _, s := range safeHarborSecrets {
			if strings.Contains(text, s) {
				t.Errorf("error text %q holds %q", text, s)
			}
		}
	}
	if n := queryInt(t, db, `select count(*) from raw.resource where provider = 'sh'`); n != int64(len(safeHarborFeed())) {
		t.Fatalf("stored %d resources, want %d", n, len(safeHarborFeed()))
	}
	assertNowhere(t, db, safeHarborSecrets)

	for _, c := range []struct{ query, want string }{
		// 03601 is in a restricted ZIP3 area (population <= 20,000): stored as 000
		{`select state || ' ' || zip3 || ' ' || gender from core.patient where id = 'sh-1'`, "NH 000 female"},
		// born 1921, aged 90+ at the load (2026): shown as born 2026 - 90
		{`select cast(birth_date as varchar) from core.patient where id = 'sh-1'`, "1936-01-01"},
		{`select json_extract_string(resource, '$.birthDate') from raw.resource where id = 'sh-1'`, "1936"},
		{`select json_extract_string(resource, '$.onsetAge.value') from raw.resource where id = 'cond-1'`, "90"},
		{`select json_extract_string(resource, '$.extension[0].valueCode') from raw.resource where id = 'sh-1'`, "F"},
		{`select name || ' ' || npi from core.practitioner where id = 'pr-1'`, "Marcus Welby 1234567893"},
		{`select json_extract_string(resource, '$.relationship[0].coding[0].code') from raw.resource where id = 'rp-1'`, "DAU"},
		{`select json_extract_string(resource, '$.address.state') from raw.resource where id = 'loc-1'`, "NH"},
		{`select code from core.coding where id = 'cond-1'`, "44054006"},
	} {
		if got := queryString(t, db, c.query); got != c.want {
			t.Errorf("%s = %q, want %q", c.query, got, c.want)
		}
	}
}

// assertNowhere checks every text column of every table of the warehouse for the strings.
func assertNowhere(t *testing.T, db *warehouse.DB, secrets []string) {
	t.Helper()
	type column struct{ schema, table, name string }
	var cols []column
	err := db.Each(t.Context(), `select c.table_schema, c.table_name, c.column_name
		from information_schema.columns as c
		join information_schema.tables as t
			on t.table_schema = c.table_schema and t.table_name = c.table_name
		where t.table_type = 'BASE TABLE' and c.data_type in ('VARCHAR', 'JSON')`, nil,
		func(rows *sql.Rows) error {
			var c column
			if err := rows.Scan(&c.schema, &c.table, &c.name); err != nil {
				return err
			}
			cols = append(cols, c)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) < 30 {
		t.Fatalf("only %d text columns found", len(cols))
	}
	for _, c := range cols {
		q := fmt.Sprintf(`select count(*) from "%s"."%s" where contains(cast("%s" as varchar), ?)`, c.schema, c.table, c.name)
		for _, s := range secrets {
			if n := queryInt(t, db, q, s); n != 0 {
				t.Errorf("%s.%s.%s holds %q in %d rows", c.schema, c.table, c.name, s, n)
			}
		}
	}
}

// TestDatePolicy checks the two date policies and the 90+ grouping on Patient.birthDate.
func TestDatePolicy(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		policy, birth, want string
	}{
		{DatesLimited, "1970-05-06", "1970-05-06"},
		{"", "1970-05-06", "1970-05-06"},
		{DatesBirthYear, "1970-05-06", "1970"},
		{DatesBirthYear, "1970-05", "1970"},
		{DatesLimited, "1970", "1970"},
		// 90th birthday on or before the load: grouped to the year that makes them 90
		{DatesLimited, "1936-06-01", "1936"},
		{DatesLimited, "1936-06-02", "1936-06-02"}, // still 89 at the load
		{DatesLimited, "1901-01-01", "1936"},
		{DatesBirthYear, "1899-12-31", "1936"},
		{DatesLimited, "not-a-date", "not-a-date"}, // left for the flattener to reject
	}
	for _, tt := range tests {
		t.Run(tt.policy+"/"+tt.birth, func(t *testing.T) {
			p := newDeidPolicy(Options{DatePolicy: tt.policy}, now)
			m := map[string]any{"resourceType": "Patient", "id": "x", "birthDate": tt.birth}
			p.apply("Patient", m)
			if got := m["birthDate"]; got != tt.want {
				t.Errorf("birthDate = %v, want %s", got, tt.want)
			}
		})
	}
	if err := (Options{DatePolicy: "exact"}).Validate(); err == nil {
		t.Error("an unknown date policy validated")
	}
}

func TestZIP3(t *testing.T) {
	for in, want := range map[string]string{
		"60615-4321": "606", " 02138 ": "021", "036": "000", "03601": "000", "89301": "000",
		"K1A 0B1": "", "12": "", "": "", "1a345": "",
	} {
		if got := zip3(in); got != want {
			t.Errorf("zip3(%q) = %q, want %q", in, got, want)
		}
	}
}
