package ingest

import "strings"

func flattenObservation(c *converter, m map[string]any) {
	r := c.base("core.observation", m, true)
	r.set("status", str(m["status"]))
	start, end := c.occurrence(m, "effective")
	r.set("effective_start", start)
	r.set("effective_end", end)
	r.set("issued", c.ts(m["issued"]))
	c.value(r, m, "value")
	r.set("data_absent_reason", codingCode(m["dataAbsentReason"]))
	r.set("encounter_id", refID(m["encounter"]))
	r.set("has_member", len(list(m["hasMember"])) > 0)
	notDone, _ := extensionBool(m["modifierExtension"], notDoneURL)
	reason := extension(m["extension"], notDoneReasonURL)
	if reason != nil {
		c.concept("statusReason", 0, reason["valueCodeableConcept"])
	}
	r.set("not_done", notDone || (strOf(m["status"]) == "cancelled" && reason != nil))
	c.concept("code", 0, m["code"])
	c.concepts("category", m["category"])
	c.concepts("interpretation", m["interpretation"])
	c.concept("bodySite", 0, m["bodySite"])
	c.concept("method", 0, m["method"])
	c.concept("value", 0, m["valueCodeableConcept"])
	for i, comp := range list(m["component"]) {
		cm := obj(comp)
		if cm == nil {
			continue
		}
		cr := c.row("core.observation_component")
		cr.set("id", c.id)
		cr.set("seq", int32(i))
		c.value(cr, cm, "value")
		cr.set("data_absent_reason", codingCode(cm["dataAbsentReason"]))
		c.concept("component.code", i, cm["code"])
		c.concept("component.value", i, cm["valueCodeableConcept"])
	}
}

// value fills value_type and the value columns from value[x] of an Observation or a
// component. The columns a table lacks (value_datetime_end on components) stay unset.
func (c *converter) value(r row, m map[string]any, prefix string) {
	for k, v := range m {
		kind, ok := strings.CutPrefix(k, prefix)
		if !ok || kind == "" || kind[0] < 'A' || kind[0] > 'Z' {
			continue
		}
		switch kind {
		case "Quantity":
			q := obj(v)
			r.set("value_quantity", num(q["value"]))
			r.set("value_unit", unitOf(q))
		case "CodeableConcept":
			// codes are in core.coding, element 'value' / 'component.value'
		case "String":
			// free text: de-identification replaced it; only the kind is kept
			kind = "string"
		case "Boolean":
			r.set("value_boolean", boolean(v))
		case "Integer":
			r.set("value_quantity", num(v))
		case "Range":
			rg := obj(v)
			low, high := obj(rg["low"]), obj(rg["high"])
			r.set("value_quantity", num(low["value"]))
			r.set("value_high", num(high["value"]))
			unit := unitOf(low)
			if unit == nil {
				unit = unitOf(high)
			}
			r.set("value_unit", unit)
		case "Ratio":
			rt := obj(v)
			n, d := obj(rt["numerator"]), obj(rt["denominator"])
			r.set("value_quantity", num(n["value"]))
			r.set("value_high", num(d["value"]))
			r.set("value_unit", unitOf(n))
		case "Time":
			r.set("value_string", str(v))
		case "DateTime":
			r.set("value_datetime", c.ts(v))
			if _, has := r.t.index["value_datetime_end"]; has {
				r.set("value_datetime_end", r.vals[r.t.index["value_datetime"]])
			}
		case "Period":
			start, end := c.period(v)
			r.set("value_datetime", start)
			if _, has := r.t.index["value_datetime_end"]; has {
				r.set("value_datetime_end", end)
			}
		case "SampledData":
			r.set("value_unit", unitOf(obj(obj(v)["origin"])))
		default:
			continue
		}
		r.set("value_type", valueTypeName(kind))
		return
	}
}

// valueTypeName is the FHIR type name as value_type stores it: complex types keep their
// capital (Quantity, CodeableConcept, ...), primitives are lower case (string, boolean, ...).
func valueTypeName(kind string) string {
	switch kind {
	case "Boolean", "Integer", "Time", "DateTime":
		return strings.ToLower(kind[:1]) + kind[1:]
	}
	return kind
}
