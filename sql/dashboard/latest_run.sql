-- latest_run: the latest succeeded compute run, which every dashboard page reports on.
-- Grain: zero or one row (zero before the first successful `populace compute`).
select
    run_id,
    period_start,
    period_end,
    started_at,
    coalesce(finished_at, started_at) as finished_at
from meta.compute_run
where status = 'succeeded'
order by run_id desc
limit 1
