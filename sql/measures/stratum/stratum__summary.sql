-- measures.stratum__summary: population counts and performance rate per stratum.
-- Grain: period_key x measure x group_index x stratifier x stratum, primary period only
-- (strata with at least one person; a stratifier's strata partition the group's initial
-- population).
-- Published: kept in the warehouse after the build, for the run history and the checks.
-- Network: built once after every person slice, from the slices' counts (stratum__count).
-- Counts follow measures.summary: exclusions and exceptions are counted within the
-- denominator; rate = numerator / (denominator - exclusions - exceptions).
with counts as (
    select
        period_key,
        measure,
        group_index,
        stratifier,
        stratum,
        max(stratum_display) as stratum_display,
        cast(sum(initial_population) as bigint) as initial_population,
        cast(sum(denominator) as bigint) as denominator,
        cast(sum(denominator_exclusion) as bigint) as denominator_exclusion,
        cast(sum(denominator_exception) as bigint) as denominator_exception,
        cast(sum(numerator) as bigint) as numerator
    from measures.stratum__count
    group by period_key, measure, group_index, stratifier, stratum
)

select
    n.period_key,
    mp.period_start,
    mp.period_end,
    n.measure,
    n.group_index,
    n.stratifier,
    n.stratum,
    n.stratum_display,
    n.initial_population,
    n.denominator,
    n.denominator_exclusion,
    n.denominator_exception,
    n.numerator,
    n.numerator / nullif(n.denominator - n.denominator_exclusion - n.denominator_exception, 0) as performance_rate
from counts as n
join measures.shared__measurement_period as mp
    on mp.period_key = n.period_key
