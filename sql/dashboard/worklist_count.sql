-- worklist_count: how many care gaps (measure and registry alike) the worklist's filters keep.
-- Grain: one row. Parameters (as worklist_page): today, scope x2, source x2, provider x2,
-- status x3, overdue_only, risk_tier x2, assignee x2.
with listed as (
    select
        coalesce(g.attributed_provider, g.provider) as worklist_provider,
        g.source,
        g.overdue_since,
        g.risk_tier,
        case
            when w.snoozed_until > cast(? as date) then 'snoozed'
            else coalesce(w.status, 'open')
        end as workflow_status,
        w.assignee
    from gaps.care_gap as g
    left join gaps.workflow as w
        on w.gap_key = g.gap_key
)

select count(*) as gaps
from listed
where (? = '*' or list_contains(string_split(?, ','), worklist_provider))
    and (? = '' or source = ?)
    and (? = '' or worklist_provider = ?)
    and (? = '' or workflow_status = ?
         or (? = 'active' and workflow_status in ('open', 'outreach_attempted', 'scheduled')))
    and (not ? or overdue_since is not null)
    and (? = '' or risk_tier = ?)
    and (? = '' or assignee = ?)
