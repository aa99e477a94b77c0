package measures

import (
	"slices"
	"strings"
	"testing"
)

func TestPlanBuildPhases(t *testing.T) {
	models := []model{
		{Name: "core.person_record", SQL: "select 1", Published: true},
		{Name: "core.person", SQL: "select * from core.person_record", Deps: []string{"core.person_record"}, Published: true},
		{Name: "measures.codes", SQL: "select * from ref.valueset_code"},
		{Name: "measures.matches", SQL: "select * from core.coding join measures.codes using (code)", Deps: []string{"measures.codes"}},
		{Name: "measures.events", SQL: "select * from core.observation join core.person_record using (patient_id)", Deps: []string{"core.person_record"}},
		{Name: "measures.result", SQL: "select * from measures.events join measures.matches using (id)", Deps: []string{"measures.events", "measures.matches"}},
		{Name: "measures.evidence", SQL: "select * from measures.result", Deps: []string{"measures.result"}, Published: true},
		{Name: "measures.count", SQL: "select count(*) from measures.result", Deps: []string{"measures.result"}},
		{Name: "measures.summary", SQL: "select sum(n) from measures.count", Deps: []string{"measures.count"}, Published: true, Network: true},
		{Name: "measures.summary_wide", SQL: "select * from measures.summary", Deps: []string{"measures.summary"}},
	}
	checks := []check{
		{Name: "per_person", SQL: "select * from measures.result where false"},
		{Name: "totals", SQL: "select * from measures.summary join measures.evidence on false"},
	}
	plan, err := planBuild(models, checks, []string{"core.coding", "core.observation"})
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []model) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	want := map[string][]string{
		"before": {"core.person_record", "core.person", "measures.codes"},
		"slice":  {"measures.matches", "measures.events", "measures.result", "measures.evidence", "measures.count"},
		"after":  {"measures.summary", "measures.summary_wide"},
	}
	got := map[string][]string{"before": names(plan.before), "slice": names(plan.slice), "after": names(plan.after)}
	for phase := range want {
		if !slices.Equal(got[phase], want[phase]) {
			t.Errorf("%s: %v, want %v", phase, got[phase], want[phase])
		}
	}
	// Published slice models and what an after-model reads are gathered; nothing else.
	var gathered []string
	for name := range plan.gathered {
		gathered = append(gathered, name)
	}
	slices.Sort(gathered)
	if want := []string{"measures.count", "measures.evidence"}; !slices.Equal(gathered, want) {
		t.Errorf("gathered %v, want %v", gathered, want)
	}
	if len(plan.sliceChecks) != 1 || plan.sliceChecks[0].Name != "per_person" {
		t.Errorf("per-slice checks %v, want per_person", plan.sliceChecks)
	}
	if len(plan.afterChecks) != 1 || plan.afterChecks[0].Name != "totals" {
		t.Errorf("after checks %v, want totals", plan.afterChecks)
	}
}

func TestSliceCount(t *testing.T) {
	tests := []struct {
		persons  int64
		perSlice int
		want     int
	}{
		{0, 0, 1},
		{100_000, 0, 1},
		{100_001, 0, 2},
		{1_000_000, 0, 10},
		{500, 120, 5},
	}
	for _, tt := range tests {
		if got := sliceCount(tt.persons, tt.perSlice); got != tt.want {
			t.Errorf("sliceCount(%d, %d) = %d, want %d", tt.persons, tt.perSlice, got, tt.want)
		}
	}
}

func TestFHIRType(t *testing.T) {
	for table, want := range map[string]string{
		"core.observation":         "Observation",
		"core.medication_request":  "MedicationRequest",
		"core.allergy_intolerance": "AllergyIntolerance",
	} {
		if got := fhirType(table); got != want {
			t.Errorf("fhirType(%s) = %s, want %s", table, got, want)
		}
	}
}

// The run's history is kept after the slices: a model it reads must be gathered, not left in
// a slice (the gap history reads registries.condition_status).
func TestPlanBuildRefusesHistoryOfASliceOnlyModel(t *testing.T) {
	models := []model{
		{Name: "core.person_record", SQL: "select 1", Published: true},
		{Name: "registries.condition_status", SQL: "select * from core.person_record", Deps: []string{"core.person_record"}},
	}
	if _, err := planBuild(models, nil, nil); err == nil || !strings.Contains(err.Error(), "registries.condition_status") {
		t.Errorf("planBuild = %v, want an error naming registries.condition_status", err)
	}
	models[1].Published = true
	if _, err := planBuild(models, nil, nil); err != nil {
		t.Errorf("published, it is gathered: %v", err)
	}
}
