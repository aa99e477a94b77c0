-- measures.cms125__initial_population: persons in the CMS125 initial population.
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements BreastCancerScreeningFHIR 0.0.001 "Initial Population": aged 52-74 at the end of
-- the period, Patient.gender 'female', and a qualifying outpatient encounter during the period
-- (AdultOutpatientEncounters 4.11.000 "Qualifying Encounters").

-- At least one qualifying encounter.
with encountered as (
    select
        period_key,
        person_id
    from measures.shared__qualifying_encounter_period
)

-- Aged 52 to 74 at the end of the period, administrative gender female.
select
    a.period_key,
    a.person_id,
    a.age_years
from measures.shared__age_at_period_end as a
join encountered as e
    on e.period_key = a.period_key
    and e.person_id = a.person_id
where a.age_years between 52 and 74
    and a.gender = 'female'
