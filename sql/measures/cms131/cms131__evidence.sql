-- measures.cms131__evidence: what put each person in the CMS131 initial population, primary
-- period only.
-- Grain: person_id x evidence item (population initial-population): the diabetes diagnosis
-- (latest onset among those active during the period) and the latest of the measure's own
-- "Qualifying Encounters" with its type code. The exclusion and numerator evidence comes from
-- the result (measures.evidence__result).

-- Initial-population persons of the primary period.
with primary_population as (
    select
        ip.period_key,
        ip.person_id,
        ip.diabetes_date,
        ip.diabetes_code
    from measures.cms131__initial_population as ip
    join measures.shared__measurement_period as mp
        on mp.period_key = ip.period_key
    where mp.is_primary
),

-- The latest qualifying encounter of each of them (ties by provider and id).
latest_encounter as (
    select
        pp.period_key,
        qe.person_id,
        cast(qe.period_end as date) as evidence_date,
        qe.type_code
    from measures.cms131__qualifying_encounter as qe
    join measures.shared__measurement_period as mp
        on mp.is_primary
        and cast(qe.period_start as date) >= mp.period_start
        and cast(qe.period_end as date) <= mp.period_end
    join primary_population as pp
        on pp.period_key = mp.period_key
        and pp.person_id = qe.person_id
    qualify row_number() over (
        partition by pp.period_key, qe.person_id
        order by qe.period_end desc, qe.period_start desc, qe.provider, qe.encounter_id
    ) = 1
),

evidence as (
    select
        period_key,
        person_id,
        diabetes_date as evidence_date,
        diabetes_code as code,
        'diabetes' as reason
    from primary_population
    union all
    select
        period_key,
        person_id,
        evidence_date,
        type_code as code,
        'qualifying encounter' as reason
    from latest_encounter
),

-- Displays of the codes, from the imported value sets and the direct-reference codes.
known_code as (
    select
        code,
        min(system) as code_system,
        arg_min(display, case when system is not null then (system, display) end) as display
    from (
        select system, code, display from ref.valueset_code
        union all
        select system, code, display from ref.concept
    ) as k
    group by code
)

select
    cast(e.period_key as varchar) as period_key,
    cast('CMS131' as varchar) as measure,
    cast(0 as integer) as group_index,
    cast(e.person_id as varchar) as person_id,
    cast('initial-population' as varchar) as population,
    true as is_in_population,
    cast(e.evidence_date as date) as evidence_date,
    cast(k.code_system as varchar) as code_system,
    cast(e.code as varchar) as code,
    cast(k.display as varchar) as display,
    cast(null as varchar) as value,
    cast(e.reason as varchar) as reason
from evidence as e
left join known_code as k
    on k.code = e.code
