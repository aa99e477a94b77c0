-- measure_summary: population counts and performance rate of every measure for the primary
-- (requested) measurement period of one compute run.
-- Grain: one row per measure and group. Parameter: run_id.
select
    measure,
    group_index,
    period_start,
    period_end,
    initial_population,
    denominator,
    denominator_exclusion,
    denominator_exception,
    numerator,
    performance_rate
from measures.summary_history
where run_id = ?
  and period_key = 'primary'
order by measure, group_index
