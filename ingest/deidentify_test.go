package ingest

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secrets are the identifying strings of the test patient; none may be stored anywhere.
var secrets = []string{
	"Zyxwvutson", "Quintavia", "Marguerite", "555-867-5309", "quintavia@example.org",
	"999-12-3456", "MRN-77341", "S99940903", "42 Wallaby Way", "Springfieldton", "021384",
	"60615-4321", "Private note about", "lives with her daughter", "Hazelnut Zyxwvutson",
	"mothers-maiden-Plumtree", "Birthplace-Gotham", "Emergency-Contact-Bob", "photo-bytes",
	"Narrative about Quintavia", "free-text result Quintavia", "RelatedPerson-Name-Ozymand",
	"answered-by-Quintavia",
}

const linkageSystem = "urn:example:linkage"

func deidPatient() string {
	return `{"resourceType":"Patient","id":"deid-1",
	"text":{"status":"generated","div":"<div>Narrative about Quintavia Zyxwvutson</div>"},
	"extension":[
	  {"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race","extension":[
	    {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2106-3","display":"White"}},
	    {"url":"text","valueString":"White"}]},
	  {"url":"http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName","valueString":"mothers-maiden-Plumtree"},
	  {"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Birthplace-Gotham","state":"KS"}}],
	"identifier":[
	  {"system":"http://hl7.org/fhir/sid/us-ssn","value":"999-12-3456","type":{"text":"Social Security Number"}},
	  {"system":"http://hospital.example.org/mrn","value":"MRN-77341"},
	  {"system":"urn:oid:2.16.840.1.113883.4.3.25","value":"S99940903"},
	  {"system":"` + linkageSystem + `","value":"tok-abc123"}],
	"name":[{"use":"official","family":"Zyxwvutson","given":["Quintavia","Marguerite"],"text":"Quintavia Marguerite Zyxwvutson"}],
	"telecom":[{"system":"phone","value":"555-867-5309"},{"system":"email","value":"quintavia@example.org"}],
	"gender":"female","birthDate":"1970-05-06",
	"address":[{"line":["42 Wallaby Way"],"city":"Springfieldton","district":"021384","state":"IL","postalCode":"60615-4321","text":"42 Wallaby Way, Springfieldton"}],
	"photo":[{"contentType":"image/png","data":"cGhvdG8tYnl0ZXM="}],
	"contact":[{"name":{"family":"Emergency-Contact-Bob"},"telecom":[{"system":"phone","value":"555-867-5309"}]}],
	"communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"en"}],"text":"lives with her daughter"}}]}`
}

func deidObservation() string {
	return `{"resourceType":"Observation","id":"deid-obs","status":"final",
	"identifier":[{"system":"http://hospital.example.org/mrn","value":"MRN-77341"}],
	"subject":{"reference":"Patient/deid-1","display":"Quintavia Zyxwvutson"},
	"performer":[{"reference":"RelatedPerson/rp1","display":"Hazelnut Zyxwvutson"}],
	"code":{"coding":[{"system":"http://loinc.org","code":"72166-2"}],"text":"Private note about smoking"},
	"effectiveDateTime":"2025-02-03",
	"valueString":"free-text result Quintavia",
	"note":[{"text":"Private note about Quintavia: lives with her daughter"}],
	"contained":[{"resourceType":"RelatedPerson","id":"rp1","patient":{"reference":"Patient/deid-1"},
	  "name":[{"family":"RelatedPerson-Name-Ozymand"}],"telecom":[{"value":"555-867-5309"}]}]}`
}

// TestDeidentification loads a Patient full of identifiers and proves that none of them
// reaches raw.resource, the core tables, the ledger or the error text.
func TestDeidentification(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	compact := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	write("Patient.ndjson", compact(deidPatient())+"\n"+
		// a rejected line naming the patient: the reject must not carry it
		`{"resourceType":"Patient","id":"deid-2","name":[{"family":"Zyxwvutson"}],"birthDate":"Quintavia"}`+"\n")
	write("Observation.ndjson", compact(deidObservation())+"\n")
	write("QuestionnaireResponse.ndjson", `{"resourceType":"QuestionnaireResponse","id":"qr","status":"completed",`+
		`"subject":{"reference":"Patient/deid-1"},"item":[{"linkId":"1","answer":[{"valueString":"answered-by-Quintavia"}]}]}`+"\n")
	// A whole-file error in the middle of a name.
	write("broken.json", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"x","name":[{"family":"Zyxwvutson" Quintavia`)
	write("odd-type.json", `{"resourceType":"Bundle","type":"Quintavia Zyxwvutson","entry":[]}`)

	db := openWarehouse(t)
	results := loadOK(t, db, "deid", Options{LinkageSystem: linkageSystem}, dir)
	var texts []string
	for _, r := range results {
		if r.Err != nil {
			texts = append(texts, r.Err.Error())
		}
		for _, rj := range r.Rejects {
			texts = append(texts, rj.Reason, rj.Code)
		}
	}
	if len(texts) == 0 {
		t.Fatal("expected rejects and file errors to inspect")
	}
	for _, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("error text %q holds %q", text, s)
			}
		}
	}

	if got := queryString(t, db, `select linkage_token from core.patient where id = 'deid-1'`); got != "tok-abc123" {
		t.Errorf("linkage_token = %q", got)
	}
	if got := queryString(t, db, `select state || ' ' || zip3 || ' ' || race_code from core.patient where id = 'deid-1'`); got != "IL 606 2106-3" {
		t.Errorf("state, zip3 and race = %q", got)
	}
	if got := queryString(t, db, `select json_extract_string(resource, '$.address[0].postalCode') from raw.resource where id = 'deid-1'`); got != "606" {
		t.Errorf("stored postalCode = %q, want the first 3 digits", got)
	}
	if got := queryString(t, db, `select value_type from core.observation where id = 'deid-obs'`); got != "string" {
		t.Errorf("value_type = %q, want string", got)
	}

	// Every text column of every table in the warehouse.
	type column struct{ schema, table, name string }
	var cols []column
	err := db.Each(t.Context(), `select table_schema, table_name, column_name from information_schema.columns
		where table_schema in ('raw', 'core', 'meta') and data_type in ('VARCHAR', 'JSON')`, nil,
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
	if len(cols) < 20 {
		t.Fatalf("only %d text columns found", len(cols))
	}
	for _, c := range cols {
		q := fmt.Sprintf(`select count(*) from %s.%s where contains(cast("%s" as varchar), ?)`, c.schema, c.table, c.name)
		for _, s := range secrets {
			if n := queryInt(t, db, q, s); n != 0 {
				t.Errorf("%s.%s.%s holds %q in %d rows", c.schema, c.table, c.name, s, n)
			}
		}
	}
	if n := queryInt(t, db, `select count(*) from raw.resource where id in ('deid-1', 'deid-obs')`); n != 2 {
		t.Errorf("de-identified resources stored = %d, want 2", n)
	}
}

// TestDeidentifySyntheaPatients loads real-shaped Synthea Bundles and the Bulk Data Patient
// file and checks that the identifying strings of their Patients (names, phone numbers,
// identifier values, street lines, full postal codes, maiden names) are stored nowhere.
func TestDeidentifySyntheaPatients(t *testing.T) {
	bundles, err := filepath.Glob(filepath.Join(sharedDir(t, "synthea"), "0[0-2]*.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	paths := append(bundles, filepath.Join(sharedDir(t, "synthea", "bulk-10-patients"), "Patient.000.ndjson"))
	patients := sourcePatients(t, paths)
	if len(patients) < len(paths) {
		t.Fatalf("found %d source patients in %d files", len(patients), len(paths))
	}
	var secrets []string
	for _, p := range patients {
		for _, n := range list(p["name"]) {
			nm := obj(n)
			secrets = append(secrets, strOf(nm["family"]))
			for _, g := range list(nm["given"]) {
				secrets = append(secrets, strOf(g))
			}
		}
		for _, k := range []string{"telecom", "identifier"} {
			for _, e := range list(p[k]) {
				if v := strOf(obj(e)["value"]); v != p["id"] {
					secrets = append(secrets, v)
				}
			}
		}
		for _, a := range list(p["address"]) {
			for _, l := range list(obj(a)["line"]) {
				secrets = append(secrets, strOf(l))
			}
			if z := strOf(obj(a)["postalCode"]); len(z) > 3 {
				// as a JSON string: the digits alone occur inside uuids and decimals
				secrets = append(secrets, `"`+z+`"`)
			}
		}
		if e := extension(p["extension"], "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName"); e != nil {
			secrets = append(secrets, strOf(e["valueString"]))
		}
	}
	db := openWarehouse(t)
	for _, res := range loadOK(t, db, "synthea", Options{}, paths...) {
		if res.Status != StatusLoaded {
			t.Fatalf("%s: %s %v", res.Name, res.Status, res.Err)
		}
	}
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		if n := queryInt(t, db, `select count(*) from raw.resource where contains(cast(resource as varchar), ?)`, s); n != 0 {
			t.Errorf("raw.resource holds a patient's %q in %d resources", s, n)
		}
		if n := queryInt(t, db, `select count(*) from core.coding where contains(display, ?) or contains(code, ?)`, s, s); n != 0 {
			t.Errorf("core.coding holds a patient's %q in %d rows", s, n)
		}
	}
}

// sourcePatients reads the Patients of the files as delivered (whole, as tests may).
func sourcePatients(t *testing.T, paths []string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		data, err := io.ReadAll(r)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var resources []map[string]any
		if strings.Contains(p, ".ndjson") {
			for _, line := range bytes.Split(data, []byte("\n")) {
				if m, ok := decodeObject(line); ok {
					resources = append(resources, m)
				}
			}
		} else {
			var b map[string]any
			if err := json.Unmarshal(data, &b); err != nil {
				t.Fatal(err)
			}
			for _, e := range list(b["entry"]) {
				resources = append(resources, obj(obj(e)["resource"]))
			}
		}
		for _, m := range resources {
			if m["resourceType"] == "Patient" {
				out = append(out, m)
			}
		}
	}
	return out
}
