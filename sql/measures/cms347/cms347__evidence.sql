-- measures.cms347__evidence: what put each person in a CMS347 initial population, primary
-- period only.
-- Grain: group_index x person_id x evidence item (population initial-population).
-- For each group, the criterion records of "Initial Population 1" .. "4" (the latest record of
-- each criterion that group tests: ASCVD or subsequent NSTEMI; LDL-C >= 190 or familial
-- hypercholesterolemia; diabetes; 10-year CVD risk >= 20 %) and the latest "Qualifying Encounter
-- during day of Measurement Period" with its type code. The exclusion, exception and numerator
-- evidence comes from the result (measures.evidence__result).

-- Which criteria each group's initial population rests on, and how to say it.
with group_criterion (group_index, criterion, reason) as (
    values
        (0, 'ascvd', 'ASCVD diagnosis or procedure'),
        (0, 'subsequent_mi', 'subsequent NSTEMI'),
        (1, 'ldl_190', 'LDL-C >= 190 mg/dL'),
        (1, 'hypercholesterolemia', 'familial hypercholesterolemia'),
        (2, 'diabetes', 'diabetes'),
        (3, 'high_cvd_risk', '10-year CVD risk >= 20%')
),

-- Initial-population persons of the primary period.
primary_population as (
    select
        r.period_key,
        r.group_index,
        r.person_id
    from measures.cms347__result as r
    join measures.shared__measurement_period as mp
        on mp.period_key = r.period_key
    where mp.is_primary
),

-- The latest qualifying encounter of each person in the primary period, with its first type
-- coding (by seq, system, code).
latest_encounter as (
    select
        mp.period_key,
        qe.person_id,
        cast(qe.period_end as date) as evidence_date,
        c.system,
        c.code
    from measures.cms347__qualifying_encounter as qe
    join measures.shared__measurement_period as mp
        on cast(qe.period_start as date) >= mp.period_start
        and cast(qe.period_end as date) <= mp.period_end
    left join core.coding as c
        on c.provider = qe.provider
        and c.resource_type = 'Encounter'
        and c.id = qe.encounter_id
        and c.element = 'type'
    where mp.is_primary
    qualify row_number() over (
        partition by mp.period_key, qe.person_id
        order by qe.period_end desc, qe.provider, qe.encounter_id, c.seq, c.system, c.code
    ) = 1
),

evidence as (
    select
        pp.period_key,
        pp.group_index,
        pp.person_id,
        rc.evidence_date,
        rc.evidence_system as code_system,
        rc.evidence_code as code,
        rc.evidence_value as value,
        gc.reason
    from primary_population as pp
    join group_criterion as gc
        on gc.group_index = pp.group_index
    join measures.cms347__risk_criteria as rc
        on rc.period_key = pp.period_key
        and rc.person_id = pp.person_id
        and rc.criterion = gc.criterion
    union all
    select
        pp.period_key,
        pp.group_index,
        pp.person_id,
        le.evidence_date,
        le.system as code_system,
        le.code,
        cast(null as varchar) as value,
        'qualifying encounter' as reason
    from primary_population as pp
    join latest_encounter as le
        on le.period_key = pp.period_key
        and le.person_id = pp.person_id
),

-- Displays of the codes, from the imported value sets and the direct-reference codes.
known_code as (
    select
        system,
        code,
        min(display) as display
    from (
        select system, code, display from ref.valueset_code
        union all
        select system, code, display from ref.concept
    ) as k
    group by system, code
)

select
    cast(e.period_key as varchar) as period_key,
    cast('CMS347' as varchar) as measure,
    cast(e.group_index as integer) as group_index,
    cast(e.person_id as varchar) as person_id,
    cast('initial-population' as varchar) as population,
    true as is_in_population,
    cast(e.evidence_date as date) as evidence_date,
    cast(e.code_system as varchar) as code_system,
    cast(e.code as varchar) as code,
    cast(k.display as varchar) as display,
    cast(e.value as varchar) as value,
    cast(e.reason as varchar) as reason
from evidence as e
left join known_code as k
    on k.system = e.code_system
    and k.code = e.code
