package synth

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Childhood vaccine series, in vaccineSchedule order.
const (
	vDTaP = iota
	vIPV
	vMMR
	vHib3
	vHib4
	vHepB
	vVZV
	vPCV
	vHepA
	vRotavirus
	vInfluenza
	numVaccines
)

// vaccineSchedule is the CDC routine schedule to age two, as days after birth (the doses
// fall within two weeks after the day).
var vaccineSchedule = [numVaccines]struct {
	url  string
	days []int
}{
	vDTaP:      {VSDTaPVaccine, []int{61, 122, 183, 457}},
	vIPV:       {VSIPVVaccine, []int{61, 122, 183}},
	vMMR:       {VSMMRVaccine, []int{380}},
	vHib3:      {VSHib3Vaccine, []int{61, 122, 380}},
	vHib4:      {VSHib4Vaccine, []int{61, 122, 183, 380}},
	vHepB:      {VSHepBVaccine, []int{0, 35, 183}},
	vVZV:       {VSVZVVaccine, []int{380}},
	vPCV:       {VSPCVVaccine, []int{61, 122, 183, 380}},
	vHepA:      {VSHepAVaccine, []int{380}},
	vRotavirus: {VSRotavirus3, []int{61, 122, 183}},
	vInfluenza: {VSInfluenzaVaccine, []int{190, 225}},
}

// writeImmunizations writes the routine vaccinations of a young child at their home
// provider: about two in three get every dose on time; the others miss some series or doses.
func (g *gen) writeImmunizations(r *rand.Rand, p *person, c *chunk) {
	if p.age > 3 {
		return
	}
	complete := chance(r, 0.68)
	hib := vHib3
	if chance(r, 0.5) {
		hib = vHib4
	}
	for i, vc := range vaccineSchedule {
		codes := g.v.vaccines[i]
		if (i == vHib3 || i == vHib4) && i != hib || len(codes) == 0 {
			continue
		}
		if !complete && chance(r, 0.25) {
			continue
		}
		code := pick(r, codes)
		for _, d := range vc.days {
			if !complete && chance(r, 0.08) {
				continue
			}
			on := p.birth.AddDate(0, 0, d+r.IntN(14))
			if d == 0 {
				on = p.birth
			}
			if on.Before(g.opt.Start) || on.After(g.opt.End) {
				continue
			}
			g.writeImmunization(p, code, officeHours(r, on), c)
		}
	}
}

func (g *gen) writeImmunization(p *person, code Coding, at time.Time, c *chunk) {
	p.counters[0].imm++
	w := c.out(p.provs[0], tImmunization)
	w.raw(`{"resourceType":"Immunization","id":`)
	w.str(p.pids[0] + "-imm-" + strconv.Itoa(p.counters[0].imm))
	w.raw(`,"status":"completed","vaccineCode":`)
	w.concept(code)
	w.raw(`,"patient":`)
	w.ref("Patient", p.pids[0])
	w.raw(`,"occurrenceDateTime":`)
	w.instant(at)
	w.raw(`,"primarySource":true}`)
	w.end()
}
