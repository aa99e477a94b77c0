-- measures.cms131__initial_population: persons in the CMS131 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements DiabetesEyeExamFHIR 0.0.002 "Initial Population": aged 18-75 at the end of the
-- period, one of the measure's own "Qualifying Encounters" during the period, and diabetes
-- whose prevalence interval overlaps day of the period.

-- The value sets of this measure's "Qualifying Encounters" (not AdultOutpatientEncounters: it
-- adds Ophthalmological Services and has no Virtual Encounter).
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

-- Performed encounters (Status isEncounterPerformed) of a qualifying type, as days.
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
    join measures.shared__coding_valueset as cv
        on cv.provider = e.provider
        and cv.resource_type = 'Encounter'
        and cv.id = e.id
        and cv.element = 'type'
    join encounter_valueset as ev
        on ev.url = cv.url
),

-- period.toInterval() during day of the period: both ends known and inside it.
encountered as (
    select distinct
        mp.period_key,
        pe.person_id
    from performed_encounter as pe
    join measures.shared__measurement_period as mp
        on pe.start_date >= mp.period_start
        and pe.end_date <= mp.period_end
),

-- Diabetes whose prevalence interval overlaps day of the period.
diabetes as (
    select distinct
        mp.period_key,
        cp.person_id
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001' -- Diabetes
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cast(cp.prevalence_start as date) <= mp.period_end)
        and case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date) >= mp.period_start
            when cp.is_end_open then true
            else cast(cp.prevalence_start as date) >= mp.period_start
        end
)

-- Aged 18 to 75 at the end of the period.
select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_end as a
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
join diabetes as d
    on d.period_key = a.period_key
    and d.person_id = a.person_id
where a.age_years between 18 and 75
