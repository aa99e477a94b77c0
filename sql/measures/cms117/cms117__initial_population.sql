-- measures.cms117__initial_population: persons in the CMS117 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements ChildhoodImmunizationStatusFHIR 0.1.000 "Initial Population": aged 2 at the end of
-- the period (AgeInYearsAt(date from end of "Measurement Period") = 2) and one of the measure's
-- "Qualifying Encounters" during the period (measures.cms117__qualifying_encounter).

-- At least one qualifying encounter in the period (only two-year-olds have one there).
with encountered as (
    select distinct
        period_key,
        person_id
    from measures.cms117__qualifying_encounter
)

select
    a.period_key,
    a.person_id,
    a.birth_date,
    a.age_years
from measures.shared__age_at_period_end as a
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
where a.age_years = 2
