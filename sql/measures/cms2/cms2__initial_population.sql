-- measures.cms2__initial_population: persons in the CMS2 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements PCSDepressionScreenAndFollowUpFHIR 0.2.000 "Initial Population": "Patient Age
-- 12 Years or Older at Start of Measurement Period" and exists "Qualifying Encounter During
-- Measurement Period".
select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_start as a
where a.age_years >= 12
    and exists (
        select 1 from measures.cms2__qualifying_encounter as qe
        where qe.period_key = a.period_key and qe.person_id = a.person_id
    )
