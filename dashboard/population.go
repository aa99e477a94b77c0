package dashboard

// population is one list of people of a measure group that a quality manager can open.
type population struct {
	Code  string // URL value, as patient_count.sql and patient_list.sql take it
	Label string
}

// populations in the order the pages list them (the FHIR MeasureReport populations, then
// the people still to reach).
var populations = []population{
	{"initial-population", "Initial population"},
	{"denominator", "Denominator"},
	{"denominator-exclusion", "Denominator exclusions"},
	{"denominator-exception", "Denominator exceptions"},
	{"numerator", "Numerator"},
	{"not-met", "Not met (eligible, not in the numerator)"},
}

func findPopulation(code string) (population, bool) {
	for _, p := range populations {
		if p.Code == code {
			return p, true
		}
	}
	return population{}, false
}
