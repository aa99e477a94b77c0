-- measures.shared__qualifying_encounter_period: the persons with a qualifying encounter during
-- each period.
-- Grain: period_key x person_id (only persons with such an encounter).
-- Implements `exists AdultOutpatientEncounters."Qualifying Encounters"` of AdultOutpatientEncounters
-- 4.11.000: a qualifying encounter (shared__qualifying_encounter) whose period.toInterval()
-- lies during day of "Measurement Period" (both ends known and inside). Answered once here for
-- every measure that requires it; the encounters of a person that share their start and end
-- days are one for this question.

with encounter_days as (
    select distinct
        person_id,
        cast(period_start as date) as start_date,
        cast(period_end as date) as end_date
    from measures.shared__qualifying_encounter
    where period_start is not null
        and period_end is not null
)

select distinct
    mp.period_key,
    ed.person_id
from encounter_days as ed
join measures.shared__measurement_period as mp
    on ed.start_date >= mp.period_start
    and ed.end_date <= mp.period_end
