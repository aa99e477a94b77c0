-- Check, after the runner has kept the gap history of a run: no gap is both open and closed.
-- Every gap of the build has exactly one open episode, and every open episode is a gap of the
-- build. Returns offending gap keys.
with open_episode as (
    select gap_key, count(*) as n
    from gaps.gap_episode
    where closed_run is null
    group by gap_key
)

select coalesce(g.gap_key, e.gap_key) as gap_key
from gaps.care_gap as g
full join open_episode as e
    on e.gap_key = g.gap_key
where g.gap_key is null
   or e.gap_key is null
   or e.n <> 1
