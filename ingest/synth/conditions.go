package synth

import (
	"math"
	"math/rand/v2"
)

// regCondition is a chronic condition drawn for the registries (CMS Chronic Conditions
// Warehouse style, see docs/registries.md): its codes and its prevalence by age and sex.
// The ICD-10-CM codes are well-known public codes under the registry's category prefixes;
// conditions the measures also read (ASCVD, familial hypercholesterolemia) draw from their
// value sets instead (see drawConditions).
type regCondition struct {
	kind  condKind
	codes []Coding
	prev  func(age int, female bool) float64
}

// condKind names the conditions the rest of the generator reacts to.
type condKind uint8

const (
	cOther condKind = iota
	cHeartFailure
	cAFib
	cCOPD
	cAsthma
	cCKD
	cHyperlipidemia
	cDepression
	cObesity
	cDementia
	cBipolar
	cTobacco
	cIHD
	cStroke
	cPAD
	cFamilialHC
)

func icd(code, display string) Coding { return Coding{systemICD10CM, code, display} }

// byAge returns a prevalence function over age bands: below each bound the matching share.
func byAge(bounds []int, shares []float64) func(int, bool) float64 {
	return func(age int, _ bool) float64 {
		for i, b := range bounds {
			if age < b {
				return shares[i]
			}
		}
		return shares[len(shares)-1]
	}
}

// registryConditions are drawn for every person in this order (the order is part of the
// random stream, so appending keeps earlier draws unchanged).
var registryConditions = []regCondition{
	{cHeartFailure, []Coding{icd("I50.9", "Heart failure, unspecified"), icd("I50.22", "Chronic systolic heart failure")},
		byAge([]int{45, 65}, []float64{0.002, 0.02, 0.08})},
	{cAFib, []Coding{icd("I48.91", "Atrial fibrillation, unspecified"), icd("I48.0", "Paroxysmal atrial fibrillation")},
		byAge([]int{45, 65}, []float64{0.002, 0.015, 0.09})},
	{cCOPD, []Coding{icd("J44.9", "Chronic obstructive pulmonary disease, unspecified")},
		byAge([]int{40, 65}, []float64{0, 0.04, 0.10})},
	{cAsthma, []Coding{icd("J45.909", "Asthma, uncomplicated"), icd("J45.20", "Mild intermittent asthma, uncomplicated")},
		byAge([]int{3}, []float64{0, 0.08})},
	{cCKD, []Coding{icd("N18.30", "Chronic kidney disease, stage 3 unspecified"), icd("N18.4", "Chronic kidney disease, stage 4")},
		byAge([]int{40, 65}, []float64{0.005, 0.04, 0.14})},
	{cHyperlipidemia, []Coding{icd("E78.5", "Hyperlipidemia, unspecified"), icd("E78.00", "Pure hypercholesterolemia, unspecified")},
		byAge([]int{30, 45, 65}, []float64{0, 0.06, 0.22, 0.40})},
	{cDepression, []Coding{icd("F32.9", "Major depressive disorder, single episode"), icd("F33.1", "Major depressive disorder, recurrent, moderate"), icd("F32.A", "Depression, unspecified")},
		byAge([]int{12, 18}, []float64{0, 0.04, 0.09})},
	{cDementia, []Coding{icd("F03.90", "Dementia, unspecified"), icd("G30.9", "Alzheimer's disease, unspecified")},
		byAge([]int{65, 80}, []float64{0, 0.04, 0.14})},
	{cOther, []Coding{icd("M81.0", "Age-related osteoporosis")},
		func(age int, female bool) float64 {
			switch {
			case female && age >= 50:
				return 0.12
			case age >= 65:
				return 0.03
			}
			return 0
		}},
	{cOther, []Coding{icd("M06.9", "Rheumatoid arthritis, unspecified")}, byAge([]int{25}, []float64{0, 0.01})},
	{cOther, []Coding{icd("M17.11", "Primary osteoarthritis, right knee"), icd("M19.90", "Osteoarthritis, unspecified site")},
		byAge([]int{45, 65}, []float64{0, 0.08, 0.22})},
	{cOther, []Coding{icd("E03.9", "Hypothyroidism, unspecified")},
		func(age int, female bool) float64 {
			switch {
			case age < 18:
				return 0
			case female:
				return 0.08
			}
			return 0.02
		}},
	{cOther, []Coding{icd("H40.10X0", "Open-angle glaucoma, stage unspecified")}, byAge([]int{40, 65}, []float64{0, 0.015, 0.05})},
	{cBipolar, []Coding{icd("F31.9", "Bipolar disorder, unspecified")}, byAge([]int{18}, []float64{0, 0.012})},
	{cOther, []Coding{icd("N40.0", "Benign prostatic hyperplasia")},
		func(age int, female bool) float64 {
			if female || age < 50 {
				return 0
			}
			return 0.22
		}},
	{cOther, []Coding{icd("K76.0", "Fatty liver disease")}, byAge([]int{25}, []float64{0, 0.03})},
	{cOther, []Coding{icd("G40.909", "Epilepsy, unspecified")}, byAge([]int{2}, []float64{0, 0.007})},
	{cOther, []Coding{icd("G20.A1", "Parkinson's disease")}, byAge([]int{55, 70}, []float64{0, 0.005, 0.02})},
}

// Conditions recorded when other clinical state calls for them.
var (
	codeObesity = icd("E66.9", "Obesity, unspecified")
	codeTobacco = icd("F17.210", "Nicotine dependence, cigarettes")
)

// drawConditions draws the person's registry conditions, smoking, BMI, lipids, kidney
// function and cardiovascular disease into p.conds and the person's clinical state.
func (g *gen) drawConditions(r *rand.Rand, p *person) {
	p.conds = p.conds[:0]
	add := func(k condKind, code Coding, minAge int) {
		p.conds = append(p.conds, chronic{has: true, onset: g.onset(r, p, minAge), code: code, kind: k})
	}
	for _, rc := range registryConditions {
		pr := rc.prev(p.age, p.female)
		if rc.kind == cCKD && p.dm.has {
			pr += 0.12
		}
		if pr > 0 && chance(r, pr) {
			add(rc.kind, pick(r, rc.codes), min(p.age, 18))
		}
	}

	// Cardiovascular disease, coded from the value sets the statin measure reads.
	adult := p.age >= 18
	if adult && len(g.v.athero) > 0 && chance(r, byAge([]int{45, 65}, []float64{0.004, 0.05, 0.14})(p.age, p.female)) {
		if chance(r, 0.7) || len(g.v.ihd) == 0 {
			add(cIHD, g.v.athero[0], 30)
		} else {
			add(cIHD, pick(r, g.v.ihd), 30)
		}
		p.ascvd = true
		if len(g.v.mi) > 0 && chance(r, 0.2) {
			add(cIHD, pick(r, g.v.mi), 30)
		}
	}
	if adult && len(g.v.stroke) > 0 && chance(r, byAge([]int{45, 65}, []float64{0.002, 0.015, 0.05})(p.age, p.female)) {
		add(cStroke, pick(r, g.v.stroke), 18)
		p.ascvd = true
	}
	if p.age >= 50 && len(g.v.athero) > 1 && chance(r, 0.03) {
		add(cPAD, g.v.athero[len(g.v.athero)-1], 45)
		p.ascvd = true
	}
	if adult && len(g.v.familialHC) > 0 && chance(r, 0.004) {
		add(cFamilialHC, pick(r, g.v.familialHC), 18)
		p.familialHC = true
	}

	// Smoking: ~13% of adults, a few adolescents.
	switch {
	case p.age >= 18:
		p.smoker = chance(r, 0.13)
	case p.age >= 12:
		p.smoker = chance(r, 0.03)
	}
	if p.smoker && adult && chance(r, 0.5) {
		add(cTobacco, codeTobacco, 18)
	}

	// BMI: US adults average ~29, about 40% obese.
	p.bmi = normal(r, 28.8, 6, 15.5, 62)
	if adult && p.bmi >= 30 && chance(r, 0.55) {
		add(cObesity, codeObesity, 18)
	}

	// LDL cholesterol, mg/dL: familial hypercholesterolemia and a few others very high.
	p.ldl = normal(r, 118, 30, 40, 185)
	if p.familialHC || chance(r, 0.025) {
		p.ldl = normal(r, 215, 20, 190, 320)
	}
	// eGFR, mL/min/1.73m2: below 60 in chronic kidney disease.
	p.egfr = normal(r, 92-0.4*float64(max(0, p.age-40)), 12, 60, 130)
	if p.has(cCKD) {
		p.egfr = normal(r, 44, 11, 12, 59)
	}
	p.depressed = p.has(cDepression)

	// 10-year cardiovascular risk (%), a rough pooled-cohort shape, for adults 40-79.
	if p.age >= 40 && p.age < 80 {
		risk := 1.5 + 0.45*float64(p.age-40)
		if p.smoker {
			risk += 6
		}
		if p.dm.has {
			risk += 5
		}
		if p.htn.has {
			risk += 4
		}
		if !p.female {
			risk *= 1.4
		}
		p.cvdRisk = math.Round(normal(r, risk, 3, 0.5, 60)*10) / 10
	}

	// Statins: most people with ASCVD, many diabetics and very high LDL, some others with
	// hyperlipidemia.
	switch {
	case p.ascvd:
		p.statin = chance(r, 0.75)
	case p.ldl >= 190:
		p.statin = chance(r, 0.6)
	case p.dm.has && p.age >= 40, p.cvdRisk >= 20:
		p.statin = chance(r, 0.62)
	case p.has(cHyperlipidemia):
		p.statin = chance(r, 0.5)
	}
	p.statinKind = r.IntN(3)
	if p.statin {
		p.ldl *= 0.7
	}
	// How keen the person (and their clinicians) are on preventive care.
	p.adherence = normal(r, 0.72, 0.18, 0.1, 1)
}

// has reports whether the person has a registry condition of kind k.
func (p *person) has(k condKind) bool {
	for _, c := range p.conds {
		if c.kind == k {
			return true
		}
	}
	return false
}
