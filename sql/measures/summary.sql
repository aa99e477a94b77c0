-- measures.summary: population counts and performance rate per period, measure and group.
-- Grain: period_key x measure x group_index (every catalog group for every period, zero
-- counts included, so a chart never silently drops a month).
-- Published: kept in the warehouse after the build, for the run history and the checks.
-- Network: built once after every person slice, from the slices' counts (summary__count).
-- Performance rate (eCQM proportion measure): numerator / (denominator - exclusions -
-- exceptions). For an inverse measure (improvement 'decrease') lower is better. A period the
-- build did not evaluate because it is the same as another (meta.parameters.same_as) reports
-- that period's counts.
with counts as (
    select
        period_key,
        measure,
        group_index,
        cast(sum(initial_population) as bigint) as initial_population,
        cast(sum(denominator) as bigint) as denominator,
        cast(sum(denominator_exclusion) as bigint) as denominator_exclusion,
        cast(sum(denominator_exception) as bigint) as denominator_exception,
        cast(sum(numerator) as bigint) as numerator
    from measures.summary__count
    group by period_key, measure, group_index
)

select
    p.period_key,
    p.period_start,
    p.period_end,
    c.measure,
    c.group_index,
    coalesce(n.initial_population, 0) as initial_population,
    coalesce(n.denominator, 0) as denominator,
    coalesce(n.denominator_exclusion, 0) as denominator_exclusion,
    coalesce(n.denominator_exception, 0) as denominator_exception,
    coalesce(n.numerator, 0) as numerator,
    n.numerator / nullif(n.denominator - n.denominator_exclusion - n.denominator_exception, 0) as performance_rate
from meta.parameters as p
cross join measures.catalog as c
left join counts as n
    on n.period_key = coalesce(p.same_as, p.period_key)
    and n.measure = c.measure
    and n.group_index = c.group_index
