package ingest

import (
	"encoding/json"
	"strings"
	"time"
)

// Redacted replaces valueString (Observation, component, QuestionnaireResponse answer, ...):
// the text may be free text, but that a value was recorded can matter ("value is null").
const Redacted = "[redacted]"

// Date policies (Options.DatePolicy).
const (
	// DatesLimited keeps dates as they are: the warehouse is a HIPAA limited data set. Default.
	DatesLimited = "limited"
	// DatesBirthYear reduces Patient.birthDate to its year; other dates stay.
	DatesBirthYear = "birth-year"
)

// oldestAge is the age from which birth dates are grouped: Safe Harbor allows ages over 89
// only as one category "90 or older".
const oldestAge = 90

// freeTextKeys are removed wherever they occur: narrative, free text and contact details.
var freeTextKeys = map[string]bool{
	"text": true, "div": true, "note": true, "comment": true, "telecom": true, "photo": true,
	"contact": true, "patientInstruction": true, "conclusion": true, "presentedForm": true,
	"valueHumanName": true, "valueContactPoint": true, "valueAnnotation": true,
	"valueMarkdown": true, "valueAttachment": true,
}

// identifyingKeys are removed wherever they occur: identifying numbers and network
// addresses that are not in an element named identifier (Safe Harbor items 8-18).
var identifyingKeys = map[string]bool{
	"udiCarrier": true, "serialNumber": true, "lotNumber": true, // device and product serials
	"subscriberId": true, "dependent": true, // health plan beneficiary numbers (Coverage)
	"preAuthRef":      true, // Claim / EOB insurance authorisations
	"network":         true, // AuditEvent agent IP address or host name
	"position":        true, // Location latitude and longitude
	"uid":             true, // ImagingStudy DICOM UIDs
	"contentString":   true, // Communication payload free text
	"valueIdentifier": true, "valueUrl": true,
}

// keptPatientExtension reports whether a Patient extension survives: only US Core ones
// (race, ethnicity, birth sex, gender identity), whose values are categories, not identities.
func keptPatientExtension(url string) bool {
	return strings.HasPrefix(url, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-")
}

// skeletonKeys are the only elements kept of resources that describe people other than
// patients (family members, contacts) or a person's cross-system identity.
var skeletonKeys = map[string]map[string]bool{
	"RelatedPerson": {"resourceType": true, "id": true, "meta": true, "active": true, "patient": true, "relationship": true},
	"Person":        {"resourceType": true, "id": true, "meta": true, "active": true},
}

// deidPolicy is what de-identification is told beyond its fixed rules.
type deidPolicy struct {
	linkageSystem string // Patient.identifier system kept as the linkage token
	secret        []byte // when set, a Patient without a token gets an HMAC token (see linkage.go)
	birthYearOnly bool   // DatesBirthYear
	// oldestBirthYear: birth dates of people aged 90 or more at the load are replaced by
	// this year, so every such person shows as aged 90 at the load (0: no grouping).
	oldestBirthYear int
	now             time.Time
}

// newDeidPolicy builds the policy of a load at now.
func newDeidPolicy(opt Options, now time.Time) deidPolicy {
	now = now.UTC()
	return deidPolicy{
		linkageSystem:   opt.LinkageSystem,
		secret:          opt.LinkageSecret,
		birthYearOnly:   opt.DatePolicy == DatesBirthYear,
		oldestBirthYear: now.Year() - oldestAge,
		now:             now,
	}
}

// Deidentify removes patient identifiers and free text from a decoded resource in place,
// following the rules in the package comment, with the default (limited) date policy and
// ages counted at the time of the call. linkageSystem names the Patient identifier system
// whose value is kept as the pseudonymous linkage token ("" keeps none).
func Deidentify(resourceType string, m map[string]any, linkageSystem string) {
	p := newDeidPolicy(Options{LinkageSystem: linkageSystem}, time.Now())
	p.apply(resourceType, m)
}

// apply de-identifies one resource in place. It reports whether it may have changed
// anything: when it did not, the resource as delivered is what would be stored. It errs on
// the side of true (people, coverage, devices, contained resources, addresses and ages
// always count as changed).
func (p *deidPolicy) apply(resourceType string, m map[string]any) (changed bool) {
	if keep, ok := skeletonKeys[resourceType]; ok {
		changed = true
		for k := range m {
			if !keep[k] {
				delete(m, k)
			}
		}
	}
	switch resourceType {
	case "Patient":
		changed = true
		p.patient(m)
	case "Practitioner":
		changed = true
		m["identifier"] = keepIdentifiers(m["identifier"], func(system string) bool { return system == npiSystem })
	case "Organization", "Location":
		// Organisations and places are not people: their identifiers stay.
	case "Coverage":
		changed = true
		// class values are group and plan numbers; only their kind stays.
		for _, c := range list(m["class"]) {
			if cm := obj(c); cm != nil {
				delete(cm, "value")
				delete(cm, "name")
			}
		}
		delete(m, "identifier")
	case "Device":
		changed = true
		delete(m, "url") // the device's network address
		delete(m, "identifier")
	default:
		if _, ok := m["identifier"]; ok {
			changed = true
			delete(m, "identifier")
		}
	}
	if ids, ok := m["identifier"].([]any); ok && len(ids) == 0 {
		changed = true
		delete(m, "identifier")
	}
	if exts, ok := m["extension"].([]any); ok && len(exts) == 0 {
		changed = true
		delete(m, "extension")
	}
	for k, v := range m {
		switch k {
		case "identifier":
			// handled above
		case "extension":
			if resourceType != "Patient" {
				scrubValue(k, v, &changed)
			}
		case "contained":
			changed = true
			p.contained(v)
		case "valueString":
			changed = true
			m[k] = Redacted
		case "url":
			// a resource's own canonical URL (definitions); Device's was removed above
		default:
			if drop(k, v, m) {
				changed = true
				delete(m, k)
				continue
			}
			if isAgeKey(k) {
				changed = true
				capAge(v)
			}
			scrubValue(k, v, &changed)
		}
	}
	return changed
}

// patient applies the Patient rules: the linkage token (computed before the name goes),
// no name or link, only US Core extensions, birth date by the date policy.
func (p *deidPolicy) patient(m map[string]any) {
	token := ""
	if len(p.secret) > 0 && !hasIdentifier(m["identifier"], p.linkageSystem) {
		token = linkageHMAC(p.secret, m)
	}
	delete(m, "name")
	delete(m, "link")
	m["identifier"] = keepIdentifiers(m["identifier"], func(system string) bool {
		return (p.linkageSystem != "" && system == p.linkageSystem) || (len(p.secret) > 0 && system == LinkageHMACSystem)
	})
	if token != "" {
		m["identifier"] = append(m["identifier"].([]any), map[string]any{"system": LinkageHMACSystem, "value": token})
	}
	if exts, ok := m["extension"].([]any); !ok {
		delete(m, "extension") // absent, or not the array FHIR requires
	} else {
		kept := exts[:0]
		for _, e := range exts {
			if em, ok := e.(map[string]any); ok {
				if url, _ := em["url"].(string); keptPatientExtension(url) {
					scrubExtension(em, true, new(bool))
					kept = append(kept, em)
				}
			}
		}
		m["extension"] = kept
	}
	if s, ok := m["birthDate"].(string); ok {
		m["birthDate"] = p.birthDate(s)
	}
}

// birthDate generalises a birth date: people aged 90 or more at the load all get the birth
// year that makes them 90 (Safe Harbor's single "90 or older" category); under the
// birth-year policy every birth date keeps only its year. An invalid date is left for the
// flattener to reject.
func (p *deidPolicy) birthDate(s string) string {
	t, err := parseDate(s)
	if err != nil {
		return s
	}
	if p.oldestBirthYear > 0 && !t.After(p.now.AddDate(-oldestAge, 0, 0)) {
		return itoa(int64(p.oldestBirthYear))
	}
	if p.birthYearOnly && len(s) > 4 {
		return s[:4]
	}
	return s
}

func (p *deidPolicy) contained(v any) {
	inner := deidPolicy{birthYearOnly: p.birthYearOnly, oldestBirthYear: p.oldestBirthYear, now: p.now}
	for _, c := range list(v) {
		if cm, ok := c.(map[string]any); ok {
			rt, _ := cm["resourceType"].(string)
			inner.apply(rt, cm)
		}
	}
}

// hasIdentifier reports whether a Patient carries an identifier of the system.
func hasIdentifier(ids any, system string) bool {
	if system == "" {
		return false
	}
	for _, id := range list(ids) {
		if im := obj(id); strOf(im["system"]) == system && strOf(im["value"]) != "" {
			return true
		}
	}
	return false
}

// keepIdentifiers keeps the identifiers whose system passes keep, reduced to system and value.
func keepIdentifiers(v any, keep func(system string) bool) []any {
	list, _ := v.([]any)
	out := []any{}
	for _, id := range list {
		im, ok := id.(map[string]any)
		if !ok {
			continue
		}
		system, _ := im["system"].(string)
		if !keep(system) {
			continue
		}
		out = append(out, map[string]any{"system": system, "value": im["value"]})
	}
	return out
}

// drop reports whether key k (holding v) of object m is removed.
func drop(k string, v any, m map[string]any) bool {
	if freeTextKeys[k] || identifyingKeys[k] || k == "identifier" {
		return true
	}
	if len(k) > 0 && k[0] == '_' {
		// primitive extensions (_birthDate's birthTime, _family's own-name parts, ...)
		return true
	}
	if strings.HasSuffix(k, "Identifier") {
		// accessionIdentifier, masterIdentifier, groupIdentifier, distinctIdentifier
		return true
	}
	switch k {
	case "display":
		// Coding.display is terminology; any other display (Reference) may name a person.
		_, hasCode := m["code"]
		_, hasSystem := m["system"]
		return !hasCode && !hasSystem
	case "description", "summary", "title", "address":
		// free-text strings; a string address is a URL (Endpoint)
		_, isString := v.(string)
		return isString
	case "url":
		// nested: an Attachment's or a reference's location (extension urls are kept by
		// scrubExtension, a resource's canonical by apply)
		return true
	case "data", "hash", "creation":
		// Attachment content; SampledData.data (numbers, with an origin) stays.
		if _, ok := m["contentType"]; ok {
			return true
		}
		if k == "data" {
			_, isSampled := m["origin"]
			return !isSampled
		}
	}
	return false
}

// isAddressKey reports whether elements under k are Addresses (address, valueAddress,
// locationAddress, ...).
func isAddressKey(k string) bool {
	return k == "address" || strings.HasSuffix(k, "Address")
}

// isAgeKey reports whether k holds an Age or a Range of ages (onsetAge, abatementRange, ...).
func isAgeKey(k string) bool {
	switch k {
	case "onsetAge", "abatementAge", "ageAge", "onsetRange", "abatementRange", "ageRange":
		return true
	}
	return false
}

// capAge reports ages over 89 years as 90 (Safe Harbor's "90 or older").
func capAge(v any) {
	m := obj(v)
	if m == nil {
		return
	}
	if _, isRange := m["low"]; isRange || m["high"] != nil {
		capAge(m["low"])
		capAge(m["high"])
		return
	}
	if y, ok := ageYears(m).(float64); ok && y >= oldestAge {
		m["value"] = json.Number("90")
		m["code"], m["unit"], m["system"] = "a", "a", "http://unitsofmeasure.org"
	}
}

// scrubValue applies the generic rules below key k, setting *changed when it may have
// changed anything.
func scrubValue(k string, v any, changed *bool) {
	switch x := v.(type) {
	case map[string]any:
		if isAddressKey(k) {
			*changed = true
			reduceAddress(x)
			return
		}
		if k == "extension" || k == "modifierExtension" {
			scrubExtension(x, false, changed)
			return
		}
		scrubObject(x, changed)
	case []any:
		for _, e := range x {
			scrubValue(k, e, changed)
		}
	}
}

func scrubObject(m map[string]any, changed *bool) {
	for k, v := range m {
		if drop(k, v, m) {
			*changed = true
			delete(m, k)
			continue
		}
		if k == "valueString" {
			*changed = true
			m[k] = Redacted
			continue
		}
		if k == "contained" {
			*changed = true
			var p deidPolicy
			p.contained(v)
			continue
		}
		if isAgeKey(k) {
			*changed = true
			capAge(v)
		}
		scrubValue(k, v, changed)
	}
}

// scrubExtension drops string-like values of an extension (and its nested extensions);
// keepStrings keeps valueString, as in the US Core race and ethnicity category text.
func scrubExtension(m map[string]any, keepStrings bool, changed *bool) {
	for k, v := range m {
		switch {
		case k == "valueString" && !keepStrings:
			*changed = true
			delete(m, k)
		case k == "extension":
			if list, ok := v.([]any); ok {
				for _, e := range list {
					if em, ok := e.(map[string]any); ok {
						scrubExtension(em, keepStrings, changed)
					}
				}
			}
		case k == "url":
		case drop(k, v, m):
			*changed = true
			delete(m, k)
		default:
			scrubValue(k, v, changed)
		}
	}
}

// reduceAddress keeps state, country and the 3-digit ZIP prefix of postalCode.
func reduceAddress(a map[string]any) {
	for k, v := range a {
		switch k {
		case "state", "country":
		case "postalCode":
			if z := zip3(strOf(v)); z != "" {
				a[k] = z
			} else {
				delete(a, k)
			}
		default:
			delete(a, k)
		}
	}
}

// restrictedZIP3 are the 3-digit ZIP prefixes whose areas held 20,000 people or fewer in
// the 2000 census (the HHS Safe Harbor guidance list); they are stored as "000".
var restrictedZIP3 = map[string]bool{
	"036": true, "059": true, "063": true, "102": true, "203": true, "556": true, "692": true,
	"790": true, "821": true, "823": true, "830": true, "831": true, "878": true, "879": true,
	"884": true, "890": true, "893": true,
}

// zip3 is the 3-digit ZIP prefix of a postal code, "000" for a restricted prefix, or ""
// when the code does not start with three digits (it is then dropped).
func zip3(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 3 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) {
		return ""
	}
	if restrictedZIP3[s[:3]] {
		return "000"
	}
	return s[:3]
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
