-- measures.cms131__initial_population: persons in the CMS131 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements DiabetesEyeExamFHIR 0.0.002 "Initial Population": aged 18-75 at the end of the
-- period, one of the measure's own "Qualifying Encounters" during the period
-- (measures.cms131__qualifying_encounter), and diabetes whose prevalence interval overlaps day
-- of the period.

-- At least one of the measure's "Qualifying Encounters" in the period (encounters of a person
-- sharing their start and end days are one for this question).
with encounter_days as (
    select distinct
        person_id,
        cast(period_start as date) as start_date,
        cast(period_end as date) as end_date
    from measures.cms131__qualifying_encounter
    where period_start is not null
        and period_end is not null
),

encountered as (
    select distinct
        mp.period_key,
        ed.person_id
    from encounter_days as ed
    join measures.shared__measurement_period as mp
        on ed.start_date >= mp.period_start
        and ed.end_date <= mp.period_end
),

-- Diabetes whose prevalence interval overlaps day of the period (the latest onset is kept for
-- the evidence).
diabetes as (
    select
        mp.period_key,
        cp.person_id,
        max(cast(cp.prevalence_start as date)) as diabetes_date,
        arg_max(cv.code, case when cp.prevalence_start is not null then (cp.prevalence_start, cv.code) end) as diabetes_code
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
    group by mp.period_key, cp.person_id
)

-- Aged 18 to 75 at the end of the period.
select
    a.period_key,
    a.person_id,
    a.age_years,
    d.diabetes_date,
    d.diabetes_code
from measures.shared__age_at_period_end as a
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
join diabetes as d
    on d.period_key = a.period_key
    and d.person_id = a.person_id
where a.age_years between 18 and 75
