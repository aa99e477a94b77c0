-- measure_change: each measure group's primary-period counts in one compute run beside those
-- of the last period: the rolling 12-month period ending a month earlier in the same run, or,
-- when the run has none, the primary period of the previous succeeded run.
-- Grain: one row per measure and group of the run. Parameter: run_id.
with run as (
    select cast(? as bigint) as run_id
),

current_period as (
    select
        measure, group_index, period_start, period_end, denominator, denominator_exclusion,
        denominator_exception, numerator, performance_rate
    from measures.summary_history
    where run_id = (select run_id from run)
      and period_key = 'primary'
),

-- The rolling period ending at the last day of the month before the primary period ends.
previous_month as (
    select
        s.measure, s.group_index, s.period_start, s.period_end, s.denominator,
        s.denominator_exclusion, s.denominator_exception, s.numerator, s.performance_rate
    from measures.summary_history as s
    join current_period as c
        on c.measure = s.measure
        and c.group_index = s.group_index
    where s.run_id = (select run_id from run)
      and starts_with(s.period_key, 'm')
      and s.period_end = cast(last_day(c.period_end - interval 1 month) as date)
),

previous_run as (
    select
        s.measure, s.group_index, s.period_start, s.period_end, s.denominator,
        s.denominator_exclusion, s.denominator_exception, s.numerator, s.performance_rate
    from measures.summary_history as s
    where s.period_key = 'primary'
      and s.run_id = (
          select max(r.run_id)
          from meta.compute_run as r
          where r.status = 'succeeded'
            and r.run_id < (select run_id from run)
      )
),

previous as (
    select 'month' as basis, m.* from previous_month as m
    union all
    select 'run' as basis, r.* from previous_run as r
    where not exists (
        select 1 from previous_month as m
        where m.measure = r.measure and m.group_index = r.group_index
    )
)

select
    c.measure,
    c.group_index,
    c.denominator,
    c.denominator_exclusion,
    c.denominator_exception,
    c.numerator,
    c.performance_rate,
    p.basis,
    p.period_start,
    p.period_end,
    p.denominator,
    p.denominator_exclusion,
    p.denominator_exception,
    p.numerator,
    p.performance_rate
from current_period as c
left join previous as p
    on p.measure = c.measure
    and p.group_index = c.group_index
order by c.measure, c.group_index
