package synth

import (
	"errors"
	"fmt"
)

// vsac is the canonical base of the VSAC value sets the eCQMs reference.
const vsac = "http://cts.nlm.nih.gov/fhir/ValueSet/"

// Value sets the generator draws from, by canonical URL (OIDs from the eCQM CQL libraries).
const (
	VSDiabetes         = vsac + "2.16.840.1.113883.3.464.1003.103.12.1001"
	VSHbA1cLabTest     = vsac + "2.16.840.1.113883.3.464.1003.198.12.1013"
	VSOfficeVisit      = vsac + "2.16.840.1.113883.3.464.1003.101.12.1001"
	VSAnnualWellness   = vsac + "2.16.840.1.113883.3.526.3.1240"
	VSPreventiveEst18  = vsac + "2.16.840.1.113883.3.464.1003.101.12.1025"
	VSPreventiveInit18 = vsac + "2.16.840.1.113883.3.464.1003.101.12.1023"
	VSHomeHealthcare   = vsac + "2.16.840.1.113883.3.464.1003.101.12.1016"
	VSVirtualEncounter = vsac + "2.16.840.1.113883.3.464.1003.101.12.1089"
	VSTelephoneVisits  = vsac + "2.16.840.1.113883.3.464.1003.101.12.1080"
	VSEssentialHTN     = vsac + "2.16.840.1.113883.3.464.1003.104.12.1011"
	VSHospiceEncounter = vsac + "2.16.840.1.113883.3.464.1003.1003"
	VSHospiceDiagnosis = vsac + "2.16.840.1.113883.3.464.1003.1165"
	VSPalliativeEnc    = vsac + "2.16.840.1.113883.3.464.1003.101.12.1090"
	VSPalliativeDx     = vsac + "2.16.840.1.113883.3.464.1003.1167"
	VSFrailtyDiagnosis = vsac + "2.16.840.1.113883.3.464.1003.113.12.1074"
	VSFrailtyEncounter = vsac + "2.16.840.1.113883.3.464.1003.101.12.1088"
	VSAdvancedIllness  = vsac + "2.16.840.1.113883.3.464.1003.110.12.1082"
	VSEncounterInpt    = vsac + "2.16.840.1.113883.3.666.5.307"
	VSEDVisit          = vsac + "2.16.840.1.113883.3.464.1003.101.12.1010"
	VSESRD             = vsac + "2.16.840.1.113883.3.526.3.353"
	VSCKDStage5        = vsac + "2.16.840.1.113883.3.526.3.1002"
	VSPregnancy        = vsac + "2.16.840.1.113883.3.526.3.378"
	VSKidneyTransplant = vsac + "2.16.840.1.113883.3.464.1003.109.12.1029"
	VSDialysisServices = vsac + "2.16.840.1.113883.3.464.1003.109.12.1013"
)

// ErrMissingCodes is returned when Options.Codes lacks a value set the generator cannot do
// without (diabetes, hypertension, HbA1c, office visit).
var ErrMissingCodes = errors.New("value set has no usable codes")

// vocab holds, per clinical role, the few codes the generator draws from.
type vocab struct {
	diabetes, hypertension, hba1c                                   []Coding
	office, wellness, prevEst, prevInit, homeHealth, virtual, phone []Coding
	ed, inpatient                                                   []Coding
	hospiceEnc, hospiceDx, palliativeEnc, palliativeDx              []Coding
	frailtyDx, frailtyEnc, advancedIllness                          []Coding
	esrd, ckd5, pregnancy, kidneyTx, dialysis                       []Coding
}

// newVocab picks the palettes from codes. Conditions are coded in ICD-10-CM or SNOMED CT,
// encounters and procedures in CPT, SNOMED CT or HCPCS, labs in LOINC.
func newVocab(codes, starter CodeSet) (*vocab, error) {
	cond := func(url string) []Coding { return palette(codes, starter, url, systemICD10CM, systemSNOMED) }
	enc := func(url string) []Coding {
		return palette(codes, starter, url, systemCPT, systemSNOMED, systemHCPCS)
	}
	v := &vocab{
		diabetes:        cond(VSDiabetes),
		hypertension:    cond(VSEssentialHTN),
		hba1c:           palette(codes, starter, VSHbA1cLabTest, systemLOINC),
		office:          enc(VSOfficeVisit),
		wellness:        enc(VSAnnualWellness),
		prevEst:         enc(VSPreventiveEst18),
		prevInit:        enc(VSPreventiveInit18),
		homeHealth:      enc(VSHomeHealthcare),
		virtual:         enc(VSVirtualEncounter),
		phone:           enc(VSTelephoneVisits),
		ed:              enc(VSEDVisit),
		inpatient:       enc(VSEncounterInpt),
		hospiceEnc:      enc(VSHospiceEncounter),
		hospiceDx:       cond(VSHospiceDiagnosis),
		palliativeEnc:   enc(VSPalliativeEnc),
		palliativeDx:    cond(VSPalliativeDx),
		frailtyDx:       cond(VSFrailtyDiagnosis),
		frailtyEnc:      enc(VSFrailtyEncounter),
		advancedIllness: cond(VSAdvancedIllness),
		esrd:            cond(VSESRD),
		ckd5:            cond(VSCKDStage5),
		pregnancy:       cond(VSPregnancy),
		kidneyTx:        cond(VSKidneyTransplant),
		dialysis:        enc(VSDialysisServices),
	}
	for _, req := range []struct {
		url   string
		codes []Coding
	}{
		{VSDiabetes, v.diabetes}, {VSEssentialHTN, v.hypertension},
		{VSHbA1cLabTest, v.hba1c}, {VSOfficeVisit, v.office},
	} {
		if len(req.codes) == 0 {
			return nil, fmt.Errorf("choosing codes from %s: %w", req.url, ErrMissingCodes)
		}
	}
	return v, nil
}
