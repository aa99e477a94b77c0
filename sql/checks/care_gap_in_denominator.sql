-- Check: every measure care gap belongs to a person in the primary period's denominator who is
-- neither excluded nor excepted, and every gap has plain-words wording. Returns offending gaps.
-- (Registry gaps are checked by care_gap_in_registry.)
select g.person_id, g.measure, g.group_index
from gaps.care_gap as g
left join measures.result as r
    on r.person_id = g.person_id
    and r.measure = g.measure
    and r.group_index = g.group_index
    and r.period_key = (select period_key from meta.parameters where is_primary limit 1)
where g.source_type = 'measure'
  and (r.person_id is null
    or not r.denominator
    or coalesce(r.denominator_exclusion, false)
    or coalesce(r.denominator_exception, false)
    or g.gap is null
    or g.action is null)
