-- Check: measures.result has at most one row per period, measure, group and person, and the
-- reporting convention holds: nobody excluded is counted in the numerator, nobody outside the
-- initial population is in the denominator. Returns offending keys.
select period_key, measure, group_index, person_id
from measures.result
group by period_key, measure, group_index, person_id
having count(*) > 1
    or bool_or(denominator and not initial_population)
