-- gap_closed_list: gaps whose latest episode is closed (new data met them, or the person left
-- the source), as the last run that found them open described them, with their workflow state
-- (kept). A provider filter works as in gap_list. Parameters: provider, provider.
with last_episode as (
    select
        gap_key,
        arg_max(closed_run, opened_run) as closed_run,
        arg_max(closed_at, opened_run) as closed_at,
        arg_max(close_reason, opened_run) as close_reason
    from gaps.gap_episode
    group by gap_key
),

last_seen as (
    select h.*
    from gaps.gap_history as h
    join (
        select gap_key, max(run_id) as run_id
        from gaps.gap_history
        group by gap_key
    ) as m
        on m.gap_key = h.gap_key
        and m.run_id = h.run_id
)

select
    h.provider,
    h.patient_id,
    h.person_id,
    h.gap_key,
    h.source_type,
    h.source,
    cast(h.group_index as varchar) as group_index,
    h.gap_kind,
    h.gap,
    h.action,
    h.priority,
    cast(h.opened_date as varchar) as opened_date,
    cast(h.due_date as varchar) as due_date,
    cast(null as varchar) as overdue_since,
    cast(h.evidence_date as varchar) as evidence_date,
    h.evidence_code,
    h.evidence_value,
    h.attributed_provider,
    h.attributed_practitioner_id,
    h.risk_tier,
    'closed' as status,
    w.status_reason,
    w.assignee,
    cast(w.snoozed_until as varchar) as snoozed_until,
    cast(coalesce(n.notes, 0) as varchar) as notes,
    strftime(w.updated_at, '%Y-%m-%dT%H:%M:%SZ') as workflow_updated_at,
    w.updated_by as workflow_updated_by,
    cast(cast(e.closed_at as date) as varchar) as closed_date,
    e.close_reason
from last_episode as e
join last_seen as h
    on h.gap_key = e.gap_key
left join gaps.workflow as w
    on w.gap_key = e.gap_key
left join (
    select gap_key, count(*) as notes
    from gaps.workflow_note
    group by gap_key
) as n
    on n.gap_key = e.gap_key
where e.closed_run is not null
    and (? = '' or coalesce(h.attributed_provider, h.provider) = ?)
order by e.closed_at desc, h.provider, h.patient_id, h.gap_key
