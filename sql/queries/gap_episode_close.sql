-- gap_episode_close: closes the open episode of every gap the latest build no longer finds.
-- close_reason is 'met' when the person is still in the gap's source (the measure's
-- denominator, not excluded or excepted, or the registry) - new data met the gap - and
-- 'left_source' otherwise, by the results this run keeps (measures.result_history, written
-- earlier in the same transaction). Parameters: run_id, closed_at, run_id.
update gaps.gap_episode as e
set closed_run = ?,
    closed_at = ?,
    close_reason = case
        when exists (
            select 1
            from measures.result_history as r
            where e.source_type = 'measure'
                and r.run_id = ?
                and r.period_key = 'primary'
                and r.person_id = e.person_id
                and r.measure = e.source
                and r.denominator
                and not coalesce(r.denominator_exclusion, false)
                and not coalesce(r.denominator_exception, false)
        ) then 'met'
        when exists (
            select 1
            from registries.condition_status as cs
            where e.source_type = 'registry'
                and cs.person_id = e.person_id
                and cs.condition = e.source
                and cs.is_in_registry
        ) then 'met'
        else 'left_source'
    end
where e.closed_run is null
    and not exists (select 1 from gaps.care_gap as g where g.gap_key = e.gap_key)
