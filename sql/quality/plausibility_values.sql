-- plausibility_values: blood pressure, vital signs and lab values outside their physical
-- range (ref.plausible_range, judged only in the range's unit), observations and components.
with valued as (
    select c.code, o.value_quantity as value, o.value_unit as unit
    from core.observation as o
    join quality_scope as s on s.provider = o.provider
    join core.coding as c
        on c.provider = o.provider and c.resource_type = 'Observation' and c.id = o.id
        and c.element = 'code' and c.system = 'http://loinc.org'
    where o.value_quantity is not null
    union all
    select c.code, oc.value_quantity, oc.value_unit
    from core.observation_component as oc
    join quality_scope as s on s.provider = oc.provider
    join core.coding as c
        on c.provider = oc.provider and c.resource_type = 'Observation' and c.id = oc.id
        and c.element = 'component.code' and c.seq = oc.seq and c.system = 'http://loinc.org'
    where oc.value_quantity is not null
),

judged as (
    select v.value not between p.low and p.high as is_implausible
    from valued as v
    join ref.plausible_range as p
        on p.code = v.code and (v.unit is null or v.unit = p.unit)
),

counts as (
    select count(*) as total, count(*) filter (where is_implausible) as implausible from judged
)

select
    'plausibility_values' as check_name,
    'plausibility' as category,
    case when implausible > 0.05 * total then 'error' when implausible > 0 then 'warning' else 'info' end as severity,
    implausible / total as measured,
    case when implausible > 0.05 * total then 0.05 else 0 end as threshold,
    printf('%d of %d blood pressure, vital sign and lab values (%.2f%%) are outside their physical range',
        implausible, total, 100.0 * implausible / total) as message
from counts
where total > 0
