package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Fixed codes that are not drawn from value sets: the blood-pressure panel is identified by
// LOINC directly in the measures.
var (
	codeBPPanel   = Coding{systemLOINC, "85354-9", "Blood pressure panel with all children optional"}
	codeSystolic  = Coding{systemLOINC, "8480-6", "Systolic blood pressure"}
	codeDiastolic = Coding{systemLOINC, "8462-4", "Diastolic blood pressure"}
)

const (
	catLaboratory  = `[{"coding":[{"system":"` + systemObsCat + `","code":"laboratory","display":"Laboratory"}]}]`
	catVitalSigns  = `[{"coding":[{"system":"` + systemObsCat + `","code":"vital-signs","display":"Vital Signs"}]}]`
	catProblemList = `[{"coding":[{"system":"` + systemCondCat + `","code":"problem-list-item","display":"Problem List Item"}]}]`
	catEncounterDx = `[{"coding":[{"system":"` + systemCondCat + `","code":"encounter-diagnosis","display":"Encounter Diagnosis"}]}]`
	clinActive     = `{"coding":[{"system":"` + systemCondClin + `","code":"active","display":"Active"}]}`
	clinResolved   = `{"coding":[{"system":"` + systemCondClin + `","code":"resolved","display":"Resolved"}]}`
	verConfirmed   = `{"coding":[{"system":"` + systemCondVer + `","code":"confirmed","display":"Confirmed"}]}`
)

// writePerson writes everything about one person: a Patient and a Coverage at each of their
// providers, then encounters with their observations, conditions and procedures.
func (g *gen) writePerson(r *rand.Rand, p *person, s *scratch, c *chunk) {
	for at := range p.provs {
		g.writePatient(p, at, c)
		g.writeCoverage(p, at, c)
	}
	clear(s.a1cYrs)
	for i := range s.encs {
		e := &s.encs[i]
		g.writeEncounter(p, e, c)
		if !e.kind.inPerson() || e.start.Before(p.birth.AddDate(18, 0, 0)) {
			continue
		}
		if chance(r, 0.92) {
			g.writeBP(r, p, e, c)
		}
		if p.dm.has && !p.a1cNever && !e.start.Before(p.dm.onset) && s.a1cYrs[e.start.Year()] < 4 && chance(r, 0.6) {
			s.a1cYrs[e.start.Year()]++
			g.writeHbA1c(r, p, e, c)
		}
	}
	g.writeChronic(r, p, p.dm, s, c)
	g.writeChronic(r, p, p.htn, s, c)
	for _, ch := range p.conds {
		g.writeChronic(r, p, ch, s, c)
	}
	for _, x := range s.extra {
		g.writeCondition(p, 0, x.code, x.onset, x.abatement, s.encOrNil(x.enc), x.onset, c)
	}
	for _, pr := range s.procs {
		g.writeProcedure(p, pr, c)
	}
	g.writeCare(r, p, s, c)
	g.writeImmunizations(r, p, c)
}

func (s *scratch) encOrNil(i int) *encounter {
	if i < 0 {
		return nil
	}
	return &s.encs[i]
}

func (g *gen) writePatient(p *person, at int, c *chunk) {
	prov := &g.provs[p.provs[at]]
	w := c.out(p.provs[at], tPatient)
	w.raw(`{"resourceType":"Patient","id":`)
	w.str(p.pids[at])
	w.raw(`,"meta":{"profile":["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]},"extension":[`)
	writeOMB(w, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race", races[p.race])
	w.raw(`,`)
	writeOMB(w, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity", ethnicities[p.ethnicity])
	w.raw(`],"identifier":[{"use":"usual","type":{"coding":[{"system":"` + systemV2ID + `","code":"MR","display":"Medical record number"}]},"system":`)
	w.str(prov.mrnSystem)
	w.raw(`,"value":`)
	w.b = append(w.b, '"')
	w.b = strconv.AppendUint(w.b, mrn(p.idx, p.provs[at]), 10)
	w.b = append(w.b, '"')
	w.raw(`},{"type":{"coding":[{"system":"` + systemV2ID + `","code":"SS","display":"Social Security number"}]},"system":"` + systemSSN + `","value":`)
	w.str(p.ssn)
	w.raw(`},{"system":`)
	w.str(g.opt.LinkageSystem)
	w.raw(`,"value":`)
	w.str(p.token)
	w.raw(`}],"active":true,"name":[{"use":"official","family":`)
	w.str(p.family)
	w.raw(`,"given":[`)
	w.str(p.given)
	w.raw(`]}],"telecom":[{"system":"phone","value":`)
	w.str(p.phone)
	w.raw(`,"use":"home"},{"system":"email","value":`)
	w.str(p.email)
	w.raw(`}],"gender":`)
	if p.female {
		w.raw(`"female"`)
	} else {
		w.raw(`"male"`)
	}
	w.raw(`,"birthDate":`)
	w.date(p.birth)
	w.raw(`,"address":[{"use":"home","line":[`)
	w.str(p.line)
	w.raw(`],"city":`)
	w.str(p.city)
	w.raw(`,"state":`)
	w.str(p.state)
	w.raw(`,"postalCode":`)
	w.str(p.zip)
	w.raw(`,"country":"US"}],"generalPractitioner":[`)
	w.ref("Practitioner", prov.pract[p.pcp[at]].id)
	w.raw(`],"managingOrganization":`)
	w.ref("Organization", prov.id)
	w.raw(`}`)
	w.end()
}

// writeOMB writes a US Core race or ethnicity extension.
func writeOMB(w *jw, url string, x weighted) {
	system := systemOMB
	if x.code == "UNK" {
		system = systemNullFlavor
	}
	w.raw(`{"url":"` + url + `","extension":[{"url":"ombCategory","valueCoding":`)
	w.coding(Coding{System: system, Code: x.code, Display: x.display})
	w.raw(`},{"url":"text","valueString":`)
	w.str(x.display)
	w.raw(`}]}`)
}

// mrn is a provider's medical record number for a person: a bijection of the person index
// (multiplying by a number coprime to 10^9), offset per provider, so numbers are unique
// within a provider and unrelated across providers.
func mrn(idx, prov int) uint64 {
	const m = 1_000_000_000
	return 1_000_000_000 + (uint64(idx)*387_420_489+uint64(prov+1)*104_729_017)%m
}

func (g *gen) writeCoverage(p *person, at int, c *chunk) {
	py := payers[p.payer]
	pid := p.pids[at]
	w := c.out(p.provs[at], tCoverage)
	w.raw(`{"resourceType":"Coverage","id":`)
	w.str(pid + "-cov-1")
	w.raw(`,"status":"active","type":{"coding":[`)
	w.coding(Coding{System: systemSOPT, Code: py.code, Display: py.display})
	w.raw(`,`)
	w.coding(Coding{System: systemSOPTOID, Code: py.code, Display: py.display})
	w.raw(`]}`)
	if p.payer != payerSelf {
		w.raw(`,"subscriberId":`)
		w.str(p.memberID)
	}
	w.raw(`,"beneficiary":`)
	w.ref("Patient", pid)
	w.raw(`,"relationship":{"coding":[{"system":"` + systemSubscriber + `","code":"self"}]},"period":{"start":`)
	w.date(p.lo)
	w.raw(`},"payor":[`)
	if p.payer == payerSelf {
		w.ref("Patient", pid)
	} else {
		w.ref("Organization", py.orgID)
	}
	w.raw(`]}`)
	w.end()
}

func (g *gen) writeEncounter(p *person, e *encounter, c *chunk) {
	prov := &g.provs[p.provs[e.at]]
	w := c.out(p.provs[e.at], tEncounter)
	w.raw(`{"resourceType":"Encounter","id":`)
	w.str(e.id)
	w.raw(`,"status":"finished","class":` + e.kind.class() + `,"type":[`)
	w.concept(e.code)
	w.raw(`],"subject":`)
	w.ref("Patient", p.pids[e.at])
	w.raw(`,"participant":[{"type":[{"coding":[{"system":"` + systemPartType + `","code":"PPRF","display":"primary performer"}]}],"individual":`)
	w.ref("Practitioner", prov.pract[p.pcp[e.at]].id)
	w.raw(`}],"period":{"start":`)
	w.instant(e.start)
	w.raw(`,"end":`)
	w.instant(e.end)
	w.raw(`}`)
	if e.kind == kInpatient {
		w.raw(`,"hospitalization":{"dischargeDisposition":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/discharge-disposition","code":"home","display":"Home"}]}}`)
	}
	w.raw(`,"serviceProvider":`)
	w.ref("Organization", prov.id)
	w.raw(`}`)
	w.end()
}

// observationHead writes the common start of an Observation up to and including the
// effective time.
func observationHead(w *jw, id, profile, category string, code Coding, pid string, e *encounter, at time.Time) {
	w.raw(`{"resourceType":"Observation","id":`)
	w.str(id)
	if profile != "" {
		w.raw(`,"meta":{"profile":["` + profile + `"]}`)
	}
	w.raw(`,"status":"final","category":` + category + `,"code":`)
	w.concept(code)
	w.raw(`,"subject":`)
	w.ref("Patient", pid)
	w.raw(`,"encounter":`)
	w.ref("Encounter", e.id)
	w.raw(`,"effectiveDateTime":`)
	w.instant(at)
}

func (p *person) nextObs(at int) string {
	p.counters[at].obs++
	return p.pids[at] + "-obs-" + strconv.Itoa(p.counters[at].obs)
}

// writeBP writes a blood-pressure panel: normal for most people; for hypertensives after
// onset, controlled (< 140/90) for about two in three.
func (g *gen) writeBP(r *rand.Rand, p *person, e *encounter, c *chunk) {
	var sys, dia float64
	switch {
	case p.htn.has && !e.start.Before(p.htn.onset) && p.bpControlled:
		sys, dia = normal(r, 127, 7, 95, 175), normal(r, 78, 6, 55, 105)
	case p.htn.has && !e.start.Before(p.htn.onset):
		sys, dia = normal(r, 150, 10, 120, 210), normal(r, 92, 7, 65, 125)
	default:
		sys, dia = normal(r, 117, 9, 90, 139), normal(r, 74, 7, 50, 89)
	}
	w := c.out(p.provs[e.at], tObservation)
	observationHead(w, p.nextObs(e.at), "http://hl7.org/fhir/StructureDefinition/bp", catVitalSigns,
		codeBPPanel, p.pids[e.at], e, e.start.Add(5*time.Minute))
	w.raw(`,"component":[`)
	writeMMHg(w, codeSystolic, sys)
	w.raw(`,`)
	writeMMHg(w, codeDiastolic, dia)
	w.raw(`]}`)
	w.end()
}

func writeMMHg(w *jw, code Coding, v float64) {
	w.raw(`{"code":`)
	w.concept(code)
	w.raw(`,"valueQuantity":{"value":`)
	w.int(int(math.Round(v)))
	w.raw(`,"unit":"mm[Hg]","system":"` + systemUCUM + `","code":"mm[Hg]"}}`)
}

// writeHbA1c writes an HbA1c result around the person's usual level.
func (g *gen) writeHbA1c(r *rand.Rand, p *person, e *encounter, c *chunk) {
	v := math.Round(normal(r, p.a1cMean, 0.5, 4.5, 15)*10) / 10
	at := e.start.Add(10 * time.Minute)
	w := c.out(p.provs[e.at], tObservation)
	observationHead(w, p.nextObs(e.at), "", catLaboratory, pick(r, g.v.hba1c), p.pids[e.at], e, at)
	w.raw(`,"issued":`)
	w.instant(at.Add(4 * time.Hour))
	w.raw(`,"valueQuantity":{"value":`)
	w.float1(v)
	w.raw(`,"unit":"%","system":"` + systemUCUM + `","code":"%"}}`)
	w.end()
}

// writeChronic records a chronic condition: on the home provider's problem list, and as an
// encounter diagnosis at most other providers that saw the person after onset.
func (g *gen) writeChronic(r *rand.Rand, p *person, ch chronic, s *scratch, c *chunk) {
	if !ch.has {
		return
	}
	for at := range p.provs {
		first := -1
		for i := range s.encs {
			if s.encs[i].at == at && !s.encs[i].start.Before(ch.onset) {
				first = i
				break
			}
		}
		if at == 0 {
			recorded := ch.onset
			if first >= 0 {
				recorded = s.encs[first].start
			}
			g.writeCondition(p, 0, ch.code, ch.onset, time.Time{}, nil, recorded, c)
			continue
		}
		if first >= 0 && chance(r, 0.7) {
			g.writeCondition(p, at, ch.code, ch.onset, time.Time{}, &s.encs[first], s.encs[first].start, c)
		}
	}
}

// writeCondition writes a confirmed Condition; with an encounter it is an encounter
// diagnosis, otherwise a problem-list item. A zero abatement means still active.
func (g *gen) writeCondition(p *person, at int, code Coding, onset, abatement time.Time, e *encounter, recorded time.Time, c *chunk) {
	p.counters[at].cond++
	w := c.out(p.provs[at], tCondition)
	w.raw(`{"resourceType":"Condition","id":`)
	w.str(p.pids[at] + "-cond-" + strconv.Itoa(p.counters[at].cond))
	if abatement.IsZero() {
		w.raw(`,"clinicalStatus":` + clinActive)
	} else {
		w.raw(`,"clinicalStatus":` + clinResolved)
	}
	w.raw(`,"verificationStatus":` + verConfirmed + `,"category":`)
	if e != nil {
		w.raw(catEncounterDx)
	} else {
		w.raw(catProblemList)
	}
	w.raw(`,"code":`)
	w.concept(code)
	w.raw(`,"subject":`)
	w.ref("Patient", p.pids[at])
	if e != nil {
		w.raw(`,"encounter":`)
		w.ref("Encounter", e.id)
	}
	w.raw(`,"onsetDateTime":`)
	w.instant(onset)
	if !abatement.IsZero() {
		w.raw(`,"abatementDateTime":`)
		w.instant(abatement)
	}
	w.raw(`,"recordedDate":`)
	w.instant(recorded)
	w.raw(`}`)
	w.end()
}

func (g *gen) writeProcedure(p *person, pr procedure, c *chunk) {
	p.counters[pr.at].proc++
	w := c.out(p.provs[pr.at], tProcedure)
	w.raw(`{"resourceType":"Procedure","id":`)
	w.str(p.pids[pr.at] + "-proc-" + strconv.Itoa(p.counters[pr.at].proc))
	w.raw(`,"status":"completed","code":`)
	w.concept(pr.code)
	w.raw(`,"subject":`)
	w.ref("Patient", p.pids[pr.at])
	w.raw(`,"performedDateTime":`)
	w.instant(pr.on)
	w.raw(`}`)
	w.end()
}
