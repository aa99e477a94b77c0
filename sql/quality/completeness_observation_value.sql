-- completeness_observation_value: share of completed observations that carry a value.
-- Panels (hasMember), observations not done and those with a dataAbsentReason are not judged.
with judged as (
    select o.value_type
    from core.observation as o
    join quality_scope as s on s.provider = o.provider
    where o.status in ('final', 'amended', 'corrected', 'preliminary')
        and not coalesce(o.has_member, false)
        and not coalesce(o.not_done, false)
        and o.data_absent_reason is null
        and not exists (
            select 1 from core.observation_component as oc
            where oc.provider = o.provider and oc.id = o.id
        )
),

counts as (
    select count(*) as total, count(value_type) as valued from judged
)

select
    'completeness_observation_value' as check_name,
    'completeness' as category,
    case when valued < 0.5 * total then 'error' when valued < 0.9 * total then 'warning' else 'info' end as severity,
    valued / total as measured,
    case when valued < 0.5 * total then 0.5 else 0.9 end as threshold,
    printf('%d of %d completed observations (%.1f%%) have a value', valued, total, 100.0 * valued / total) as message
from counts
where total > 0
