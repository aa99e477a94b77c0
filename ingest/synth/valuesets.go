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

	// Screenings, preventive care and their follow-up.
	VSMammography         = vsac + "2.16.840.1.113883.3.464.1003.108.12.1018"
	VSPapTest             = vsac + "2.16.840.1.113883.3.464.1003.108.12.1017"
	VSHPVTest             = vsac + "2.16.840.1.113883.3.464.1003.110.12.1059"
	VSColonoscopy         = vsac + "2.16.840.1.113883.3.464.1003.108.12.1020"
	VSFOBT                = vsac + "2.16.840.1.113883.3.464.1003.198.12.1011"
	VSSDNAFIT             = vsac + "2.16.840.1.113883.3.464.1003.108.12.1039"
	VSFlexSigmoidoscopy   = vsac + "2.16.840.1.113883.3.464.1003.198.12.1010"
	VSCTColonography      = vsac + "2.16.840.1.113883.3.464.1003.108.12.1038"
	VSRetinalExam         = vsac + "2.16.840.1.113883.3.464.1003.115.12.1088"
	VSTobaccoScreening    = vsac + "2.16.840.1.113883.3.526.3.1278"
	VSTobaccoUser         = vsac + "2.16.840.1.113883.3.526.3.1170"
	VSTobaccoNonUser      = vsac + "2.16.840.1.113883.3.526.3.1189"
	VSCessationCounseling = vsac + "2.16.840.1.113883.3.526.3.509"
	VSCessationRx         = vsac + "2.16.840.1.113883.3.526.3.1190"
	VSDepressionEncounter = vsac + "2.16.840.1.113883.3.600.1916"
	VSFollowUpAdultDep    = vsac + "2.16.840.1.113883.3.526.3.1568"
	VSFollowUpAdolDep     = vsac + "2.16.840.1.113883.3.526.3.1569"
	VSBMIEncounter        = vsac + "2.16.840.1.113883.3.600.1.1751"
	VSFollowUpHighBMI     = vsac + "2.16.840.1.113883.3.600.1.1525"
	VSOverweightObese     = vsac + "2.16.840.1.113762.1.4.1047.502"
	VSPreventiveInit0to17 = vsac + "2.16.840.1.113883.3.464.1003.101.12.1022"
	VSPreventiveEst0to17  = vsac + "2.16.840.1.113883.3.464.1003.101.12.1024"

	// Childhood vaccines (CVX).
	VSDTaPVaccine      = vsac + "2.16.840.1.113883.3.464.1003.196.12.1214"
	VSIPVVaccine       = vsac + "2.16.840.1.113883.3.464.1003.196.12.1219"
	VSMMRVaccine       = vsac + "2.16.840.1.113883.3.464.1003.196.12.1224"
	VSHib3Vaccine      = vsac + "2.16.840.1.113883.3.464.1003.110.12.1083"
	VSHib4Vaccine      = vsac + "2.16.840.1.113883.3.464.1003.110.12.1085"
	VSHepBVaccine      = vsac + "2.16.840.1.113883.3.464.1003.196.12.1216"
	VSVZVVaccine       = vsac + "2.16.840.1.113883.3.464.1003.196.12.1170"
	VSPCVVaccine       = vsac + "2.16.840.1.113883.3.464.1003.196.12.1221"
	VSHepAVaccine      = vsac + "2.16.840.1.113883.3.464.1003.196.12.1215"
	VSRotavirus3       = vsac + "2.16.840.1.113883.3.464.1003.196.12.1223"
	VSInfluenzaVaccine = vsac + "2.16.840.1.113883.3.464.1003.196.12.1218"

	// Cardiovascular risk and statins.
	VSIschemicHeart     = vsac + "2.16.840.1.113762.1.4.1047.46"
	VSAtherosclerosis   = vsac + "2.16.840.1.113762.1.4.1047.21"
	VSStrokeTIA         = vsac + "2.16.840.1.113762.1.4.1047.44"
	VSInitialMI         = vsac + "2.16.840.1.113883.3.526.3.403"
	VSCABGOrPCI         = vsac + "2.16.840.1.113762.1.4.1138.566"
	VSFamilialHyperchol = vsac + "2.16.840.1.113762.1.4.1047.100"
	VSLDLCholesterol    = vsac + "2.16.840.1.113883.3.526.3.1573"
	VSStatinHigh        = vsac + "2.16.840.1.113883.3.526.3.1572"
	VSStatinModerate    = vsac + "2.16.840.1.113883.3.526.3.1575"
	VSStatinLow         = vsac + "2.16.840.1.113883.3.526.3.1574"
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

	mammography, papTest, hpvTest, fobt, sdnaFIT, ctColonography    []Coding
	colonoscopy, flexSig, retinalExam                               []Coding
	tobaccoScreen, tobaccoUser, tobaccoNonUser, cessationCounsel    []Coding
	cessationRx, followUpAdultDep, followUpAdolDep, followUpHighBMI []Coding
	prevChildInit, prevChildEst                                     []Coding
	vaccines                                                        [numVaccines][]Coding
	ihd, athero, stroke, mi, cabgPCI, familialHC, ldl               []Coding
	statins                                                         [3][]Coding // high, moderate, low
}

// newVocab picks the palettes from codes. Conditions are coded in ICD-10-CM or SNOMED CT,
// encounters and procedures in CPT, SNOMED CT or HCPCS, labs in LOINC.
func newVocab(codes, starter CodeSet) (*vocab, error) {
	cond := func(url string) []Coding { return palette(codes, starter, url, systemICD10CM, systemSNOMED) }
	enc := func(url string) []Coding {
		return palette(codes, starter, url, systemCPT, systemSNOMED, systemHCPCS)
	}
	lab := func(url string) []Coding { return palette(codes, starter, url, systemLOINC) }
	med := func(url string) []Coding { return palette(codes, starter, url, systemRxNorm) }
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

		mammography:      lab(VSMammography),
		papTest:          lab(VSPapTest),
		hpvTest:          lab(VSHPVTest),
		fobt:             lab(VSFOBT),
		sdnaFIT:          lab(VSSDNAFIT),
		ctColonography:   lab(VSCTColonography),
		colonoscopy:      enc(VSColonoscopy),
		flexSig:          enc(VSFlexSigmoidoscopy),
		retinalExam:      enc(VSRetinalExam),
		tobaccoScreen:    lab(VSTobaccoScreening),
		tobaccoUser:      palette(codes, starter, VSTobaccoUser, systemSNOMED),
		tobaccoNonUser:   palette(codes, starter, VSTobaccoNonUser, systemSNOMED),
		cessationCounsel: enc(VSCessationCounseling),
		cessationRx:      med(VSCessationRx),
		followUpAdultDep: enc(VSFollowUpAdultDep),
		followUpAdolDep:  enc(VSFollowUpAdolDep),
		followUpHighBMI:  enc(VSFollowUpHighBMI),
		prevChildInit:    enc(VSPreventiveInit0to17),
		prevChildEst:     enc(VSPreventiveEst0to17),
		ihd:              cond(VSIschemicHeart),
		athero:           cond(VSAtherosclerosis),
		stroke:           cond(VSStrokeTIA),
		mi:               cond(VSInitialMI),
		cabgPCI:          enc(VSCABGOrPCI),
		familialHC:       cond(VSFamilialHyperchol),
		ldl:              lab(VSLDLCholesterol),
		statins:          [3][]Coding{med(VSStatinHigh), med(VSStatinModerate), med(VSStatinLow)},
	}
	for i, vc := range vaccineSchedule {
		v.vaccines[i] = palette(codes, starter, vc.url, systemCVX)
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
