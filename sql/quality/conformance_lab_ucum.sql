-- conformance_lab_ucum: laboratory quantities must carry a UCUM unit
-- (Quantity.system http://unitsofmeasure.org with a code), as US Core requires.
with labs as (
    select json_extract_string(r.resource, '$.valueQuantity.system') = 'http://unitsofmeasure.org'
        and json_extract_string(r.resource, '$.valueQuantity.code') is not null as is_ucum
    from core.observation as o
    join quality_scope as s on s.provider = o.provider
    join core.coding as c
        on c.provider = o.provider and c.resource_type = 'Observation' and c.id = o.id
        and c.element = 'category' and c.code = 'laboratory'
    join raw.resource as r
        on r.provider = o.provider and r.resource_type = 'Observation' and r.id = o.id
    where o.value_type = 'Quantity'
),

counts as (
    select count(*) as total, count(*) filter (where is_ucum) as ucum from labs
)

select
    'conformance_lab_ucum' as check_name,
    'conformance' as category,
    case when ucum < 0.5 * total then 'error' when ucum < 0.95 * total then 'warning' else 'info' end as severity,
    ucum / total as measured,
    case when ucum < 0.5 * total then 0.5 else 0.95 end as threshold,
    printf('%d of %d laboratory quantities (%.1f%%) carry a UCUM unit', ucum, total, 100.0 * ucum / total) as message
from counts
where total > 0
