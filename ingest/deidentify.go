package ingest

import (
	"strings"
)

// Redacted replaces valueString (Observation, component, QuestionnaireResponse answer, ...):
// the text may be free text, but that a value was recorded can matter ("value is null").
const Redacted = "[redacted]"

// freeTextKeys are removed wherever they occur: narrative, free text and contact details.
var freeTextKeys = map[string]bool{
	"text": true, "div": true, "note": true, "comment": true, "telecom": true, "photo": true,
	"contact": true, "patientInstruction": true, "conclusion": true, "presentedForm": true,
	"valueHumanName": true, "valueContactPoint": true, "valueAnnotation": true,
	"valueMarkdown": true, "valueAttachment": true,
}

// keptPatientExtension reports whether a Patient extension survives: only US Core ones
// (race, ethnicity, birth sex, gender identity), whose values are categories, not identities.
func keptPatientExtension(url string) bool {
	return strings.HasPrefix(url, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-")
}

// Deidentify removes patient identifiers and free text from a decoded resource in place,
// following the rules in the package comment. linkageSystem names the Patient identifier
// system whose value is kept as the pseudonymous linkage token ("" keeps none).
func Deidentify(resourceType string, m map[string]any, linkageSystem string) {
	switch resourceType {
	case "Patient":
		delete(m, "name")
		delete(m, "link")
		m["identifier"] = keepIdentifiers(m["identifier"], func(system string) bool {
			return linkageSystem != "" && system == linkageSystem
		})
		exts, ok := m["extension"].([]any)
		if !ok {
			delete(m, "extension") // absent, or not the array FHIR requires
		} else {
			kept := exts[:0]
			for _, e := range exts {
				if em, ok := e.(map[string]any); ok {
					if url, _ := em["url"].(string); keptPatientExtension(url) {
						scrubExtension(em, true)
						kept = append(kept, em)
					}
				}
			}
			m["extension"] = kept
		}
	case "RelatedPerson", "Person":
		delete(m, "name")
		delete(m, "identifier")
	case "Practitioner":
		m["identifier"] = keepIdentifiers(m["identifier"], func(system string) bool { return system == npiSystem })
	case "Organization", "Location":
		// Organisations and places are not people: their identifiers stay.
	default:
		delete(m, "identifier")
	}
	if ids, ok := m["identifier"].([]any); ok && len(ids) == 0 {
		delete(m, "identifier")
	}
	if exts, ok := m["extension"].([]any); ok && len(exts) == 0 {
		delete(m, "extension")
	}
	for k, v := range m {
		switch k {
		case "identifier", "extension":
			if resourceType == "Patient" || k == "identifier" {
				continue // handled above
			}
			scrubValue(k, v)
		case "contained":
			if list, ok := v.([]any); ok {
				for _, c := range list {
					if cm, ok := c.(map[string]any); ok {
						rt, _ := cm["resourceType"].(string)
						Deidentify(rt, cm, "")
					}
				}
			}
		case "valueString":
			m[k] = Redacted
		default:
			if drop(k, v, m) {
				delete(m, k)
				continue
			}
			scrubValue(k, v)
		}
	}
}

// keepIdentifiers keeps the identifiers whose system passes keep, reduced to system and value.
func keepIdentifiers(v any, keep func(system string) bool) []any {
	list, _ := v.([]any)
	var out []any
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
	if freeTextKeys[k] || k == "identifier" {
		return true
	}
	switch k {
	case "display":
		// Coding.display is terminology; any other display (Reference) may name a person.
		_, hasCode := m["code"]
		_, hasSystem := m["system"]
		return !hasCode && !hasSystem
	case "description":
		_, isString := v.(string)
		return isString
	case "data", "url", "title", "hash", "creation":
		// Attachment content; SampledData.data (numbers, with an origin) and extension
		// urls stay.
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

// scrubValue applies the generic rules below key k.
func scrubValue(k string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if k == "address" || k == "valueAddress" {
			reduceAddress(x)
			return
		}
		if k == "extension" || k == "modifierExtension" {
			scrubExtension(x, false)
			return
		}
		scrubObject(x)
	case []any:
		for _, e := range x {
			scrubValue(k, e)
		}
	}
}

func scrubObject(m map[string]any) {
	for k, v := range m {
		if drop(k, v, m) {
			delete(m, k)
			continue
		}
		if k == "valueString" {
			m[k] = Redacted
			continue
		}
		if k == "contained" {
			if list, ok := v.([]any); ok {
				for _, c := range list {
					if cm, ok := c.(map[string]any); ok {
						rt, _ := cm["resourceType"].(string)
						Deidentify(rt, cm, "")
					}
				}
			}
			continue
		}
		scrubValue(k, v)
	}
}

// scrubExtension drops string-like values of an extension (and its nested extensions);
// keepStrings keeps valueString, as in the US Core race and ethnicity category text.
func scrubExtension(m map[string]any, keepStrings bool) {
	for k, v := range m {
		switch {
		case k == "valueString" && !keepStrings:
			delete(m, k)
		case k == "extension":
			if list, ok := v.([]any); ok {
				for _, e := range list {
					if em, ok := e.(map[string]any); ok {
						scrubExtension(em, keepStrings)
					}
				}
			}
		case k == "url":
		case drop(k, v, m):
			delete(m, k)
		default:
			scrubValue(k, v)
		}
	}
}

// reduceAddress keeps state, country and the first three digits of postalCode.
func reduceAddress(a map[string]any) {
	for k, v := range a {
		switch k {
		case "state", "country":
		case "postalCode":
			if s, ok := v.(string); ok {
				a[k] = zip3(s)
			} else {
				delete(a, k)
			}
		default:
			delete(a, k)
		}
	}
}

// zip3 is the first three characters of a postal code.
func zip3(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 {
		return s[:3]
	}
	return s
}
