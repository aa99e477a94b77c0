-- Check: the gap lifecycle is sound: at most one open episode per gap, no episode closes
-- before it opens, and no closed episode overlaps a later one of the same gap. Returns
-- offending gap keys.
with episode as (
    select
        gap_key,
        opened_run,
        closed_run,
        lead(opened_run) over (partition by gap_key order by opened_run) as next_opened_run
    from gaps.gap_episode
)

select gap_key
from episode
group by gap_key
having count(*) filter (where closed_run is null) > 1
    or bool_or(closed_run is not null and closed_run < opened_run)
    or bool_or(next_opened_run is not null and (closed_run is null or closed_run > next_opened_run))
