-- gap_history_insert: keeps every open gap of a successful run in gaps.gap_history.
-- Parameter: run_id.
insert into gaps.gap_history
select
    ?,
    gap_key, person_id, source_type, source, gap_kind, provider, patient_id, measure, group_index,
    period_start, period_end, gap, action, opened_date, due_date, priority, evidence_date,
    evidence_code, evidence_value, attributed_provider, attributed_practitioner_id, risk_tier
from gaps.care_gap
