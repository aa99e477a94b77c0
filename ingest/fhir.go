package ingest

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

const (
	npiSystem       = "http://hl7.org/fhir/sid/us-npi"
	raceURL         = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"
	ethnicityURL    = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity"
	doNotPerformURL = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPerform"
	// The QI-Core 6 test patients spell the extension without the second 'r'.
	doNotPerformTypoURL = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPeform"
	notDoneURL          = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDone"
	notDoneReasonURL    = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason"
)

var errInvalidDate = errors.New("invalid date")

// obj returns v as a JSON object, or nil.
func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// list returns v as a JSON array, or nil.
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// first returns the first element of an array as an object, or nil.
func first(v any) map[string]any {
	if l := list(v); len(l) > 0 {
		return obj(l[0])
	}
	return nil
}

// str returns v when it is a non-empty string, else nil (an SQL null).
func str(v any) any {
	if s, ok := v.(string); ok && s != "" {
		return v
	}
	return nil
}

// strOf returns v as a string ("" when it is not one).
func strOf(v any) string {
	s, _ := v.(string)
	return s
}

// boolean returns v when it is a JSON boolean, else nil.
func boolean(v any) any {
	if _, ok := v.(bool); ok {
		return v
	}
	return nil
}

// num returns a JSON number as float64, or nil.
func num(v any) any {
	f, ok := numOf(v)
	if !ok {
		return nil
	}
	return f
}

func numOf(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	}
	return 0, false
}

// integer returns a JSON number as int32, or nil when absent, fractional or out of range.
func integer(v any) any {
	f, ok := numOf(v)
	if !ok || f != float64(int32(f)) {
		return nil
	}
	return int32(f)
}

// codingCode is the code of the first coding of a CodeableConcept (status elements).
func codingCode(cc any) any {
	if c := first(obj(cc)["coding"]); c != nil {
		return str(c["code"])
	}
	return nil
}

// unitOf is a Quantity's UCUM code, else its unit.
func unitOf(q map[string]any) any {
	if c := str(q["code"]); c != nil {
		return c
	}
	return str(q["unit"])
}

// refID is the id part of a Reference: "Type/id", an absolute URL (last segment, without
// _history), "urn:uuid:X" (X: in Bundles ingest resolves urn:uuid:X to the entry whose id is
// X, see bundle.go), or a conditional reference "Type?identifier=system|value" (the value,
// which Synthea sets to the resource id). Contained ("#x") references have no id.
func refID(ref any) any {
	r := strOf(obj(ref)["reference"])
	_, id := splitRef(r)
	if id == "" {
		return nil
	}
	return id
}

// splitRef splits a reference string into its type (when known) and id.
func splitRef(r string) (typ, id string) {
	switch {
	case r == "" || r[0] == '#':
		return "", ""
	case strings.HasPrefix(r, "urn:uuid:"):
		return "", r[len("urn:uuid:"):]
	case strings.HasPrefix(r, "urn:oid:"):
		return "", r[len("urn:oid:"):]
	}
	if q := strings.IndexByte(r, '?'); q >= 0 {
		typ = r[:q]
		if bar := strings.LastIndexByte(r, '|'); bar > q {
			return typ, r[bar+1:]
		}
		if eq := strings.LastIndexByte(r, '='); eq > q {
			return typ, r[eq+1:]
		}
		return typ, ""
	}
	if h := strings.Index(r, "/_history/"); h >= 0 {
		r = r[:h]
	}
	slash := strings.LastIndexByte(r, '/')
	if slash < 0 {
		return "", r
	}
	id = r[slash+1:]
	typ = r[:slash]
	if s := strings.LastIndexByte(typ, '/'); s >= 0 {
		typ = typ[s+1:]
	}
	return typ, id
}

// patientRef is the id of a reference to a Patient (or of unknown type, as urn:uuid).
func patientRef(ref any) any {
	r := strOf(obj(ref)["reference"])
	typ, id := splitRef(r)
	if id == "" || (typ != "" && typ != "Patient") {
		return nil
	}
	return id
}

// parseDateTime converts a FHIR dateTime or instant to UTC. Partial dates ('2025',
// '2025-03', '2025-03-14') are their first instant in UTC; a time without offset is UTC.
func parseDateTime(s string) (time.Time, error) {
	var layout string
	switch {
	case len(s) == 4:
		layout = "2006"
	case len(s) == 7:
		layout = "2006-01"
	case len(s) == 10:
		layout = "2006-01-02"
	case len(s) > 10 && s[10] == 'T':
		t, err := time.Parse(time.RFC3339Nano, s)
		if err == nil {
			return t.UTC(), nil
		}
		t, err = time.Parse("2006-01-02T15:04:05.999999999", s)
		if err == nil {
			return t, nil
		}
		return time.Time{}, errInvalidDate
	default:
		return time.Time{}, errInvalidDate
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, errInvalidDate
	}
	return t, nil
}

// parseDate converts a FHIR date (possibly partial) to its first day.
func parseDate(s string) (time.Time, error) {
	if len(s) > 10 {
		return time.Time{}, errInvalidDate
	}
	return parseDateTime(s)
}

// ageYears converts an Age (Quantity) to years; nil when the unit is unknown.
func ageYears(q map[string]any) any {
	v, ok := numOf(q["value"])
	if !ok {
		return nil
	}
	unit := strOf(q["code"])
	if unit == "" {
		unit = strOf(q["unit"])
	}
	switch strings.ToLower(unit) {
	case "a", "yr", "yrs", "year", "years", "y":
		return v
	case "mo", "month", "months":
		return v / 12
	case "wk", "week", "weeks":
		return v * 7 / 365.25
	case "d", "day", "days":
		return v / 365.25
	}
	return nil
}

// minutes converts a Duration to minutes; nil when the unit is unknown.
func minutes(q map[string]any) any {
	v, ok := numOf(q["value"])
	if !ok {
		return nil
	}
	unit := strOf(q["code"])
	if unit == "" {
		unit = strOf(q["unit"])
	}
	switch strings.ToLower(unit) {
	case "min", "minute", "minutes":
		return v
	case "s", "second", "seconds":
		return v / 60
	case "h", "hour", "hours":
		return v * 60
	case "d", "day", "days":
		return v * 1440
	case "wk", "week", "weeks":
		return v * 10080
	}
	return nil
}

// modifierFlag reports the valueBoolean of a (modifier) extension with one of the urls.
func extensionBool(exts any, urls ...string) (value, found bool) {
	for _, e := range list(exts) {
		em := obj(e)
		u := strOf(em["url"])
		for _, want := range urls {
			if u == want {
				b, ok := em["valueBoolean"].(bool)
				return b && ok, true
			}
		}
	}
	return false, false
}

// extension returns the first extension with url, or nil.
func extension(exts any, url string) map[string]any {
	for _, e := range list(exts) {
		if em := obj(e); strOf(em["url"]) == url {
			return em
		}
	}
	return nil
}

// itoa is strconv.Itoa for int64 (kept here so callers read plainly).
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
