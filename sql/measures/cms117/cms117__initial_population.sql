-- measures.cms117__initial_population: persons in the CMS117 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements ChildhoodImmunizationStatusFHIR 0.1.000 "Initial Population": aged 2 at the end of
-- the period (AgeInYearsAt(date from end of "Measurement Period") = 2) and one of the measure's
-- "Qualifying Encounters" during the period.

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
    select cv.provider, cv.id
    from measures.shared__coding_valueset as cv
    join encounter_valueset as ev
        on ev.url = cv.url
    where cv.resource_type = 'Encounter'
        and cv.element = 'type'
    union
    select cc.provider, cc.id
    from measures.shared__coding_concept as cc
    where cc.resource_type = 'Encounter'
        and cc.element = 'type'
        and cc.concept = 'Office or other outpatient visit for the evaluation and management of an established patient that may not require the presence of a physician or other qualified health care professional'
),

-- Performed (Status isEncounterPerformed) qualifying encounters, as days.
performed_encounter as (
    select distinct
        pr.person_id,
        cast(e.period_start as date) as start_date,
        cast(e.period_end as date) as end_date
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
),

-- period.toInterval() during day of the period: both ends known and inside it.
encountered as (
    select distinct
        c.period_key,
        c.person_id
    from two_year_old as c
    join measures.shared__measurement_period as mp
        on mp.period_key = c.period_key
    join performed_encounter as pe
        on pe.person_id = c.person_id
        and pe.start_date >= mp.period_start
        and pe.end_date <= mp.period_end
)

select
    c.period_key,
    c.person_id,
    c.birth_date,
    c.age_years
from two_year_old as c
join encountered as e
    on e.period_key = c.period_key
    and e.person_id = c.person_id
