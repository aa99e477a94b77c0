-- admin_runs: the run history: compute runs, feed runs and scheduled job runs in one list,
-- newest first. Grain: one row per run. Parameter: limit.
select * from (
    select 'compute' as kind, cast(run_id as varchar) as name, started_at, finished_at, status,
        strftime(period_start, '%Y-%m-%d') || ' to ' || strftime(period_end, '%Y-%m-%d')
            || coalesce('; ' || error, '') as detail
    from meta.compute_run
    union all
    select 'feed', feed || ' #' || run_id, started_at, finished_at, status,
        files_loaded || ' loaded, ' || files_skipped || ' skipped, ' || files_quarantined
            || ' quarantined, ' || files_failed || ' failed; ' || resources || ' resources, '
            || rejects || ' rejected' || coalesce('; ' || error, '')
    from meta.feed_run
    union all
    select 'job', job, started_at, finished_at, status, coalesce(detail, '')
    from meta.job_run
)
order by started_at desc, kind, name
limit ?
