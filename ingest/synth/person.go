package synth

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// person is one human being of the synthetic population. Demographics and clinical state
// are the person's own; each provider that sees them holds its own Patient (id, MRN) with the
// same linkage token.
type person struct {
	idx                int
	token              string
	female             bool
	birth              time.Time
	age                int // at the end of the window
	given, family      string
	phone, email       string
	line, city, state  string
	zip, ssn, memberID string
	race, ethnicity    int
	payer              int
	provs              []int    // provider indices, home provider first
	pids               []string // Patient.id at each of provs
	pcp                []int    // practitioner index at each of provs
	lo                 time.Time
	dm, htn            chronic
	a1cMean            float64
	a1cNever           bool
	bpControlled       bool
	counters           []counter // per provider: ids of the resources written there

	conds             []chronic // registry conditions beyond diabetes and hypertension
	ascvd, familialHC bool
	smoker, depressed bool
	statin            bool
	statinKind        int // 0 high, 1 moderate, 2 low intensity
	bmi, ldl, egfr    float64
	cvdRisk           float64 // 10-year cardiovascular risk, %; 0 outside ages 40-79
	adherence         float64 // propensity for preventive care, 0..1
}

// chronic is a long-standing condition of a person: whether they have it, since when, and
// the code their providers record.
type chronic struct {
	has   bool
	onset time.Time
	code  Coding
	kind  condKind
}

type counter struct{ enc, cond, obs, proc, med, imm int }

// ageBand is an approximate US age distribution (age at the end of the window).
var ageBands = []struct {
	lo, hi int
	share  float64
}{
	{0, 18, 0.22}, {18, 35, 0.21}, {35, 50, 0.19}, {50, 65, 0.19}, {65, 75, 0.11}, {75, 85, 0.06}, {85, 101, 0.02},
}

// newPerson draws the demographics, the providers and the chronic conditions of person idx.
func (g *gen) newPerson(r *rand.Rand, p *person, idx int) {
	*p = person{idx: idx, provs: p.provs[:0], pids: p.pids[:0], pcp: p.pcp[:0], counters: p.counters[:0], conds: p.conds[:0]}
	p.token = token(r)
	p.female = chance(r, 0.51)
	x := r.Float64()
	band := ageBands[len(ageBands)-1]
	for _, b := range ageBands {
		if x < b.share {
			band = b
			break
		}
		x -= b.share
	}
	p.age = band.lo + r.IntN(band.hi-band.lo)
	p.birth = g.opt.End.AddDate(-p.age-1, 0, 1+r.IntN(365))
	if p.birth.After(g.opt.End) {
		p.birth = g.opt.End
	}
	p.lo = p.birth
	if p.lo.Before(g.opt.Start) {
		p.lo = g.opt.Start
	}

	// Providers: a home provider by size, ~20% also seen by a second, a few by a third.
	home := g.pickProvider(r, -1, -1)
	p.provs = append(p.provs, home)
	if len(g.provs) > 1 && chance(r, 0.20) {
		p.provs = append(p.provs, g.pickProvider(r, home, -1))
		if len(g.provs) > 2 && chance(r, 0.12) {
			p.provs = append(p.provs, g.pickProvider(r, home, p.provs[1]))
		}
	}
	for _, pv := range p.provs {
		p.pids = append(p.pids, uuid(r))
		p.pcp = append(p.pcp, r.IntN(len(g.provs[pv].pract)))
		p.counters = append(p.counters, counter{})
	}

	// Demographics, invented: names, contact details and identifiers exist to exercise the
	// de-identification at ingest.
	if p.female {
		p.given = pick(r, givenFemale)
	} else {
		p.given = pick(r, givenMale)
	}
	p.family = pick(r, familyNames)
	reg := g.provs[home].region
	p.state = reg.state
	p.city = pick(r, reg.cities)
	p.zip = string(digits(r, []byte(pick(r, reg.zip3)), 2))
	p.line = strconv.Itoa(1+r.IntN(9899)) + " " + pick(r, streetNames) + " " + pick(r, streetSuffixes)
	p.phone = reg.area + "-555-01" + string(digits(r, nil, 2))
	p.email = p.given + "." + p.family + strconv.Itoa(r.IntN(1000)) + "@example.com"
	p.ssn = "9" + string(digits(r, nil, 2)) + "-" + string(digits(r, nil, 2)) + "-" + string(digits(r, nil, 4))
	p.memberID = "MB" + string(digits(r, nil, 9))
	p.race = pickWeighted(r, races)
	p.ethnicity = pickWeighted(r, ethnicities)
	switch {
	case p.age >= 65:
		p.payer = payerMedicare
		if chance(r, 0.15) {
			p.payer = payerPrivate
		}
	case chance(r, 0.20):
		p.payer = payerMedicaid
	case chance(r, 0.08):
		p.payer = payerSelf
	default:
		p.payer = payerPrivate
	}

	// Diabetes: ~10% of adults, rising with age; type 1 in a few children.
	var pDM float64
	switch {
	case p.age < 6:
		pDM = 0
	case p.age < 18:
		pDM = 0.003
	case p.age < 45:
		pDM = 0.04
	case p.age < 65:
		pDM = 0.14
	default:
		pDM = 0.21
	}
	if chance(r, pDM) {
		minAge := 18
		if p.age < 18 {
			minAge = 5
		}
		p.dm = chronic{has: true, onset: g.onset(r, p, minAge), code: pick(r, g.v.diabetes)}
		// Most diabetics are well controlled; a quarter run high, so ~15-20% have a most
		// recent HbA1c above 9%. About 12% are never tested.
		p.a1cMean = normal(r, 7.0, 0.7, 5.2, 12)
		if chance(r, 0.25) {
			p.a1cMean = normal(r, 9.9, 1.2, 6.5, 14)
		}
		p.a1cNever = chance(r, 0.12)
	}
	// Essential hypertension: ~30% of adults, rising with age; about two in three controlled.
	var pHTN float64
	switch {
	case p.age < 18:
		pHTN = 0
	case p.age < 40:
		pHTN = 0.08
	case p.age < 60:
		pHTN = 0.32
	default:
		pHTN = 0.58
	}
	if chance(r, pHTN) {
		p.htn = chronic{has: true, onset: g.onset(r, p, 18), code: pick(r, g.v.hypertension)}
		p.bpControlled = chance(r, 0.68)
	}
	g.drawConditions(r, p)
}

// pickProvider draws a provider by size, avoiding the given ones.
func (g *gen) pickProvider(r *rand.Rand, not1, not2 int) int {
	var total float64
	for i, p := range g.provs {
		if i != not1 && i != not2 {
			total += p.weight
		}
	}
	x := r.Float64() * total
	last := 0
	for i, p := range g.provs {
		if i == not1 || i == not2 {
			continue
		}
		last = i
		if x < p.weight {
			return i
		}
		x -= p.weight
	}
	return last
}

// onset draws the onset of a chronic condition: mostly years before the window, otherwise
// within it (but not in its last two months), never before the given age.
func (g *gen) onset(r *rand.Rand, p *person, minAge int) time.Time {
	earliest := p.birth.AddDate(minAge, 0, 0)
	latest := g.opt.End.AddDate(0, -2, 0)
	if chance(r, 0.65) {
		from := g.opt.Start.AddDate(-15, 0, 0)
		if from.Before(earliest) {
			from = earliest
		}
		if from.Before(g.opt.Start) {
			return between(r, from, g.opt.Start)
		}
	}
	from := g.opt.Start
	if from.Before(earliest) {
		from = earliest
	}
	if from.After(latest) {
		return from
	}
	return between(r, from, latest)
}
