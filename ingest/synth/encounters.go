package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// encKind is what an encounter was for; it decides the value set, the class and whether
// vital signs and labs are taken.
type encKind uint8

const (
	kOffice encKind = iota
	kPrevEst
	kPrevInit
	kWellness
	kHome
	kVirtual
	kPhone
	kED
	kInpatient
	kHospice
	kPalliative
	kFrailty
	kPrevChildInit
	kPrevChildEst
)

// classes of encounter (v3-ActCode).
const (
	classAMB  = `{"system":"` + systemActCode + `","code":"AMB","display":"ambulatory"}`
	classEMER = `{"system":"` + systemActCode + `","code":"EMER","display":"emergency"}`
	classIMP  = `{"system":"` + systemActCode + `","code":"IMP","display":"inpatient encounter"}`
	classHH   = `{"system":"` + systemActCode + `","code":"HH","display":"home health"}`
	classVR   = `{"system":"` + systemActCode + `","code":"VR","display":"virtual"}`
)

func (k encKind) class() string {
	switch k {
	case kED:
		return classEMER
	case kInpatient:
		return classIMP
	case kHome, kHospice, kFrailty:
		return classHH
	case kVirtual, kPhone:
		return classVR
	default:
		return classAMB
	}
}

// inPerson reports whether vital signs and labs are taken at an encounter of this kind.
func (k encKind) inPerson() bool {
	return k == kOffice || k == kPrevEst || k == kPrevInit || k == kWellness || k == kHome ||
		k == kPrevChildInit || k == kPrevChildEst
}

func (v *vocab) codes(k encKind) []Coding {
	switch k {
	case kOffice:
		return v.office
	case kPrevEst:
		return v.prevEst
	case kPrevInit:
		return v.prevInit
	case kWellness:
		return v.wellness
	case kHome:
		return v.homeHealth
	case kVirtual:
		return v.virtual
	case kPhone:
		return v.phone
	case kED:
		return v.ed
	case kInpatient:
		return v.inpatient
	case kHospice:
		return v.hospiceEnc
	case kPalliative:
		return v.palliativeEnc
	case kFrailty:
		return v.frailtyEnc
	case kPrevChildInit:
		return v.prevChildInit
	case kPrevChildEst:
		return v.prevChildEst
	}
	return nil
}

type encounter struct {
	kind       encKind
	at         int // index into person.provs
	start, end time.Time
	code       Coding
	id         string
	seq        int // creation order, which extraCondition.enc refers to
}

// extraCondition is a diagnosis beyond diabetes and hypertension, mostly exclusion evidence
// (hospice, palliative care, frailty, advanced illness, ESRD, pregnancy, ...), recorded by the
// home provider.
type extraCondition struct {
	code      Coding
	onset     time.Time
	abatement time.Time // zero: still active
	enc       int       // encounter seq, -1 for a problem-list entry
}

type procedure struct {
	code Coding
	on   time.Time
	at   int // index into person.provs
}

// schedule draws the person's encounters, extra conditions and procedures into s.
func (g *gen) schedule(r *rand.Rand, p *person, s *scratch) {
	s.encs, s.extra, s.procs = s.encs[:0], s.extra[:0], s.procs[:0]
	end := g.opt.End
	years := (end.Sub(p.lo).Hours()/24 + 1) / 365.25
	adult := p.age >= 18
	old := p.age >= 65

	add := func(k encKind, start, stop time.Time, at int) int {
		codes := g.v.codes(k)
		if len(codes) == 0 {
			return -1
		}
		s.encs = append(s.encs, encounter{kind: k, at: at, start: start, end: stop, code: pick(r, codes), seq: len(s.encs)})
		return len(s.encs) - 1
	}
	where := func() int {
		if len(p.provs) == 1 || chance(r, 0.6) {
			return 0
		}
		return 1 + r.IntN(len(p.provs)-1)
	}
	visit := func(k encKind, at int) int {
		d := weekday(between(r, p.lo, end), p.lo, end)
		start := officeHours(r, d)
		dur := time.Duration(15+15*r.IntN(3)) * time.Minute
		if k == kPhone || k == kVirtual {
			dur = time.Duration(10+5*r.IntN(3)) * time.Minute
		}
		return add(k, start, start.Add(dur), at)
	}

	// Ambulatory visits: more with age and chronic disease.
	var rate float64
	switch {
	case p.age < 2:
		rate = 4
	case p.age < 18:
		rate = 1.2
	case p.age < 45:
		rate = 1.6
	case p.age < 65:
		rate = 2.4
	default:
		rate = 3.4
	}
	if p.dm.has {
		rate += 1.5
	}
	if p.htn.has {
		rate += 1.0
	}
	for range poisson(r, rate*years) {
		visit(g.ambulatoryKind(r, p), where())
	}
	// Every provider of a shared person has at least one visit of its own.
	for at := 1; at < len(p.provs); at++ {
		if !slices.ContainsFunc(s.encs, func(e encounter) bool { return e.at == at }) {
			visit(kOffice, at)
		}
	}

	// Emergency department visits and inpatient stays.
	edRate, ipRate := 0.12, 0.04
	if old {
		edRate, ipRate = 0.22, 0.12
	}
	for range poisson(r, edRate*years) {
		d := between(r, p.lo, end)
		start := d.Add(time.Duration(r.IntN(17*60)) * time.Minute)
		add(kED, start, start.Add(time.Duration(120+r.IntN(300))*time.Minute), where())
	}
	for range poisson(r, ipRate*years) {
		los := 1 + r.IntN(6)
		last := end.AddDate(0, 0, -los)
		if last.Before(p.lo) {
			continue
		}
		d := between(r, p.lo, last)
		start := d.Add(time.Duration(r.IntN(17*60)) * time.Minute)
		add(kInpatient, start, start.AddDate(0, 0, los).Add(time.Duration(r.IntN(6*60))*time.Minute), where())
	}

	// Exclusion evidence, ~1-2% of adults each, mostly in the last 18 months.
	if !adult {
		return
	}
	recent := end.AddDate(0, -18, 0)
	if recent.Before(p.lo) {
		recent = p.lo
	}
	recentDay := func() time.Time { return between(r, recent, end) }
	cond := func(codes []Coding, onset time.Time, enc int) {
		if len(codes) > 0 {
			s.extra = append(s.extra, extraCondition{code: pick(r, codes), onset: onset, enc: enc})
		}
	}
	older := func(young, old float64) float64 {
		if p.age >= 65 {
			return old
		}
		return young
	}
	if chance(r, older(0.004, 0.03)) {
		d := recentDay()
		start := officeHours(r, d)
		e := add(kHospice, start, start.Add(time.Hour), 0)
		if chance(r, 0.5) && e >= 0 {
			cond(g.v.hospiceDx, start, e)
		}
	}
	if chance(r, older(0.005, 0.03)) {
		d := weekday(recentDay(), recent, end)
		start := officeHours(r, d)
		e := add(kPalliative, start, start.Add(45*time.Minute), 0)
		if chance(r, 0.5) && e >= 0 {
			cond(g.v.palliativeDx, start, e)
		}
	}
	// Frailty and advanced illness go together (the measures exclude people over 65 with
	// both), so advanced illness is more likely in the frail.
	frail := p.age >= 45 && chance(r, older(0.01, 0.08))
	if frail {
		d := recentDay()
		cond(g.v.frailtyDx, officeHours(r, d), -1)
		if chance(r, 0.5) {
			start := officeHours(r, recentDay())
			add(kFrailty, start, start.Add(time.Hour), 0)
		}
	}
	pIllness := older(0.004, 0.035)
	if frail {
		pIllness = 0.35
	}
	if p.age >= 45 && chance(r, pIllness) {
		cond(g.v.advancedIllness, g.onset(r, p, 40), -1)
	}
	pESRD := 0.004
	if p.dm.has {
		pESRD += 0.015
	}
	if chance(r, pESRD) {
		cond(g.v.esrd, g.onset(r, p, 18), -1)
		if chance(r, 0.7) && len(g.v.dialysis) > 0 {
			code := pick(r, g.v.dialysis)
			for range 3 + r.IntN(4) {
				s.procs = append(s.procs, procedure{code: code, on: officeHours(r, recentDay())})
			}
		}
	}
	if chance(r, 0.003) {
		cond(g.v.ckd5, g.onset(r, p, 18), -1)
	}
	if chance(r, 0.001) {
		cond(g.v.kidneyTx, g.onset(r, p, 18), -1)
	}
	if p.female && p.age < 45 && chance(r, 0.06) && len(g.v.pregnancy) > 0 {
		from := end.AddDate(-1, 0, 0)
		if from.Before(p.lo) {
			from = p.lo
		}
		onset := officeHours(r, between(r, from, end.AddDate(0, 0, -30)))
		c := extraCondition{code: pick(r, g.v.pregnancy), onset: onset, enc: -1}
		if ab := onset.AddDate(0, 0, 270); !ab.After(end) {
			c.abatement = ab
		}
		s.extra = append(s.extra, c)
	}
}

// ambulatoryKind draws the kind of an ordinary visit.
func (g *gen) ambulatoryKind(r *rand.Rand, p *person) encKind {
	x := r.Float64()
	if p.age < 18 {
		switch {
		case x < 0.30 && len(g.v.prevChildEst) > 0:
			if chance(r, 0.1) && len(g.v.prevChildInit) > 0 {
				return kPrevChildInit
			}
			return kPrevChildEst
		case x < 0.90:
			return kOffice
		case x < 0.95:
			return kPhone
		default:
			return kVirtual
		}
	}
	switch {
	case x < 0.70:
		return kOffice
	case x < 0.82:
		if p.age >= 65 && chance(r, 0.6) {
			return kWellness
		}
		if chance(r, 0.15) {
			return kPrevInit
		}
		return kPrevEst
	case x < 0.88:
		return kPhone
	case x < 0.94:
		return kVirtual
	case p.age >= 65:
		return kHome
	default:
		return kOffice
	}
}

// finishEncounters orders the encounters by time, gives them their ids and points the extra
// conditions at the sorted positions.
func finishEncounters(p *person, s *scratch) {
	slices.SortStableFunc(s.encs, func(a, b encounter) int { return a.start.Compare(b.start) })
	s.bySeq = slices.Grow(s.bySeq[:0], len(s.encs))[:len(s.encs)]
	for i := range s.encs {
		e := &s.encs[i]
		s.bySeq[e.seq] = i
		c := &p.counters[e.at]
		c.enc++
		e.id = p.pids[e.at] + "-enc-" + strconv.Itoa(c.enc)
	}
	for i := range s.extra {
		if s.extra[i].enc >= 0 {
			s.extra[i].enc = s.bySeq[s.extra[i].enc]
		}
	}
}
