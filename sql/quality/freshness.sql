-- freshness: days since the provider's last file loaded, at the run's as-of time.
with last_file as (
    select max(f.finished_at) as last_at, any_value(s.as_of) as as_of
    from meta.ingest_file as f
    join quality_scope as s on s.provider = f.provider
    where f.status = 'loaded'
),

days as (
    select date_diff('day', last_at, as_of) as age_days from last_file where last_at is not null
)

select
    'freshness' as check_name,
    'freshness' as category,
    case when age_days > 30 then 'warning' else 'info' end as severity,
    cast(age_days as double) as measured,
    30.0 as threshold,
    printf('the last file loaded %d days ago', age_days) as message
from days
