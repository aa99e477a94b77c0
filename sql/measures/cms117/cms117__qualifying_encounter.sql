-- measures.cms117__qualifying_encounter: the encounters that qualify a two-year-old for the
-- CMS117 initial population, per period.
-- Grain: period_key x provider x encounter id (only children aged 2 at the end of the period).
-- Implements ChildhoodImmunizationStatusFHIR 0.1.000 "Qualifying Encounters": a performed
-- encounter (Status isEncounterPerformed) whose type is in one of the value sets below or ~ CPT
-- 99211, and whose period.toInterval() lies during day of "Measurement Period" (both ends known
-- and inside). Only the children the initial population can take are searched: the encounters
-- are joined to them by person, not to every period by date.

-- Children who turn 2 by the end of the period and are not yet 3.
with two_year_old as (
    select
        period_key,
        person_id,
        birth_date,
        age_years
    from measures.shared__age_at_period_end
    where age_years = 2
),

-- The value sets of "Qualifying Encounters"; the CPT code 99211 is a direct-reference code
-- (ref.concept) and joins below.
encounter_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001'), -- Office Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1016'), -- Home Healthcare Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1024'), -- Preventive Care, Established Office Visit, 0 to 17
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1022'), -- Preventive Care Services, Initial Office Visit, 0 to 17
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1089'), -- Virtual Encounter
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080')  -- Telephone Visits
),

-- Encounters whose type is in one of those value sets or ~ CPT 99211.
qualifying_type as (
    select cv.provider, cv.id, cv.code
    from measures.shared__coding_valueset as cv
    join encounter_valueset as ev
        on ev.url = cv.url
    where cv.resource_type = 'Encounter'
        and cv.element = 'type'
    union
    select cc.provider, cc.id, cc.code
    from measures.shared__coding_concept as cc
    where cc.resource_type = 'Encounter'
        and cc.element = 'type'
        and cc.concept = 'Office or other outpatient visit for the evaluation and management of an established patient that may not require the presence of a physician or other qualified health care professional'
),

-- Performed (Status isEncounterPerformed) qualifying encounters (the first qualifying type code
-- is kept for the evidence).
performed_encounter as (
    select
        e.provider,
        e.id,
        pr.person_id,
        e.period_start,
        e.period_end,
        min(qt.code) as type_code
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'encounter_performed'
        and sr.status = e.status
    join qualifying_type as qt
        on qt.provider = e.provider
        and qt.id = e.id
    where pr.person_id in (select person_id from two_year_old)
    group by e.provider, e.id, pr.person_id, e.period_start, e.period_end
)

-- period.toInterval() during day of the period: both ends known and inside it.
select
    c.period_key,
    c.person_id,
    pe.provider,
    pe.id as encounter_id,
    pe.period_start,
    pe.period_end,
    pe.type_code
from two_year_old as c
join measures.shared__measurement_period as mp
    on mp.period_key = c.period_key
join performed_encounter as pe
    on pe.person_id = c.person_id
    and cast(pe.period_start as date) >= mp.period_start
    and cast(pe.period_end as date) <= mp.period_end
