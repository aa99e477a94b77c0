package synth

import (
	"fmt"
	"math/rand/v2"
)

// provider is one organisation of the synthetic network and the clinicians working there.
type provider struct {
	id        string // prov-01; also its Organization id
	name      string
	region    *region
	city      string
	npi       string
	mrnSystem string
	weight    float64 // share of home patients, before normalising
	pract     []practitioner
}

type practitioner struct {
	id, given, family, npi string
}

// networkStream is the PCG stream reserved for the network itself (persons use 0..N-1).
const networkStream = 1 << 63

// newNetwork builds the providers: names and regions follow the provider number, clinicians
// and identifiers come from the seed.
func newNetwork(n int, seed uint64) []provider {
	var pcg rand.PCG
	seedPCG(&pcg, seed, networkStream)
	r := rand.New(&pcg)
	provs := make([]provider, n)
	for i := range provs {
		reg := &regions[i%len(regions)]
		name := reg.orgNames[(i/len(regions))%len(reg.orgNames)]
		if round := i / (len(regions) * len(reg.orgNames)); round > 0 {
			name = fmt.Sprintf("%s, Site %d", name, round+1)
		}
		p := provider{
			id:     fmt.Sprintf("prov-%02d", i+1),
			name:   name,
			region: reg,
			city:   reg.cities[i%len(reg.cities)],
			npi:    npi(r),
			weight: 1 / (1 + 0.35*float64(i)),
		}
		p.mrnSystem = "https://" + p.id + ".example.org/fhir/mrn"
		for k := range 3 + r.IntN(5) {
			given := pick(r, givenFemale)
			if chance(r, 0.5) {
				given = pick(r, givenMale)
			}
			p.pract = append(p.pract, practitioner{
				id:     fmt.Sprintf("%s-pract-%d", p.id, k+1),
				given:  given,
				family: pick(r, familyNames),
				npi:    npi(r),
			})
		}
		provs[i] = p
	}
	return provs
}

const (
	systemNPI        = "http://hl7.org/fhir/sid/us-npi"
	systemOrgType    = "http://terminology.hl7.org/CodeSystem/organization-type"
	systemSOPT       = "https://nahdo.org/sopt"            // as in the VSAC Payer Type value set
	systemSOPTOID    = "urn:oid:2.16.840.1.113883.3.221.5" // the same code system by OID
	systemV2ID       = "http://terminology.hl7.org/CodeSystem/v2-0203"
	systemSSN        = "http://hl7.org/fhir/sid/us-ssn"
	systemActCode    = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	systemObsCat     = "http://terminology.hl7.org/CodeSystem/observation-category"
	systemCondCat    = "http://terminology.hl7.org/CodeSystem/condition-category"
	systemCondClin   = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	systemCondVer    = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	systemUCUM       = "http://unitsofmeasure.org"
	systemPartType   = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	systemSubscriber = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
)

// writeNetwork writes each provider's Organization (plus the payer organisations its
// Coverage resources point to) and Practitioners.
func writeNetwork(c *chunk, provs []provider) {
	for pi := range provs {
		p := &provs[pi]
		w := c.out(pi, tOrganization)
		w.raw(`{"resourceType":"Organization","id":`)
		w.str(p.id)
		w.raw(`,"identifier":[{"system":"` + systemNPI + `","value":`)
		w.str(p.npi)
		w.raw(`}],"active":true,"type":[{"coding":[{"system":"` + systemOrgType + `","code":"prov","display":"Healthcare Provider"}]}],"name":`)
		w.str(p.name)
		w.raw(`,"telecom":[{"system":"phone","value":`)
		w.str(p.region.area + "-555-0100")
		w.raw(`,"use":"work"}],"address":[{"city":`)
		w.str(p.city)
		w.raw(`,"state":`)
		w.str(p.region.state)
		w.raw(`,"postalCode":`)
		w.str(p.region.zip3[0] + "00")
		w.raw(`,"country":"US"}]}`)
		w.end()
		for _, py := range payers {
			if py.orgID == "" {
				continue
			}
			w := c.out(pi, tOrganization)
			w.raw(`{"resourceType":"Organization","id":`)
			w.str(py.orgID)
			w.raw(`,"active":true,"type":[{"coding":[{"system":"` + systemOrgType + `","code":"pay","display":"Payer"}]}],"name":`)
			w.str(py.name)
			w.raw(`}`)
			w.end()
		}
		for _, pr := range p.pract {
			w := c.out(pi, tPractitioner)
			w.raw(`{"resourceType":"Practitioner","id":`)
			w.str(pr.id)
			w.raw(`,"identifier":[{"system":"` + systemNPI + `","value":`)
			w.str(pr.npi)
			w.raw(`}],"active":true,"name":[{"family":`)
			w.str(pr.family)
			w.raw(`,"given":[`)
			w.str(pr.given)
			w.raw(`],"prefix":["Dr."]}]}`)
			w.end()
		}
	}
}
