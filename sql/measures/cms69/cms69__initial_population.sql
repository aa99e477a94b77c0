-- measures.cms69__initial_population: persons in the CMS69 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements PCSBMIScreenAndFollowUpFHIR 0.2.000 "Initial Population": a qualifying encounter
-- on whose start day the person is 18 or older.

-- The qualifying encounters whose period lies during day of each period.
select
    mp.period_key,
    qe.person_id,
    max(qe.age_years) as age_years
from measures.cms69__qualifying_encounter as qe
join measures.shared__measurement_period as mp
    on cast(qe.period_start as date) >= mp.period_start
    and cast(qe.period_end as date) <= mp.period_end
where qe.age_years >= 18
group by mp.period_key, qe.person_id
