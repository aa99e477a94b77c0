-- conformance_lab_ucum: laboratory quantities must carry a UCUM unit
-- (Quantity.system http://unitsofmeasure.org with a code), as US Core requires.
-- One pass over the provider's stored Observations (a laboratory category code and a
-- valueQuantity): joining core.observation, core.coding and raw.resource instead ran out of
-- memory under the ingest's 256MB cap once a provider had millions of observations.
with labs as (
    select
        json_extract_string(r.resource, '$.valueQuantity.system') = 'http://unitsofmeasure.org'
            and json_extract_string(r.resource, '$.valueQuantity.code') is not null as is_ucum
    from raw.resource as r
    join quality_scope as s on s.provider = r.provider
    where r.resource_type = 'Observation'
        and json_exists(r.resource, '$.valueQuantity')
        and list_contains(json_extract_string(r.resource, '$.category[*].coding[*].code'), 'laboratory')
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
