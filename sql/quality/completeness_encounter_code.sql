-- completeness_encounter_code: share of the provider's encounters with a type code.
-- Measures select encounters by type; an encounter without one counts for nothing.
with scope as (
    select provider from quality_scope
),

encounters as (
    select
        count(*) as total,
        count(*) filter (where exists (
            select 1 from core.coding as c
            where c.provider = e.provider and c.resource_type = 'Encounter'
                and c.id = e.id and c.element = 'type' and c.code is not null
        )) as coded
    from core.encounter as e
    join scope as s on s.provider = e.provider
)

select
    'completeness_encounter_code' as check_name,
    'completeness' as category,
    case when coded < 0.5 * total then 'error' when coded < 0.9 * total then 'warning' else 'info' end as severity,
    coded / total as measured,
    case when coded < 0.5 * total then 0.5 else 0.9 end as threshold,
    printf('%d of %d encounters (%.1f%%) have a type code', coded, total, 100.0 * coded / total) as message
from encounters
where total > 0
