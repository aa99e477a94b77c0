-- measure_trend: the monthly trend of one compute run: the rolling 12-month periods
-- ('mYYYY-MM' keys) ending at each month end; period_end is the chart's x axis.
-- Grain: one row per measure, group and month. Parameter: run_id.
select
    measure,
    group_index,
    period_start,
    period_end,
    denominator,
    numerator,
    performance_rate
from measures.summary_history
where run_id = ?
  and starts_with(period_key, 'm')
order by period_end, measure, group_index
