-- Check: in a measure where the numerator is a subset of the denominator, no person is in the
-- numerator without being in the denominator, and nobody is in the denominator without being
-- in the initial population. Returns offending rows (none when the build is sound).
select period_key, measure, group_index, person_id
from measures.result
where (numerator and not denominator)
   or (denominator and not initial_population)
