-- Check: every stratifier's strata partition its measure group's initial population. For each
-- period, measure group and stratifier, the strata's counts add up to the group's counts in
-- measures.summary. Returns the offending (period, measure, group, stratifier) rows.
with stratum_total as (
    select
        period_key,
        measure,
        group_index,
        stratifier,
        sum(initial_population) as initial_population,
        sum(denominator) as denominator,
        sum(numerator) as numerator
    from measures.stratum__summary
    group by period_key, measure, group_index, stratifier
)

select
    t.period_key,
    t.measure,
    t.group_index,
    t.stratifier
from stratum_total as t
join measures.summary as s
    on s.period_key = t.period_key
    and s.measure = t.measure
    and s.group_index = t.group_index
where t.initial_population <> s.initial_population
    or t.denominator <> s.denominator
    or t.numerator <> s.numerator
