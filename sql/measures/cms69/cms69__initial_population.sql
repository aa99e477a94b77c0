-- measures.cms69__initial_population: persons in the CMS69 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements PCSBMIScreenAndFollowUpFHIR 0.2.000 "Initial Population": a qualifying encounter
-- on whose start day the person is 18 or older.
select
    period_key,
    person_id,
    max(age_years) as age_years
from measures.cms69__qualifying_encounter
where age_years >= 18
group by period_key, person_id
