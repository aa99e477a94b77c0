-- measures.cms124__initial_population: persons in the CMS124 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements CervicalCancerScreeningFHIR 0.0.001 "Initial Population": aged 24-64 at the end of
-- the period, Patient.gender 'female', and one of the measure's own "Qualifying Encounters"
-- (not AdultOutpatientEncounters: the Annual Wellness Visit value set is not among them).

-- The value sets of CervicalCancerScreeningFHIR "Qualifying Encounters".
with encounter_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001'), -- Office Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1025'), -- Preventive Care Services Established Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1023'), -- Preventive Care Services Initial Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1016'), -- Home Healthcare Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080'), -- Telephone Visits
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1089')  -- Virtual Encounter
),

-- "Qualifying Encounters": performed encounters (Status isEncounterPerformed) of those types
-- with both ends of period.toInterval() known, as days; women only (the population is).
encounter_days as (
    select
        pr.person_id,
        cast(e.period_end as date) as end_date,
        max(cast(e.period_start as date)) as start_date
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join core.person as p
        on p.person_id = pr.person_id
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
    where p.gender = 'female'
        and e.period_start is not null
        and e.period_end is not null
    group by pr.person_id, cast(e.period_end as date)
),

-- For each end day, the latest start of any encounter ending by then. An encounter lies
-- during day of a period exactly when the latest start among encounters ending by the
-- period's last day is on or after its first day, so one as-of join answers it per period.
latest_start_by_end as (
    select
        person_id,
        end_date,
        max(start_date) over (
            partition by person_id
            order by end_date
            rows between unbounded preceding and current row
        ) as latest_start
    from encounter_days
)

-- Aged 24 to 64 at the end of the period, administrative gender female, with a qualifying
-- encounter during the period.
select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_end as a
join measures.shared__measurement_period as mp
    on mp.period_key = a.period_key
asof join latest_start_by_end as l
    on l.person_id = a.person_id
    and l.end_date <= mp.period_end
where a.age_years between 24 and 64
    and a.gender = 'female'
    and l.latest_start >= mp.period_start
