-- conformance_dates: records rejected at ingest because a date, dateTime or instant was not
-- a valid FHIR date (reason invalid_date), as a share of the provider's records.
with rejected as (
    select count(*) as invalid
    from meta.ingest_reject as r
    join quality_scope as s on s.provider = r.provider
    where r.reason_code = 'invalid_date'
),

loaded as (
    select count(*) as total
    from raw.resource as r
    join quality_scope as s on s.provider = r.provider
),

counts as (
    select rejected.invalid, loaded.total + rejected.invalid as total
    from rejected, loaded
)

select
    'conformance_dates' as check_name,
    'conformance' as category,
    case when invalid > 0.05 * total then 'error' when invalid > 0 then 'warning' else 'info' end as severity,
    invalid / total as measured,
    case when invalid > 0.05 * total then 0.05 else 0 end as threshold,
    printf('%d of %d records (%.2f%%) were rejected for an invalid date', invalid, total, 100.0 * invalid / total) as message
from counts
where total > 0
