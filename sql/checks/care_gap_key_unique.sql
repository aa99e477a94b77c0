-- Check: a care gap is one row: gap_key is unique and made of its parts, every gap has a
-- source type, a priority and a due date. Returns offending keys.
select gap_key
from gaps.care_gap
group by gap_key
having count(*) > 1
    or bool_or(gap_key <> person_id || '|' || source_type || '|' || source || '|' || gap_kind)
    or bool_or(source_type not in ('measure', 'registry'))
    or bool_or(priority is null or due_date is null)
