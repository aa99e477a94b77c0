-- core.published_provider: the providers whose data measures may use.
-- Grain: provider.
-- Published: kept in the warehouse after the build, for the data-quality gate and feeds status.
-- A provider with loaded files is published unless its latest quality run (sql/quality/,
-- meta.quality_finding) has an error-level finding that nobody resolved
-- ('populace quality resolve'); a provider never checked is published.
with loaded as (
    select distinct provider
    from meta.ingest_file
    where status = 'loaded'
),

latest_run as (
    select provider, max(run_id) as run_id
    from meta.quality_run
    group by provider
),

blocked as (
    select distinct f.provider
    from meta.quality_finding as f
    join latest_run as r
        on r.provider = f.provider
        and r.run_id = f.run_id
    where f.severity = 'error'
        and f.resolved_at is null
)

select l.provider
from loaded as l
where l.provider not in (select provider from blocked)
