-- Check: measures.result has at most one row per period, measure, group and person. (The
-- reporting conventions, numerator within denominator within initial population and nobody
-- excluded counted, are checked by numerator_within_denominator and excluded_not_counted.)
-- Returns offending keys.
select period_key, measure, group_index, person_id
from measures.result
group by period_key, measure, group_index, person_id
having count(*) > 1
