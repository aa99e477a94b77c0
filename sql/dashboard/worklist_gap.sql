-- worklist_gap: one care gap, found by its key, with the provider whose worklist it is on
-- (checked against the account's scope by the caller).
-- Grain: zero or one row. Parameters: gap key (the dashboard maps the opaque id of the URL to it
-- in memory: opaque_lookup.go).
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
    g.opened_date,
    g.due_date,
    g.overdue_since,
    g.evidence_date,
    g.evidence_code,
    g.evidence_value,
    coalesce(g.attributed_provider, g.provider) as worklist_provider,
    g.attributed_practitioner,
    g.risk_tier
from gaps.care_gap as g
where g.gap_key = ?
