package main

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"populace/warehouse"
)

// cms122Patient is an official CMS122 test patient ("NUMFail HbA1cLessThan9"): diabetes and
// a qualifying encounter in 2025. Its lines are split between two providers below.
const cms122Patient = "5ed37c9e-85a3-4819-8051-3d960159cae0"

// officialLines returns the lines of an official CMS122 NDJSON file that mention the patient.
func officialLines(t *testing.T, file string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "ecqm", "CMS122", "ndjson", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if strings.Contains(sc.Text(), cms122Patient) && !strings.Contains(sc.Text(), `"Observation"`) {
			b.WriteString(sc.Text() + "\n")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if b.Len() == 0 {
		t.Fatalf("%s has no line of the test patient", file)
	}
	return b.String()
}

// twoProviders writes clinic-a (the patient, her encounter and diabetes, as the official test
// patient) and lab-b (the same woman under another id and another spelling of her name, and
// her 2025 HbA1c of 7.2 %), plus identifiers the logs must never show.
func twoProviders(t *testing.T) (clinic, lab string) {
	t.Helper()
	root := t.TempDir()
	clinic, lab = filepath.Join(root, "clinic-a"), filepath.Join(root, "lab-b")
	files := map[string]string{
		filepath.Join(clinic, "Patient.ndjson"):   officialLines(t, "Patient.ndjson"),
		filepath.Join(clinic, "Encounter.ndjson"): officialLines(t, "Encounter.ndjson"),
		filepath.Join(clinic, "Condition.ndjson"): officialLines(t, "Condition.ndjson"),
		filepath.Join(lab, "Patient.ndjson"): `{"resourceType":"Patient","id":"lab-77","identifier":[{"system":"urn:lab:mrn","value":"LABMRN-4471"}],` +
			`"name":[{"use":"official","family":"  BERTHA ","given":["betty"]}],"telecom":[{"system":"phone","value":"555-404-1122"}],` +
			`"gender":"female","birthDate":"2007-01-01","address":[{"line":["9 Quarry Road"],"city":"Stonevale","state":"MA","postalCode":"01234"}]}` + "\n",
		filepath.Join(lab, "Observation.ndjson"): `{"resourceType":"Observation","id":"lab-obs-1","status":"final",` +
			`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/lab-77","display":"Betty Bertha"},` +
			`"effectiveDateTime":"2025-06-01T09:00:00Z","valueQuantity":{"value":7.2,"unit":"%","system":"http://unitsofmeasure.org","code":"%"},` +
			`"note":[{"text":"drawn at 9 Quarry Road by LABMRN-4471"}]}` + "\n",
		// a broken file and a rejected record that name her: errors must not repeat it
		filepath.Join(lab, "broken.json"):         `{"resourceType":"Bundle","type":"Betty Bertha LABMRN-4471"`,
		filepath.Join(lab, "Patient.late.ndjson"): `{"resourceType":"Patient","name":[{"family":"Bertha"}],"birthDate":"LABMRN-4471"}` + "\n",
	}
	for path, content := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return clinic, lab
}

// TestLinkageAcrossProviders loads one person's records from two providers through the
// command line: with a linkage secret her records become one person and CMS122 finds the
// HbA1c the lab sent (numerator 0: assessed, not > 9 %); without one they stay two persons
// and the clinic's record has no HbA1c (numerator 1). Every log line and error of the runs
// is free of her identifiers.
func TestLinkageAcrossProviders(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "linkage.secret")
	if err := os.WriteFile(secretFile, []byte("a-long-random-operator-secret-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	valuesets := filepath.Join("..", "..", "..", "shared", "ecqm", "valuesets")
	identifiers := []string{"Bertha", "BERTHA", "Betty", "betty", "LABMRN-4471", "555-404-1122", "9 Quarry Road",
		"Stonevale", "01234", "999999995", "2007-01-01"}

	for _, tt := range []struct {
		name          string
		secret        bool
		persons       int64
		wantNumerator string
	}{
		{"with secret", true, 1, "0"},
		{"without secret", false, 2, "1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clinic, lab := twoProviders(t)
			db := filepath.Join(t.TempDir(), "w.duckdb")
			env := map[string]string{"POPULACE_DB": db, "POPULACE_LOG_LEVEL": "debug"}
			if tt.secret {
				env["POPULACE_LINKAGE_SECRET_FILE"] = secretFile
			}
			var output []string
			step := func(wantCode int, args ...string) string {
				t.Helper()
				code, stdout, stderr := populace(t, env, args...)
				if code != wantCode {
					t.Fatalf("populace %v: exit %d, want %d\n%s%s", args, code, wantCode, stdout, stderr)
				}
				output = append(output, stdout, stderr)
				return stdout
			}
			step(0, "valuesets", "import", valuesets)
			step(0, "ingest", "--provider", "clinic-a", clinic)
			step(1, "ingest", "--provider", "lab-b", lab) // broken.json is rejected: exit 1
			step(0, "compute", "--period", "2025")
			results := step(0, "results", "--format", "csv", "--measure", "CMS122")

			for _, out := range output {
				for _, s := range identifiers {
					if strings.Contains(out, s) {
						t.Errorf("output holds %q:\n%s", s, out)
					}
				}
			}
			recs, err := csv.NewReader(strings.NewReader(results)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			// One row per person (and group): the person is reported under the clinic's record.
			var clinicRow []string
			var rows int64
			for _, r := range recs[1:] {
				if r[0] == "clinic-a" || r[0] == "lab-b" {
					rows++
				}
				if r[0] == "clinic-a" && r[1] == cms122Patient {
					clinicRow = r
				}
			}
			if rows != tt.persons || clinicRow == nil {
				t.Fatalf("CMS122 results:\n%s\nwant %d rows, one for clinic-a/%s", results, tt.persons, cms122Patient)
			}
			if got := clinicRow[8]; got != tt.wantNumerator {
				t.Errorf("numerator = %s, want %s", got, tt.wantNumerator)
			}

			w, err := warehouse.Open(t.Context(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			var persons, records int64
			if err := w.SQL().QueryRowContext(t.Context(),
				`select count(*), sum(record_count) from core.person`).Scan(&persons, &records); err != nil {
				t.Fatal(err)
			}
			if persons != tt.persons || records != 2 {
				t.Errorf("core.person: %d persons of %d records, want %d of 2", persons, records, tt.persons)
			}
		})
	}
}

func TestLinkageSecretFileValidation(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("tiny\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
	}{
		{"missing file", map[string]string{"POPULACE_LINKAGE_SECRET_FILE": filepath.Join(dir, "absent")}},
		{"short secret", map[string]string{"POPULACE_LINKAGE_SECRET_FILE": short}},
		{"unknown date policy", map[string]string{"POPULACE_DATE_POLICY": "exact"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["POPULACE_DB"] = filepath.Join(t.TempDir(), "w.duckdb")
			code, _, stderr := populace(t, tt.env, "ingest", "--provider", "p", dir)
			if code != 2 {
				t.Fatalf("exit %d, want 2: %s", code, stderr)
			}
			if strings.Contains(stderr, "tiny") {
				t.Errorf("the error quotes the secret: %s", stderr)
			}
		})
	}
}
