-- measures.cms130__initial_population: persons in the CMS130 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements ColonCancerScreeningFHIR 0.1.000 "Initial Population": aged 46-75 at the end of
-- the period and a qualifying outpatient encounter during the period (AdultOutpatientEncounters
-- 4.11.000 "Qualifying Encounters"). Any gender.

-- At least one qualifying encounter.
with encountered as (
    select
        period_key,
        person_id
    from measures.shared__qualifying_encounter_period
)

-- Aged 46 to 75 at the end of the period.
select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_end as a
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
where a.age_years between 46 and 75
