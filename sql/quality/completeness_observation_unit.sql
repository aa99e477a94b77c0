-- completeness_observation_unit: share of quantity values (observations and components) that
-- name their unit; a number without a unit cannot be compared with a threshold.
with quantities as (
    select o.value_unit
    from core.observation as o
    join quality_scope as s on s.provider = o.provider
    where o.value_type = 'Quantity' and o.value_quantity is not null
    union all
    select oc.value_unit
    from core.observation_component as oc
    join quality_scope as s on s.provider = oc.provider
    where oc.value_type = 'Quantity' and oc.value_quantity is not null
),

counts as (
    select count(*) as total, count(value_unit) as with_unit from quantities
)

select
    'completeness_observation_unit' as check_name,
    'completeness' as category,
    case when with_unit < 0.5 * total then 'error' when with_unit < 0.95 * total then 'warning' else 'info' end as severity,
    with_unit / total as measured,
    case when with_unit < 0.5 * total then 0.5 else 0.95 end as threshold,
    printf('%d of %d quantity values (%.1f%%) have a unit', with_unit, total, 100.0 * with_unit / total) as message
from counts
where total > 0
