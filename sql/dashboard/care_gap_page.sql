-- care_gap_page: one page of a measure's care gaps with their evidence. People with no
-- result in the period come first, then the oldest evidence: the most overdue first.
-- Pseudonymous ids only (person_id, provider patient id); the warehouse holds no names.
-- Grain: one row per gap. Parameters: measure, providers (comma-separated worklist scope;
-- '*' = all), limit, offset.
select
    person_id,
    provider,
    patient_id,
    group_index,
    period_start,
    period_end,
    gap,
    action,
    evidence_date,
    evidence_code,
    evidence_value,
    age,
    gender
from gaps.care_gap
where measure = ?
  and (? = '*' or list_contains(string_split(?, ','), provider))
order by evidence_date asc nulls first, provider, patient_id, person_id, group_index
limit ? offset ?
