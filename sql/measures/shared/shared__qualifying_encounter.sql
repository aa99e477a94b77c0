-- measures.shared__qualifying_encounter: outpatient encounters that qualify a person for the
-- initial population of the adult outpatient measures.
-- Grain: provider x encounter id.
-- Implements AdultOutpatientEncounters 4.11.000 "Qualifying Encounters": a performed encounter
-- (Status isEncounterPerformed) whose type is in one of the value sets below. Whether its
-- period.toInterval() lies during day of "Measurement Period" is period-dependent:
-- shared__qualifying_encounter_period answers it per person and period, once for every
-- measure, and the evidence joins the primary period itself.

-- The value sets of "Qualifying Encounters".
with encounter_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001'), -- Office Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1240'),            -- Annual Wellness Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1025'), -- Preventive Care Services Established Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1023'), -- Preventive Care Services Initial Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1016'), -- Home Healthcare Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1089'), -- Virtual Encounter
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080')  -- Telephone Visits
)

-- Encounters whose type is in a qualifying value set and whose status says it was performed.
select distinct
    pr.person_id,
    e.provider,
    e.id as encounter_id,
    e.period_start,
    e.period_end
from core.encounter as e
join core.person_record as pr
    on pr.provider = e.provider
    and pr.patient_id = e.patient_id
join measures.shared__status_rule as sr
    on sr.rule = 'encounter_performed'
    and sr.status = e.status
join measures.shared__coding_valueset as cv
    on cv.provider = e.provider
    and cv.resource_type = 'Encounter'
    and cv.id = e.id
    and cv.element = 'type'
join encounter_valueset as ev
    on ev.url = cv.url
