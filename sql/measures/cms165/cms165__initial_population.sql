-- measures.cms165__initial_population: persons in the CMS165 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements ControllingHighBloodPressureFHIR 0.1.000 "Initial Population": aged 18-85 at the
-- end of the period, "Essential Hypertension Diagnosis", and a qualifying outpatient encounter
-- during the period.

-- "Essential Hypertension Diagnosis": the prevalence interval overlaps
-- Interval[start of "Measurement Period", start of "Measurement Period" + 6 months)
-- (instant precision; the window is half-open).
with hypertension as (
    select distinct
        mp.period_key,
        cp.person_id
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.104.12.1011' -- Essential Hypertension
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cp.prevalence_start < mp.period_start_at + interval 6 month)
        and case
            when cp.prevalence_end is not null then cp.prevalence_end >= mp.period_start_at
            when cp.is_end_open then true
            else cp.prevalence_start >= mp.period_start_at
        end
),

-- At least one qualifying encounter (AdultOutpatientEncounters "Qualifying Encounters").
encountered as (
    select
        period_key,
        person_id
    from measures.shared__qualifying_encounter_period
)

-- Aged 18 to 85 at the end of the period.
select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_end as a
join hypertension as h
    on h.period_key = a.period_key
    and h.person_id = a.person_id
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
where a.age_years between 18 and 85
