package synth

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// careRecord is the part of the care resources the tests look at.
type careRecord struct {
	ResourceType string
	Status       string
	Intent       string
	Category     []struct{ Coding []Coding }
	Code         *struct{ Coding []Coding }
	VaccineCode  *struct{ Coding []Coding }
	Medication   *struct{ Coding []Coding } `json:"medicationCodeableConcept"`
	Value        *struct{ Coding []Coding } `json:"valueCodeableConcept"`
	Quantity     *quantity                  `json:"valueQuantity"`
	Occurrence   string                     `json:"occurrenceDateTime"`
	AuthoredOn   string
}

func readRecords(t *testing.T, dir, typ string) []careRecord {
	t.Helper()
	var out []careRecord
	provs, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range provs {
		f, err := os.Open(filepath.Join(dir, p.Name(), typ+".ndjson"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r careRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s/%s: %v", p.Name(), typ, err)
			}
			out = append(out, r)
		}
		f.Close()
	}
	return out
}

// TestGenerateCareShapes checks the shapes the measures need: survey, exam and vital-sign
// observations with coded answers or UCUM quantities, active medication orders and completed
// CVX immunizations, and that each kind of care appears.
func TestGenerateCareShapes(t *testing.T) {
	dir, _ := generate(t, Options{Patients: 1500, Providers: 2, Seed: 4})
	starter, err := StarterCodes()
	if err != nil {
		t.Fatal(err)
	}
	in := func(url string, cs []Coding) bool {
		for _, c := range cs {
			for _, s := range starter[url] {
				if s.System == c.System && s.Code == c.Code {
					return true
				}
			}
		}
		return false
	}
	category := func(r careRecord) string {
		if len(r.Category) == 0 || len(r.Category[0].Coding) == 0 {
			return ""
		}
		return r.Category[0].Coding[0].Code
	}
	seen := map[string]int{}
	for _, o := range readRecords(t, dir, "Observation") {
		code := o.Code.Coding[0]
		switch {
		case code.Code == "39156-5":
			seen["bmi"]++
			if category(o) != "vital-signs" || o.Quantity == nil || o.Quantity.Code != "kg/m2" || o.Quantity.Value <= 0 {
				t.Errorf("BMI %+v", o)
			}
		case in(VSTobaccoScreening, o.Code.Coding):
			seen["tobacco"]++
			if category(o) != "survey" || o.Value == nil || !(in(VSTobaccoUser, o.Value.Coding) || in(VSTobaccoNonUser, o.Value.Coding)) {
				t.Errorf("tobacco screening %+v", o)
			}
			if in(VSTobaccoUser, o.Value.Coding) {
				seen["tobacco user"]++
			}
		case code.Code == "73832-8" || code.Code == "73831-0":
			seen["depression"]++
			if category(o) != "survey" || o.Value == nil || o.Status != "final" {
				t.Errorf("depression screening %+v", o)
			}
		case in(VSRetinalExam, o.Code.Coding):
			seen["eye"]++
			if category(o) != "exam" {
				t.Errorf("retinal exam category %q", category(o))
			}
		case in(VSMammography, o.Code.Coding):
			seen["mammography"]++
		case in(VSPapTest, o.Code.Coding), in(VSFOBT, o.Code.Coding):
			seen["lab screening"]++
			if category(o) != "laboratory" || o.Value == nil {
				t.Errorf("screening lab %+v", o)
			}
		case in(VSLDLCholesterol, o.Code.Coding):
			seen["ldl"]++
			if o.Quantity == nil || o.Quantity.Code != "mg/dL" {
				t.Errorf("LDL %+v", o.Quantity)
			}
		case code.Code == "98979-8":
			seen["egfr"]++
		}
	}
	for _, m := range readRecords(t, dir, "MedicationRequest") {
		if m.Status != "active" || m.Intent != "order" || m.Medication == nil || !strings.HasPrefix(m.AuthoredOn, "20") {
			t.Errorf("medication request %+v", m)
		}
		switch {
		case in(VSStatinHigh, m.Medication.Coding), in(VSStatinModerate, m.Medication.Coding), in(VSStatinLow, m.Medication.Coding):
			seen["statin"]++
		case in(VSCessationRx, m.Medication.Coding):
			seen["cessation rx"]++
		}
	}
	for _, im := range readRecords(t, dir, "Immunization") {
		seen["immunization"]++
		if im.Status != "completed" || im.VaccineCode == nil || im.VaccineCode.Coding[0].System != systemCVX || im.Occurrence == "" {
			t.Errorf("immunization %+v", im)
		}
	}
	for _, p := range readRecords(t, dir, "Procedure") {
		switch {
		case in(VSColonoscopy, p.Code.Coding):
			seen["colonoscopy"]++
		case in(VSFollowUpHighBMI, p.Code.Coding):
			seen["bmi follow-up"]++
		case in(VSFollowUpAdultDep, p.Code.Coding):
			seen["depression follow-up"]++
		}
	}
	for _, k := range []string{"bmi", "tobacco", "tobacco user", "depression", "eye", "mammography", "lab screening",
		"ldl", "egfr", "statin", "immunization", "colonoscopy", "bmi follow-up", "depression follow-up"} {
		if seen[k] == 0 {
			t.Errorf("no %s records", k)
		}
	}
}

// TestGenerateRegistryConditions checks that every registry condition is drawn, at a
// plausible share of the population.
func TestGenerateRegistryConditions(t *testing.T) {
	dir, sum := generate(t, Options{Patients: 3000, Providers: 1, Seed: 8})
	counts := map[string]int{}
	for _, c := range readRecords(t, dir, "Condition") {
		counts[c.Code.Coding[0].Code]++
	}
	for _, rc := range registryConditions {
		n := 0
		for _, c := range rc.codes {
			n += counts[c.Code]
		}
		share := float64(n) / float64(sum.Patients)
		if n == 0 || share > 0.25 {
			t.Errorf("%s: %d conditions (%.3f of persons)", rc.codes[0].Display, n, share)
		}
	}
}
