-- measures.cms2__initial_population: persons in the CMS2 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements PCSDepressionScreenAndFollowUpFHIR 0.2.000 "Initial Population": "Patient Age
-- 12 Years or Older at Start of Measurement Period" and exists "Qualifying Encounter During
-- Measurement Period".
with encountered as (
    select distinct
        period_key,
        person_id
    from measures.cms2__qualifying_encounter
)

select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_start as a
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
where a.age_years >= 12
