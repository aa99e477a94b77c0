package ingest

import (
	"strings"
	"time"
)

// flattener fills the core rows of one resource type. needsSubject: a resource of the type
// without a patient reference is rejected (missing_subject).
type flattener struct {
	flatten      func(c *converter, m map[string]any)
	needsSubject bool
}

// flatteners lists the resource types with core tables; other types go to raw.resource only.
var flatteners = map[string]flattener{
	"Patient":            {flattenPatient, false},
	"Encounter":          {flattenEncounter, true},
	"Condition":          {flattenCondition, true},
	"Observation":        {flattenObservation, true},
	"Procedure":          {flattenProcedure, true},
	"MedicationRequest":  {flattenMedicationRequest, true},
	"Medication":         {flattenMedication, false},
	"Immunization":       {flattenImmunization, true},
	"ServiceRequest":     {flattenServiceRequest, true},
	"DeviceRequest":      {flattenDeviceRequest, true},
	"Coverage":           {flattenCoverage, true},
	"AllergyIntolerance": {flattenAllergyIntolerance, true},
	"AdverseEvent":       {flattenAdverseEvent, true},
	"Organization":       {flattenOrganization, false},
	"Practitioner":       {flattenPractitioner, false},
}

// base starts the core row of the resource with the columns every core table shares.
func (c *converter) base(table string, m map[string]any, withPatient bool) row {
	r := c.row(table)
	r.set("id", c.id)
	r.set("last_updated", c.ts(obj(m["meta"])["lastUpdated"]))
	if withPatient {
		r.set("patient_id", resourcePatient(c.rt, m))
	}
	return r
}

func flattenPatient(c *converter, m map[string]any) {
	r := c.base("core.patient", m, false)
	r.set("active", boolean(m["active"]))
	r.set("gender", str(m["gender"]))
	r.set("birth_date", c.date(m["birthDate"]))
	switch {
	case m["deceasedBoolean"] != nil:
		r.set("deceased", boolean(m["deceasedBoolean"]))
	case m["deceasedDateTime"] != nil:
		r.set("deceased", true)
		r.set("deceased_at", c.ts(m["deceasedDateTime"]))
	}
	if a := first(m["address"]); a != nil {
		r.set("state", str(a["state"]))
		if _, ok := r.t.index["zip3"]; ok {
			if z := strOf(a["postalCode"]); z != "" {
				r.set("zip3", zip3(z))
			}
		}
	}
	for _, e := range [...]struct{ url, code, display string }{
		{raceURL, "race_code", "race_display"},
		{ethnicityURL, "ethnicity_code", "ethnicity_display"},
	} {
		if cd := obj(extension(extension(m["extension"], e.url)["extension"], "ombCategory")["valueCoding"]); cd != nil {
			r.set(e.code, str(cd["code"]))
			r.set(e.display, str(cd["display"]))
		}
	}
	r.set("linkage_token", linkageToken(m["identifier"], c.opt.LinkageSystem))
	r.set("general_practitioner_id", refID(first(m["generalPractitioner"])))
	r.set("managing_organization_id", refID(m["managingOrganization"]))
}

func flattenEncounter(c *converter, m map[string]any) {
	r := c.base("core.encounter", m, true)
	r.set("status", str(m["status"]))
	// R4 class is a Coding; later versions make it a list of CodeableConcepts.
	class := obj(m["class"])
	if class == nil {
		class = first(m["class"])
	}
	if _, isConcept := class["coding"]; isConcept {
		c.concept("class", 0, class)
		class = first(class["coding"])
	} else {
		c.coding("class", 0, class)
	}
	r.set("class_system", str(class["system"]))
	r.set("class_code", str(class["code"]))
	start, end := c.period(m["period"])
	r.set("period_start", start)
	r.set("period_end", end)
	// length: the Encounter.length Duration, else the period's span.
	if l := obj(m["length"]); l != nil {
		r.set("length_minutes", minutes(l))
	} else if s, ok := start.(time.Time); ok {
		if e, ok := end.(time.Time); ok {
			r.set("length_minutes", e.Sub(s).Minutes())
		}
	}
	r.set("service_provider_id", refID(m["serviceProvider"]))
	r.set("practitioner_id", refID(obj(first(m["participant"])["individual"])))
	r.set("location_id", refID(obj(first(m["location"])["location"])))
	c.concepts("type", m["type"])
	c.concepts("reasonCode", m["reasonCode"])
	c.concept("dischargeDisposition", 0, obj(m["hospitalization"])["dischargeDisposition"])
	c.concept("priority", 0, m["priority"])
}

func flattenCondition(c *converter, m map[string]any) {
	r := c.base("core.condition", m, true)
	r.set("clinical_status", codingCode(m["clinicalStatus"]))
	r.set("verification_status", codingCode(m["verificationStatus"]))
	for _, p := range [...]string{"onset", "abatement"} {
		start, end, low, high := c.onset(m, p)
		r.set(p+"_start", start)
		r.set(p+"_end", end)
		r.set(p+"_age_low", low)
		r.set(p+"_age_high", high)
	}
	r.set("recorded_date", c.ts(m["recordedDate"]))
	r.set("encounter_id", refID(m["encounter"]))
	c.concept("code", 0, m["code"])
	c.concepts("category", m["category"])
	c.concepts("bodySite", m["bodySite"])
	c.concepts("severity", m["severity"])
}

// onset reads prefix[x] as dateTime, Period, Age or Range (ages in years); string is ignored.
func (c *converter) onset(m map[string]any, prefix string) (start, end, low, high any) {
	if v, ok := m[prefix+"DateTime"]; ok {
		t := c.ts(v)
		return t, t, nil, nil
	}
	if v, ok := m[prefix+"Period"]; ok {
		start, end = c.period(v)
		return start, end, nil, nil
	}
	if v, ok := m[prefix+"Age"]; ok {
		a := ageYears(obj(v))
		return nil, nil, a, a
	}
	if v, ok := m[prefix+"Range"]; ok {
		rg := obj(v)
		return nil, nil, ageYears(obj(rg["low"])), ageYears(obj(rg["high"]))
	}
	return nil, nil, nil, nil
}

// occurrence reads prefix[x] as dateTime, Period or instant; Timing is ignored.
func (c *converter) occurrence(m map[string]any, prefix string) (start, end any) {
	if v, ok := m[prefix+"DateTime"]; ok {
		t := c.ts(v)
		return t, t
	}
	if v, ok := m[prefix+"Period"]; ok {
		return c.period(v)
	}
	if v, ok := m[prefix+"Instant"]; ok {
		t := c.ts(v)
		return t, t
	}
	return nil, nil
}

func flattenProcedure(c *converter, m map[string]any) {
	r := c.base("core.procedure", m, true)
	r.set("status", str(m["status"]))
	start, end := c.occurrence(m, "performed")
	r.set("performed_start", start)
	r.set("performed_end", end)
	r.set("encounter_id", refID(m["encounter"]))
	r.set("practitioner_id", refID(obj(first(m["performer"])["actor"])))
	c.concept("code", 0, m["code"])
	c.concepts("category", m["category"])
	c.concepts("reasonCode", m["reasonCode"])
	c.concepts("bodySite", m["bodySite"])
	c.concept("statusReason", 0, m["statusReason"])
}

// doNotPerform is the doNotPerform element, or the QI-Core modifier extension.
func doNotPerform(m map[string]any) any {
	if b, ok := m["doNotPerform"].(bool); ok {
		return b
	}
	if b, found := extensionBool(m["modifierExtension"], doNotPerformURL, doNotPerformTypoURL); found {
		return b
	}
	return nil
}

func flattenMedicationRequest(c *converter, m map[string]any) {
	r := c.base("core.medication_request", m, true)
	r.set("status", str(m["status"]))
	r.set("intent", str(m["intent"]))
	r.set("do_not_perform", doNotPerform(m))
	r.set("authored_on", c.ts(m["authoredOn"]))
	r.set("medication_id", refID(m["medicationReference"]))
	r.set("encounter_id", refID(m["encounter"]))
	r.set("requester_id", refID(m["requester"]))
	dosages := list(m["dosageInstruction"])
	r.set("dosage_count", int32(len(dosages)))
	if d := first(dosages); d != nil {
		rep := obj(obj(d["timing"])["repeat"])
		start, end := c.period(rep["boundsPeriod"])
		r.set("bounds_start", start)
		r.set("bounds_end", end)
		r.set("frequency", integer(rep["frequency"]))
		r.set("frequency_max", integer(rep["frequencyMax"]))
		r.set("period", num(rep["period"]))
		r.set("period_unit", str(rep["periodUnit"]))
		if tod, ok := rep["timeOfDay"].([]any); ok {
			r.set("time_of_day_count", int32(len(tod)))
		}
		dr := first(d["doseAndRate"])
		dose := obj(dr["doseQuantity"])
		if dose == nil {
			dose = obj(obj(dr["doseRange"])["high"])
		}
		if dose != nil {
			r.set("dose_value", num(dose["value"]))
			r.set("dose_unit", unitOf(dose))
		}
		switch {
		case d["asNeededBoolean"] != nil:
			r.set("as_needed", boolean(d["asNeededBoolean"]))
		case d["asNeededCodeableConcept"] != nil:
			r.set("as_needed", true)
		}
	}
	if dr := obj(m["dispenseRequest"]); dr != nil {
		if sd := obj(dr["expectedSupplyDuration"]); sd != nil {
			r.set("supply_duration_value", num(sd["value"]))
			r.set("supply_duration_unit", unitOf(sd))
		}
		r.set("dispense_quantity", num(obj(dr["quantity"])["value"]))
		r.set("refills", integer(dr["numberOfRepeatsAllowed"]))
		start, end := c.period(dr["validityPeriod"])
		r.set("validity_start", start)
		r.set("validity_end", end)
	}
	c.concept("medication", 0, m["medicationCodeableConcept"])
	c.concepts("category", m["category"])
	c.concepts("reasonCode", m["reasonCode"])
	c.concept("statusReason", 0, m["statusReason"])
}

func flattenMedication(c *converter, m map[string]any) {
	r := c.base("core.medication", m, false)
	r.set("status", str(m["status"]))
	c.concept("code", 0, m["code"])
	c.concept("form", 0, m["form"])
}

func flattenImmunization(c *converter, m map[string]any) {
	r := c.base("core.immunization", m, true)
	r.set("status", str(m["status"]))
	r.set("occurrence_at", c.ts(m["occurrenceDateTime"]))
	r.set("recorded_at", c.ts(m["recorded"]))
	r.set("encounter_id", refID(m["encounter"]))
	c.concept("vaccineCode", 0, m["vaccineCode"])
	c.concept("statusReason", 0, m["statusReason"])
	c.concepts("reasonCode", m["reasonCode"])
}

// flattenRequest fills the columns ServiceRequest and DeviceRequest share.
func flattenRequest(c *converter, table string, m map[string]any) {
	r := c.base(table, m, true)
	r.set("status", str(m["status"]))
	r.set("intent", str(m["intent"]))
	r.set("do_not_perform", doNotPerform(m))
	r.set("authored_on", c.ts(m["authoredOn"]))
	start, end := c.occurrence(m, "occurrence")
	r.set("occurrence_start", start)
	r.set("occurrence_end", end)
	r.set("encounter_id", refID(m["encounter"]))
	c.concepts("reasonCode", m["reasonCode"])
	if e := extension(m["extension"], "http://hl7.org/fhir/StructureDefinition/request-statusReason"); e != nil {
		c.concept("statusReason", 0, e["valueCodeableConcept"])
	}
}

func flattenServiceRequest(c *converter, m map[string]any) {
	flattenRequest(c, "core.service_request", m)
	c.concept("code", 0, m["code"])
	c.concepts("category", m["category"])
}

func flattenDeviceRequest(c *converter, m map[string]any) {
	flattenRequest(c, "core.device_request", m)
	c.concept("code", 0, m["codeCodeableConcept"])
}

func flattenCoverage(c *converter, m map[string]any) {
	r := c.base("core.coverage", m, true)
	r.set("status", str(m["status"]))
	start, end := c.period(m["period"])
	r.set("period_start", start)
	r.set("period_end", end)
	r.set("payor_id", refID(first(m["payor"])))
	c.concept("type", 0, m["type"])
}

func flattenAllergyIntolerance(c *converter, m map[string]any) {
	r := c.base("core.allergy_intolerance", m, true)
	r.set("clinical_status", codingCode(m["clinicalStatus"]))
	r.set("verification_status", codingCode(m["verificationStatus"]))
	start, end := c.occurrence(m, "onset")
	r.set("onset_start", start)
	r.set("onset_end", end)
	r.set("recorded_date", c.ts(m["recordedDate"]))
	c.concept("code", 0, m["code"])
}

func flattenAdverseEvent(c *converter, m map[string]any) {
	r := c.base("core.adverse_event", m, true)
	r.set("actuality", str(m["actuality"]))
	r.set("event_at", c.ts(m["date"]))
	r.set("recorded_at", c.ts(m["recordedDate"]))
	c.concept("event", 0, m["event"])
	c.concepts("category", m["category"])
}

func flattenOrganization(c *converter, m map[string]any) {
	r := c.base("core.organization", m, false)
	r.set("active", boolean(m["active"]))
	r.set("name", str(m["name"]))
	r.set("state", str(first(m["address"])["state"]))
	c.concepts("type", m["type"])
}

func flattenPractitioner(c *converter, m map[string]any) {
	r := c.base("core.practitioner", m, false)
	r.set("active", boolean(m["active"]))
	r.set("name", practitionerName(first(m["name"])))
	for _, id := range list(m["identifier"]) {
		if im := obj(id); strOf(im["system"]) == npiSystem {
			r.set("npi", str(im["value"]))
			break
		}
	}
}

// linkageToken is the value of the identifier of the configured linkage system, else the
// token computed from the linkage secret (de-identification kept only these two).
func linkageToken(ids any, system string) any {
	var hmacToken any
	for _, id := range list(ids) {
		im := obj(id)
		switch strOf(im["system"]) {
		case "":
		case system:
			if v := str(im["value"]); v != nil {
				return v
			}
		case LinkageHMACSystem:
			hmacToken = str(im["value"])
		}
	}
	return hmacToken
}

// practitionerName is "prefix given family" from a HumanName, or nil.
func practitionerName(n map[string]any) any {
	var parts []string
	for _, k := range [...]string{"prefix", "given"} {
		for _, p := range list(n[k]) {
			if s := strOf(p); s != "" {
				parts = append(parts, s)
			}
		}
	}
	if f := strOf(n["family"]); f != "" {
		parts = append(parts, f)
	}
	if len(parts) == 0 {
		return nil
	}
	return strings.Join(parts, " ")
}
