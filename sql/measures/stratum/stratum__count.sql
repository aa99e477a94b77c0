-- measures.stratum__count: population counts per stratum of the persons of one build slice
-- (measures/build.go computes persons in slices; counts add up, see stratum__summary).
-- Grain: period_key x measure x group_index x stratifier x stratum, primary period only.
-- Each result row with its stratum under every stratifier: the platform stratifiers apply to
-- every measure group, a Measure's own stratifiers to its group.
with stratified as (
    select
        r.period_key, r.measure, r.group_index, s.stratifier, s.stratum, s.stratum_display,
        r.initial_population, r.denominator, r.denominator_exclusion, r.denominator_exception,
        r.numerator
    from measures.result as r
    join measures.stratum__person as s
        on s.period_key = r.period_key
        and s.person_id = r.person_id
    union all
    select
        r.period_key, r.measure, r.group_index, m.stratifier, m.stratum, m.stratum_display,
        r.initial_population, r.denominator, r.denominator_exclusion, r.denominator_exception,
        r.numerator
    from measures.result as r
    join measures.stratum__measure_defined as m
        on m.period_key = r.period_key
        and m.measure = r.measure
        and m.group_index = r.group_index
        and m.person_id = r.person_id
),

counts as (
    select
        period_key,
        measure,
        group_index,
        stratifier,
        stratum,
        max(stratum_display) as stratum_display,
        count(*) filter (where initial_population) as initial_population,
        count(*) filter (where denominator) as denominator,
        count(*) filter (where denominator and coalesce(denominator_exclusion, false)) as denominator_exclusion,
        count(*) filter (where denominator and coalesce(denominator_exception, false)) as denominator_exception,
        count(*) filter (where numerator) as numerator
    from stratified
    group by period_key, measure, group_index, stratifier, stratum
)

select
    period_key,
    measure,
    group_index,
    stratifier,
    stratum,
    stratum_display,
    initial_population,
    denominator,
    denominator_exclusion,
    denominator_exception,
    numerator
from counts
