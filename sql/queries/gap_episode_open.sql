-- gap_episode_open: opens an episode for every gap of the latest build without an open one.
-- Parameters: run_id, opened_at.
insert into gaps.gap_episode (gap_key, person_id, source_type, source, gap_kind, opened_run, opened_at)
select g.gap_key, g.person_id, g.source_type, g.source, g.gap_kind, ?, ?
from gaps.care_gap as g
where not exists (
    select 1
    from gaps.gap_episode as e
    where e.gap_key = g.gap_key
        and e.closed_run is null
)
