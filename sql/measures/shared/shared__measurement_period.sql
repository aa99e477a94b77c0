-- measures.shared__measurement_period: the measurement periods of the build in progress.
-- Grain: period_key.
-- Published: kept in the warehouse after the build, for anyone reading period keys after the build.
-- Implements the CQL parameter "Measurement Period": Interval[period_start 00:00:00.000,
-- period_end 23:59:59.999] UTC. Every measure relation is keyed by period_key, so one build
-- evaluates the primary period and every rolling trend period together. A trend period
-- identical to another (same_as: a calendar-year primary is its December's) is left out and
-- reported with that period's counts (measures.summary).

-- The build in progress is the latest run that wrote parameters.
with current_run as (
    select max(run_id) as run_id
    from meta.parameters
)

select
    p.period_key,
    p.period_start,
    p.period_end,
    p.is_primary,
    cast(p.period_start as timestamp) as period_start_at,
    cast(p.period_end as timestamp) + interval '23 hours 59 minutes 59.999 seconds' as period_end_at
from meta.parameters as p
join current_run as r
    on r.run_id = p.run_id
where p.same_as is null
