-- measures.cms122__initial_population: persons in the CMS122 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements DiabetesGlycemicStatusAssessmentGreaterThan9PercentFHIR 0.1.002
-- "Initial Population": aged 18-75 at the end of the period, a qualifying outpatient encounter
-- during the period, and diabetes whose prevalence interval overlaps day of the period.

-- Diabetes diagnosis whose prevalence interval overlaps day of the period.
with diabetes as (
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
),

-- At least one qualifying encounter (AdultOutpatientEncounters "Qualifying Encounters").
encountered as (
    select
        period_key,
        person_id
    from measures.shared__qualifying_encounter_period
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
