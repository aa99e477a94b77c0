package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Fixed codes the measures and registries name directly (direct-reference codes, the BMI
// vital-sign profile, the registry lab codes), not drawn from value sets.
var (
	codeBMI          = Coding{systemLOINC, "39156-5", "Body mass index (BMI) [Ratio]"}
	codeAdultDepScr  = Coding{systemLOINC, "73832-8", "Adult depression screening assessment"}
	codeAdolDepScr   = Coding{systemLOINC, "73831-0", "Adolescent depression screening assessment"}
	codePHQ9         = Coding{systemLOINC, "44261-6", "PHQ-9 total score"}
	codeDepPositive  = Coding{systemSNOMED, "428181000124104", "Depression screening positive"}
	codeDepNegative  = Coding{systemSNOMED, "428171000124102", "Depression screening negative"}
	codeEGFR         = Coding{systemLOINC, "98979-8", "eGFR (CKD-EPI 2021)"}
	codeUACR         = Coding{systemLOINC, "14959-1", "Microalbumin/creatinine ratio in urine"}
	codeNegativeFind = Coding{systemSNOMED, "260385009", "Negative"}
	codeCVDRisk      = Coding{systemLOINC, "79423-0", "Cardiovascular disease 10Y risk, pooled cohort equations"}
)

const (
	catSurvey  = `[{"coding":[{"system":"` + systemObsCat + `","code":"survey","display":"Survey"}]}]`
	catExam    = `[{"coding":[{"system":"` + systemObsCat + `","code":"exam","display":"Exam"}]}]`
	catImaging = `[{"coding":[{"system":"` + systemObsCat + `","code":"imaging","display":"Imaging"}]}]`
	profileBMI = "http://hl7.org/fhir/StructureDefinition/bmi"
)

// What is done at most a few times a year per person, counted in scratch.tally.
const (
	tyBMI = iota
	tyTobacco
	tyDepression
	tyLDL
	tyEGFR
	tyUACR
	tyEye
	tyStatin
	tyCessation
	tyCVDRisk
	numTally
)

// yearly caps per tally kind.
var tallyCap = [numTally]uint8{tyBMI: 2, tyEGFR: 2, tyTobacco: 1, tyDepression: 1, tyLDL: 1, tyUACR: 1, tyEye: 1, tyStatin: 1, tyCessation: 1, tyCVDRisk: 1}

// ageAt is the age in whole years on day t.
func ageAt(birth, t time.Time) int {
	a := t.Year() - birth.Year()
	if t.YearDay() < birth.YearDay() {
		a--
	}
	return a
}

// writeCare writes the person's preventive care and chronic-disease monitoring: vital signs
// and labs at visits, screenings with their answers and follow-up, statins, cancer
// screenings and cardiac procedures.
func (g *gen) writeCare(r *rand.Rand, p *person, s *scratch, c *chunk) {
	clear(s.tally)
	adh := p.adherence
	for i := range s.encs {
		e := &s.encs[i]
		if !e.kind.inPerson() {
			continue
		}
		age := ageAt(p.birth, e.start)
		if age < 12 {
			continue
		}
		y := e.start.Year()
		t := s.tally[y]
		do := func(kind int, prob float64) bool {
			if t[kind] >= tallyCap[kind] || !chance(r, prob) {
				return false
			}
			t[kind]++
			return true
		}
		// once gives a yearly chance: the first eligible visit of the year decides.
		once := func(kind int, prob float64) bool {
			if t[kind] >= tallyCap[kind] {
				return false
			}
			t[kind]++
			return chance(r, prob)
		}
		screenVisit := e.kind == kOffice || e.kind == kPrevEst
		if age >= 18 {
			if do(tyBMI, 0.55+0.35*adh) {
				bmi := math.Round(normal(r, p.bmi, 0.6, 14, 70)*10) / 10
				g.writeQuantity(p, e, codeBMI, catVitalSigns, profileBMI, e.start.Add(5*time.Minute), bmi, "kg/m2", c)
				if bmi >= 25 && len(g.v.followUpHighBMI) > 0 && chance(r, 0.2+0.4*adh) {
					g.writeProcedure(p, procedure{code: pick(r, g.v.followUpHighBMI), on: midway(e), at: e.at}, c)
				}
			}
			if (p.ascvd || p.dm.has || p.statin || p.has(cHyperlipidemia) || age >= 40) && do(tyLDL, 0.5) {
				g.writeLab(r, p, e, pick(r, g.v.ldl), math.Round(normal(r, p.ldl, 8, 30, 400)), "mg/dL", c)
			}
			if (p.dm.has || p.htn.has || p.has(cCKD) || age >= 65) && do(tyEGFR, 0.5) {
				g.writeLab(r, p, e, codeEGFR, math.Round(normal(r, p.egfr, 4, 5, 140)), "mL/min/{1.73_m2}", c)
			}
			if (p.dm.has || p.has(cCKD)) && do(tyUACR, 0.45) {
				uacr := math.Round(math.Exp(normal(r, 2.8, 1.2, 0, 7.5)))
				g.writeLab(r, p, e, codeUACR, uacr, "mg/g", c)
			}
			if p.dm.has && !e.start.Before(p.dm.onset) && once(tyEye, 0.25+0.4*adh) && len(g.v.retinalExam) > 0 {
				g.writeFinding(p, e, pick(r, g.v.retinalExam), catExam, e.start.Add(20*time.Minute), nil, c)
			}
			if p.cvdRisk > 0 && !p.ascvd && age >= 40 && do(tyCVDRisk, 0.5) {
				g.writeQuantity(p, e, codeCVDRisk, catSurvey, "", e.start.Add(12*time.Minute), p.cvdRisk, "%", c)
			}
			if p.statin && do(tyStatin, 0.92) {
				g.writeMedication(p, e, pick(r, g.v.statins[p.statinKind]), c)
			}
		}
		if screenVisit && len(g.v.tobaccoScreen) > 0 && do(tyTobacco, 0.45+0.5*adh) {
			answer := g.v.tobaccoNonUser
			if p.smoker {
				answer = g.v.tobaccoUser
			}
			if len(answer) > 0 {
				v := pick(r, answer)
				g.writeFinding(p, e, pick(r, g.v.tobaccoScreen), catSurvey, e.start.Add(3*time.Minute), &v, c)
			}
			if p.smoker && do(tyCessation, 0.3+0.4*adh) {
				if chance(r, 0.7) && len(g.v.cessationCounsel) > 0 {
					g.writeProcedure(p, procedure{code: pick(r, g.v.cessationCounsel), on: midway(e), at: e.at}, c)
				} else if len(g.v.cessationRx) > 0 {
					g.writeMedication(p, e, pick(r, g.v.cessationRx), c)
				}
			}
		}
		if screenVisit && do(tyDepression, 0.35+0.55*adh) {
			code, follow := codeAdultDepScr, g.v.followUpAdultDep
			if age < 18 {
				code, follow = codeAdolDepScr, g.v.followUpAdolDep
			}
			positive := chance(r, 0.05)
			if p.depressed {
				positive = chance(r, 0.45)
			}
			answer := codeDepNegative
			if positive {
				answer = codeDepPositive
			}
			g.writeFinding(p, e, code, catSurvey, e.start.Add(4*time.Minute), &answer, c)
			if positive || p.depressed {
				score := normal(r, 6, 3, 0, 9)
				if positive {
					score = normal(r, 14, 4, 10, 27)
				}
				g.writeQuantity(p, e, codePHQ9, catSurvey, "", e.start.Add(4*time.Minute), math.Round(score), "{score}", c)
			}
			if positive && len(follow) > 0 && chance(r, 0.45+0.35*adh) {
				g.writeProcedure(p, procedure{code: pick(r, follow), on: midway(e), at: e.at}, c)
			}
		}
		s.tally[y] = t
	}
	g.writeScreenings(r, p, s, c)
	if p.has(cIHD) && len(g.v.cabgPCI) > 0 && chance(r, 0.12) {
		if e := pickVisit(r, p, s, g.opt.Start); e != nil {
			g.writeProcedure(p, procedure{code: pick(r, g.v.cabgPCI), on: e.start.Add(2 * time.Hour), at: 0}, c)
		}
	}
}

// midway is the middle of an encounter: follow-up done during the visit.
func midway(e *encounter) time.Time { return e.start.Add(e.end.Sub(e.start) / 2) }

// writeScreenings writes cancer screenings, each at a visit (or, for procedures, on its day)
// in the window its measure looks back over.
func (g *gen) writeScreenings(r *rand.Rand, p *person, s *scratch, c *chunk) {
	end := g.opt.End
	adh := p.adherence
	if p.female && p.age >= 50 && p.age <= 75 && len(g.v.mammography) > 0 && chance(r, 0.35+0.5*adh) {
		if e := pickVisit(r, p, s, end.AddDate(0, -27, 0)); e != nil {
			g.writeFinding(p, e, pick(r, g.v.mammography), catImaging, e.start.Add(30*time.Minute), nil, c)
		}
	}
	if p.female && p.age >= 21 && p.age <= 65 && len(g.v.papTest) > 0 && chance(r, 0.3+0.5*adh) {
		if e := pickVisit(r, p, s, end.AddDate(-3, 0, 1)); e != nil {
			neg := codeNegativeFind
			g.writeFinding(p, e, pick(r, g.v.papTest), catLaboratory, e.start.Add(15*time.Minute), &neg, c)
			if p.age >= 31 && len(g.v.hpvTest) > 0 && chance(r, 0.5) {
				g.writeFinding(p, e, pick(r, g.v.hpvTest), catLaboratory, e.start.Add(15*time.Minute), &neg, c)
			}
		}
	}
	if p.age >= 45 && p.age <= 76 {
		x := r.Float64() / (0.4 + 0.6*adh)
		var e *encounter
		switch {
		case x < 0.36 && len(g.v.colonoscopy) > 0:
			if e = pickVisit(r, p, s, g.opt.Start); e != nil {
				g.writeProcedure(p, procedure{code: pick(r, g.v.colonoscopy), on: e.start.Add(time.Hour), at: e.at}, c)
			}
		case x < 0.54 && len(g.v.fobt) > 0:
			if e = pickVisit(r, p, s, end.AddDate(-1, 0, 1)); e != nil {
				neg := codeNegativeFind
				g.writeFinding(p, e, pick(r, g.v.fobt), catLaboratory, e.start.Add(10*time.Minute), &neg, c)
			}
		case x < 0.60 && len(g.v.sdnaFIT) > 0:
			if e = pickVisit(r, p, s, g.opt.Start); e != nil {
				neg := codeNegativeFind
				g.writeFinding(p, e, pick(r, g.v.sdnaFIT), catLaboratory, e.start.Add(10*time.Minute), &neg, c)
			}
		case x < 0.63 && len(g.v.flexSig) > 0:
			if e = pickVisit(r, p, s, g.opt.Start); e != nil {
				g.writeProcedure(p, procedure{code: pick(r, g.v.flexSig), on: e.start.Add(time.Hour), at: e.at}, c)
			}
		case x < 0.65 && len(g.v.ctColonography) > 0:
			if e = pickVisit(r, p, s, g.opt.Start); e != nil {
				g.writeFinding(p, e, pick(r, g.v.ctColonography), catImaging, e.start.Add(30*time.Minute), nil, c)
			}
		}
	}
}

// pickVisit returns a random in-person adult visit starting on or after from, or nil.
func pickVisit(r *rand.Rand, p *person, s *scratch, from time.Time) *encounter {
	ok := func(e *encounter) bool {
		return e.kind.inPerson() && !e.start.Before(from) && ageAt(p.birth, e.start) >= 18
	}
	n := 0
	for i := range s.encs {
		if ok(&s.encs[i]) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	k := r.IntN(n)
	for i := range s.encs {
		if ok(&s.encs[i]) {
			if k == 0 {
				return &s.encs[i]
			}
			k--
		}
	}
	return nil
}

// writeQuantity writes a final Observation with a UCUM quantity.
func (g *gen) writeQuantity(p *person, e *encounter, code Coding, category, profile string, at time.Time, v float64, unit string, c *chunk) {
	w := c.out(p.provs[e.at], tObservation)
	observationHead(w, p.nextObs(e.at), profile, category, code, p.pids[e.at], e, at)
	w.raw(`,"valueQuantity":{"value":`)
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
	w.raw(`,"unit":`)
	w.str(unit)
	w.raw(`,"system":"` + systemUCUM + `","code":`)
	w.str(unit)
	w.raw(`}}`)
	w.end()
}

// writeLab writes a laboratory result with its issued time.
func (g *gen) writeLab(r *rand.Rand, p *person, e *encounter, code Coding, v float64, unit string, c *chunk) {
	at := e.start.Add(time.Duration(5+r.IntN(20)) * time.Minute)
	w := c.out(p.provs[e.at], tObservation)
	observationHead(w, p.nextObs(e.at), "", catLaboratory, code, p.pids[e.at], e, at)
	w.raw(`,"issued":`)
	w.instant(at.Add(6 * time.Hour))
	w.raw(`,"valueQuantity":{"value":`)
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
	w.raw(`,"unit":`)
	w.str(unit)
	w.raw(`,"system":"` + systemUCUM + `","code":`)
	w.str(unit)
	w.raw(`}}`)
	w.end()
}

// writeFinding writes a final Observation with an optional coded answer.
func (g *gen) writeFinding(p *person, e *encounter, code Coding, category string, at time.Time, value *Coding, c *chunk) {
	w := c.out(p.provs[e.at], tObservation)
	observationHead(w, p.nextObs(e.at), "", category, code, p.pids[e.at], e, at)
	if value != nil {
		w.raw(`,"valueCodeableConcept":`)
		w.concept(*value)
	}
	w.raw(`}`)
	w.end()
}

// writeMedication writes an active medication order authored at the visit.
func (g *gen) writeMedication(p *person, e *encounter, code Coding, c *chunk) {
	p.counters[e.at].med++
	w := c.out(p.provs[e.at], tMedicationRequest)
	w.raw(`{"resourceType":"MedicationRequest","id":`)
	w.str(p.pids[e.at] + "-med-" + strconv.Itoa(p.counters[e.at].med))
	w.raw(`,"status":"active","intent":"order","medicationCodeableConcept":`)
	w.concept(code)
	w.raw(`,"subject":`)
	w.ref("Patient", p.pids[e.at])
	w.raw(`,"encounter":`)
	w.ref("Encounter", e.id)
	w.raw(`,"authoredOn":`)
	w.instant(e.start.Add(15 * time.Minute))
	w.raw(`}`)
	w.end()
}
