-- person_gaps: one person's open care gaps with their workflow state, most urgent first.
-- Grain: one row per gap. Parameters: today, person_id.
select
    g.gap_key,
    g.source_type,
    g.source,
    g.gap,
    g.action,
    g.priority,
    g.due_date,
    g.overdue_since,
    g.evidence_date,
    g.evidence_value,
    case
        when w.snoozed_until > cast(? as date) then 'snoozed'
        else coalesce(w.status, 'open')
    end as workflow_status,
    w.assignee
from gaps.care_gap as g
left join gaps.workflow as w
    on w.gap_key = g.gap_key
where g.person_id = ?
order by g.priority_rank, g.due_date, g.gap_key
