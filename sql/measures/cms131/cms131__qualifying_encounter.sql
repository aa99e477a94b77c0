-- measures.cms131__qualifying_encounter: the encounters that can qualify a person for the
-- CMS131 initial population.
-- Grain: provider x encounter id.
-- Implements DiabetesEyeExamFHIR 0.0.002 "Qualifying Encounters" (the measure's own list, not
-- AdultOutpatientEncounters: it adds Ophthalmological Services and has no Virtual Encounter):
-- a performed encounter (Status isEncounterPerformed) of one of the types below. Its readers
-- ask whether its period.toInterval() lies during day of "Measurement Period" (both ends known
-- and inside), once per encounter rather than once per period here.

-- The value sets of "Qualifying Encounters".
with encounter_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001'), -- Office Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1240'),            -- Annual Wellness Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1025'), -- Preventive Care Services Established Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1023'), -- Preventive Care Services Initial Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1016'), -- Home Healthcare Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1285'),            -- Ophthalmological Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080')  -- Telephone Visits
),

-- Performed encounters of a qualifying type (the first qualifying type code is kept for the
-- evidence).
performed_encounter as (
    select
        e.provider,
        e.id,
        pr.person_id,
        e.period_start,
        e.period_end,
        min(cv.code) as type_code
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
    group by e.provider, e.id, pr.person_id, e.period_start, e.period_end
)

-- The encounter period lies during day of the measurement period.
select
    pe.person_id,
    pe.provider,
    pe.id as encounter_id,
    pe.period_start,
    pe.period_end,
    pe.type_code
from performed_encounter as pe
