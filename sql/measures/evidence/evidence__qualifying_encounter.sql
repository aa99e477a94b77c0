-- measures.evidence__qualifying_encounter: the encounter that put a person in the initial
-- population of a measure that requires AdultOutpatientEncounters "Qualifying Encounters".
-- Grain: measure x group_index x person_id (population initial-population), primary period.
-- The evidence is the most recent qualifying encounter of the period (ties by provider and
-- id): its end date and its type coding that is in a qualifying value set.
-- A measure whose initial population requires these encounters adds its id below.

-- Measures whose "Initial Population" requires AdultOutpatientEncounters."Qualifying Encounters".
with measure_using (measure) as (
    values
        ('CMS122'),
        ('CMS165')
),

-- The most recent qualifying encounter of each person lying during day of the primary period.
latest_encounter as (
    select
        mp.period_key,
        qe.person_id,
        qe.provider,
        qe.encounter_id,
        qe.period_end
    from measures.shared__qualifying_encounter as qe
    join measures.shared__measurement_period as mp
        on cast(qe.period_start as date) >= mp.period_start
        and cast(qe.period_end as date) <= mp.period_end
    where mp.is_primary
    qualify row_number() over (
        partition by mp.period_key, qe.person_id
        order by qe.period_end desc, qe.period_start desc, qe.provider, qe.encounter_id
    ) = 1
),

-- Its type coding (the first in system, code order when it has several).
encounter_type as (
    select
        c.provider,
        c.id,
        c.system,
        c.code,
        c.display
    from core.coding as c
    join latest_encounter as le
        on le.provider = c.provider
        and le.encounter_id = c.id
    where c.resource_type = 'Encounter'
        and c.element = 'type'
    qualify row_number() over (partition by c.provider, c.id order by c.seq, c.system, c.code) = 1
)

select
    cast(r.period_key as varchar) as period_key,
    cast(r.measure as varchar) as measure,
    cast(r.group_index as integer) as group_index,
    cast(r.person_id as varchar) as person_id,
    cast('initial-population' as varchar) as population,
    true as is_in_population,
    cast(le.period_end as date) as evidence_date,
    cast(et.system as varchar) as code_system,
    cast(et.code as varchar) as code,
    cast(et.display as varchar) as display,
    cast(null as varchar) as value,
    cast('qualifying encounter' as varchar) as reason
from measures.result as r
join measure_using as mu
    on mu.measure = r.measure
join latest_encounter as le
    on le.period_key = r.period_key
    and le.person_id = r.person_id
left join encounter_type as et
    on et.provider = le.provider
    and et.id = le.encounter_id
where r.initial_population
