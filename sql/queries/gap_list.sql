-- gap_list: the care gaps of the latest build with their workflow state, most urgent first.
-- status is the workflow status, or 'snoozed' while snoozed_until is after today.
-- A provider filter matches the attributed provider, or the reporting provider of a person
-- nobody is attributed to. Parameters: today, provider, provider, status, status.
with listed as (
    select
        g.*,
        case
            when w.snoozed_until > cast(? as date) then 'snoozed'
            else coalesce(w.status, 'open')
        end as workflow_status,
        w.status_reason,
        w.assignee,
        w.snoozed_until,
        w.updated_at,
        w.updated_by,
        n.notes
    from gaps.care_gap as g
    left join gaps.workflow as w
        on w.gap_key = g.gap_key
    left join (
        select gap_key, count(*) as notes
        from gaps.workflow_note
        group by gap_key
    ) as n
        on n.gap_key = g.gap_key
)

select
    provider,
    patient_id,
    person_id,
    gap_key,
    source_type,
    source,
    cast(group_index as varchar) as group_index,
    gap_kind,
    gap,
    action,
    priority,
    cast(opened_date as varchar) as opened_date,
    cast(due_date as varchar) as due_date,
    cast(overdue_since as varchar) as overdue_since,
    cast(evidence_date as varchar) as evidence_date,
    evidence_code,
    evidence_value,
    attributed_provider,
    attributed_practitioner_id,
    risk_tier,
    workflow_status as status,
    status_reason,
    assignee,
    cast(snoozed_until as varchar) as snoozed_until,
    cast(coalesce(notes, 0) as varchar) as notes,
    strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') as workflow_updated_at,
    updated_by as workflow_updated_by,
    cast(null as varchar) as closed_date,
    cast(null as varchar) as close_reason
from listed
where (? = '' or coalesce(attributed_provider, provider) = ?)
    and (? = '' or workflow_status = ?)
order by priority_rank, due_date, provider, patient_id, gap_key
