-- Check: a person excluded from (or excepted out of) the denominator is not counted in the
-- numerator of the same period, measure and group. Returns offending rows.
select period_key, measure, group_index, person_id
from measures.result
where numerator
  and (coalesce(denominator_exclusion, false) or coalesce(denominator_exception, false))
