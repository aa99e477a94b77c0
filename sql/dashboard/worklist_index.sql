-- worklist_index: every care gap of the latest build in worklist order (priority, due date,
-- gap key), the columns the worklist shows. The dashboard loads it once per compute run and
-- filters and pages it in memory (worklist_index.go): sorting 250,000 gaps for each page view
-- cost more than the page's latency budget. The filters mirror worklist_export.sql.
-- Grain: one row per gap.
select
    gap_key,
    person_id,
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
    coalesce(attributed_provider, provider) as worklist_provider,
    attributed_practitioner,
    risk_tier
from gaps.care_gap
order by priority_rank, due_date, gap_key
