-- stratum_summary: population counts and rate by stratum in the primary period of one compute
-- run (measures.stratum_summary_history): a measure page's breakdowns, the practices compared
-- on the overview and one practice's scorecard. An empty filter matches everything.
-- Grain: one row per measure, group, stratifier and stratum.
-- Parameters: run_id, measure, measure, stratifier, stratifier, stratum, stratum.
select
    measure,
    group_index,
    stratifier,
    stratum,
    coalesce(stratum_display, '') as stratum_display,
    initial_population,
    denominator,
    denominator_exclusion,
    denominator_exception,
    numerator,
    performance_rate
from measures.stratum_summary_history
where run_id = ?
  and period_key = 'primary'
  and (? = '' or measure = ?)
  and (? = '' or stratifier = ?)
  and (? = '' or stratum = ?)
order by measure, group_index, stratifier, denominator desc, stratum
