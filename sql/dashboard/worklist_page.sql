-- worklist_page: one page of the care-gap worklist, measure and registry gaps alike, with each
-- gap's workflow state: most urgent first (priority, then due date), then the stable gap key.
-- A care coordinator's scope is their providers: a gap belongs to the attributed provider, or
-- to the reporting provider of a person attributed to nobody.
-- Grain: one row per gap. Parameters: today (snoozes end), scope x2 ('*' = all, else
-- comma-separated providers), source x2, provider x2, status x3 ('' = all, 'active' = open,
-- outreach attempted or scheduled, or one status or 'snoozed'), overdue_only, risk_tier x2,
-- assignee x2, limit, offset.
with listed as (
    select
        g.gap_key,
        g.person_id,
        g.provider,
        g.patient_id,
        g.source_type,
        g.source,
        g.gap_kind,
        g.gap,
        g.action,
        g.priority,
        g.priority_rank,
        g.opened_date,
        g.due_date,
        g.overdue_since,
        g.evidence_date,
        g.evidence_code,
        g.evidence_value,
        coalesce(g.attributed_provider, g.provider) as worklist_provider,
        g.attributed_practitioner,
        g.risk_tier,
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
    person_id,
    provider,
    patient_id,
    source_type,
    source,
    gap_kind,
    gap,
    action,
    priority,
    opened_date,
    due_date,
    overdue_since,
    evidence_date,
    evidence_code,
    evidence_value,
    worklist_provider,
    attributed_practitioner,
    risk_tier,
    workflow_status,
    status_reason,
    assignee,
    snoozed_until
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
limit ? offset ?
