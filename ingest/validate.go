package ingest

import "strings"

// requiredElements lists, per resource type with a core table, the elements FHIR R4 makes
// mandatory (cardinality 1..1) that the warehouse or the measures depend on. A record
// lacking one is rejected (missing_required) naming the element, never its content. The
// patient reference is checked separately (missing_subject). A name ending in [x] is a choice
// element: any of its forms counts.
var requiredElements = map[string][]string{
	"Observation":       {"status", "code"},
	"Encounter":         {"status", "class"},
	"Procedure":         {"status"},
	"MedicationRequest": {"status", "intent", "medication[x]"},
	"Immunization":      {"status", "vaccineCode", "occurrence[x]"},
	"ServiceRequest":    {"status", "intent"},
	"DeviceRequest":     {"status", "intent", "code[x]"},
	"Coverage":          {"status"},
}

// missingRequired is the first required element m lacks, or "".
func missingRequired(rt string, m map[string]any) string {
	for _, el := range requiredElements[rt] {
		if prefix, ok := strings.CutSuffix(el, "[x]"); ok {
			if !hasChoice(m, prefix) {
				return el
			}
			continue
		}
		if isEmpty(m[el]) {
			return el
		}
	}
	return ""
}

// hasChoice reports whether m holds a non-empty prefix[Type] element.
func hasChoice(m map[string]any, prefix string) bool {
	for k, v := range m {
		if len(k) > len(prefix) && strings.HasPrefix(k, prefix) && k[len(prefix)] >= 'A' && k[len(prefix)] <= 'Z' && !isEmpty(v) {
			return true
		}
	}
	return false
}

// isEmpty: absent, null, "", {} or [].
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}
