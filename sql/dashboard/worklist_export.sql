-- worklist_export: every gap the worklist's filters keep, as the CSV export writes them (all
-- text): the same rows and order as worklist_page, without paging. Pseudonymous ids only.
-- Grain: one row per gap. Parameters: as worklist_page without limit and offset.
with listed as (
    select
        g.*,
        coalesce(g.attributed_provider, g.provider) as worklist_provider,
        case
            when w.snoozed_until > cast(? as date) then 'snoozed'
            else coalesce(w.status, 'open')
        end as workflow_status,
        w.status_reason,
        w.assignee,
        w.snoozed_until
    from gaps.care_gap as g
    left join gaps.workflow as w
        on w.gap_key = g.gap_key
)

select
    gap_key,
    worklist_provider as provider,
    provider as reporting_provider,
    patient_id,
    person_id,
    source_type,
    source,
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
    attributed_practitioner,
    risk_tier,
    workflow_status as status,
    status_reason,
    assignee,
    cast(snoozed_until as varchar) as snoozed_until
from listed
where (? = '*' or list_contains(string_split(?, ','), worklist_provider))
    and (? = '' or source = ?)
    and (? = '' or worklist_provider = ?)
    and (? = '' or workflow_status = ?
         or (? = 'active' and workflow_status in ('open', 'outreach_attempted', 'scheduled')))
    and (not ? or overdue_since is not null)
    and (? = '' or risk_tier = ?)
    and (? = '' or assignee = ?)
order by priority_rank, due_date, gap_key
