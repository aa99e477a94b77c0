-- admin_feeds: every provider that sent files or has a feed run, with data freshness (the
-- last file loaded), its last feed run and the open data-quality findings.
-- Grain: one row per provider.
with providers as (
    select provider from meta.ingest_file
    union
    select feed from meta.feed_run
),

files as (
    select
        provider,
        max(finished_at) filter (where status = 'loaded') as last_loaded_at,
        count(*) filter (where status = 'loaded') as files_loaded,
        count(*) filter (where status = 'rejected') as files_rejected,
        coalesce(sum(resources), 0) as resources,
        coalesce(sum(rejected), 0) as records_rejected
    from meta.ingest_file
    group by provider
),

last_run as (
    select feed, started_at, finished_at, status, error
    from meta.feed_run
    qualify row_number() over (partition by feed order by started_at desc, run_id desc) = 1
),

findings as (
    select
        provider,
        count(*) filter (where severity = 'error') as open_errors,
        count(*) filter (where severity = 'warning') as open_warnings
    from meta.quality_finding
    where resolved_at is null
        and severity in ('error', 'warning')
        and run_id = (select max(q.run_id) from meta.quality_run as q where q.provider = quality_finding.provider)
    group by provider
)

select
    p.provider,
    f.last_loaded_at,
    coalesce(f.files_loaded, 0) as files_loaded,
    coalesce(f.files_rejected, 0) as files_rejected,
    coalesce(f.resources, 0) as resources,
    coalesce(f.records_rejected, 0) as records_rejected,
    lr.started_at as last_run_at,
    lr.status as last_run_status,
    lr.error as last_run_error,
    coalesce(q.open_errors, 0) as open_errors,
    coalesce(q.open_warnings, 0) as open_warnings
from providers as p
left join files as f
    on f.provider = p.provider
left join last_run as lr
    on lr.feed = p.provider
left join findings as q
    on q.provider = p.provider
order by p.provider
