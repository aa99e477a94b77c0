package measures_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"populace/ingest"
	"populace/ingest/synth"
	"populace/measures"
	"populace/warehouse"
)

// feed builds hand-written FHIR resources for one provider and writes them as Bulk NDJSON.
type feed struct {
	provider string
	lines    map[string][]string // resource type -> NDJSON lines
	seq      int
}

func newFeed(provider string) *feed { return &feed{provider: provider, lines: map[string][]string{}} }

func (f *feed) add(typ string, res map[string]any) {
	res["resourceType"] = typ
	b, err := json.Marshal(res)
	if err != nil {
		panic(err)
	}
	f.lines[typ] = append(f.lines[typ], string(b))
}

func (f *feed) id(prefix string) string {
	f.seq++
	return prefix + "-" + f.provider + "-" + strings.Repeat("0", 3-len(itoa(f.seq))) + itoa(f.seq)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func coding(system, code string) map[string]any {
	return map[string]any{"coding": []any{map[string]any{"system": system, "code": code}}}
}

const (
	icd10   = "http://hl7.org/fhir/sid/icd-10-cm"
	loinc   = "http://loinc.org"
	cpt     = "http://www.ama-assn.org/go/cpt"
	actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
)

// patient adds a Patient carrying the linkage token (the same token at two providers is one
// person).
func (f *feed) patient(id, token, birthDate string) {
	f.add("Patient", map[string]any{
		"id": id, "gender": "female", "birthDate": birthDate,
		"identifier": []any{map[string]any{"system": synth.DefaultLinkageSystem, "value": token}},
	})
}

// encounter adds a finished encounter on day of the given class (AMB, IMP, EMER), typed as an
// office visit (CPT 99213, in the starter Office Visit value set), and returns its id.
func (f *feed) encounter(patient, day, class, practitioner string) string {
	id := f.id("enc")
	res := map[string]any{
		"id": id, "status": "finished",
		"class":   map[string]any{"system": actCode, "code": class},
		"type":    []any{coding(cpt, "99213")},
		"subject": map[string]any{"reference": "Patient/" + patient},
		"period":  map[string]any{"start": day + "T10:00:00Z", "end": day + "T10:30:00Z"},
	}
	if practitioner != "" {
		res["participant"] = []any{map[string]any{"individual": map[string]any{"reference": "Practitioner/" + practitioner}}}
	}
	f.add("Encounter", res)
	return id
}

// diagnosis adds an encounter diagnosis (encounter != "") or a problem-list entry.
func (f *feed) diagnosis(patient, code, encounter, recorded, clinicalStatus string) {
	res := map[string]any{
		"id":                 f.id("cond"),
		"clinicalStatus":     coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus),
		"verificationStatus": coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
		"code":               coding(icd10, code),
		"subject":            map[string]any{"reference": "Patient/" + patient},
		"onsetDateTime":      recorded + "T09:00:00Z",
		"recordedDate":       recorded + "T09:00:00Z",
	}
	if encounter != "" {
		res["encounter"] = map[string]any{"reference": "Encounter/" + encounter}
	}
	f.add("Condition", res)
}

// visitDiagnosis adds an outpatient (or other class) visit with a diagnosis at it.
func (f *feed) visitDiagnosis(patient, code, day, class string) {
	f.diagnosis(patient, code, f.encounter(patient, day, class, ""), day, "active")
}

// lab adds a final laboratory Observation with a quantity.
func (f *feed) lab(patient, loincCode, day string, value float64, unit string) {
	f.add("Observation", map[string]any{
		"id": f.id("obs"), "status": "final",
		"category":          []any{coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")},
		"code":              coding(loinc, loincCode),
		"subject":           map[string]any{"reference": "Patient/" + patient},
		"effectiveDateTime": day + "T08:00:00Z",
		"valueQuantity":     map[string]any{"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
	})
}

// write puts the feed's files in dir/<provider>/<Type>.ndjson and returns that folder.
func (f *feed) write(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, f.provider)
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for typ, lines := range f.lines {
		if err := os.WriteFile(filepath.Join(out, typ+".ndjson"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// openWarehouse opens an in-memory warehouse with the starter value sets (office visits and
// the other encounter value sets attribution reads).
func openWarehouse(t *testing.T) *warehouse.DB {
	t.Helper()
	db, err := warehouse.Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := ingest.ImportValueSetBytes(t.Context(), db, synth.StarterValueSets()); err != nil {
		t.Fatal(err)
	}
	return db
}

// load ingests the feeds (each feed's files once; a feed written again with new resources
// loads the new files).
func load(t *testing.T, db *warehouse.DB, dir string, feeds ...*feed) {
	t.Helper()
	for _, f := range feeds {
		files, err := ingest.LoadPath(t.Context(), db, f.provider, []string{f.write(t, dir)}, ingest.Options{LinkageSystem: synth.DefaultLinkageSystem})
		if err != nil {
			t.Fatalf("loading %s: %v", f.provider, err)
		}
		for _, fl := range files {
			if len(fl.Rejects) > 0 || fl.Err != nil {
				t.Fatalf("file %s of %s: %d rejects (%v), error %v", fl.Name, f.provider, len(fl.Rejects), fl.Rejects, fl.Err)
			}
		}
	}
}

// compute2025 computes the 2025 period (as-of 2025-12-31) without trend periods.
func compute2025(t *testing.T, db *warehouse.DB) int64 {
	t.Helper()
	run, err := measures.Compute(t.Context(), db, measures.ComputeOptions{
		Start:       time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		End:         time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		TrendMonths: -1,
	})
	if err != nil {
		t.Fatalf("computing 2025: %v", err)
	}
	return run
}
