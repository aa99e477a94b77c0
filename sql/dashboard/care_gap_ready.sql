-- care_gap_ready: whether gaps.care_gap has been built with the columns the gap list reads
-- (the measure runner builds it; before the first compute it is missing or a placeholder).
-- Grain: one row; is_ready is true when every column is present.
select count(*) = 14 as is_ready
from information_schema.columns
where table_schema = 'gaps'
  and table_name = 'care_gap'
  and column_name in (
      'person_id', 'provider', 'patient_id', 'measure', 'group_index', 'period_start',
      'period_end', 'gap', 'action', 'evidence_date', 'evidence_code', 'evidence_value',
      'age', 'gender'
  )
