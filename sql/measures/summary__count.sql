-- measures.summary__count: population counts per period, measure and group, of the persons
-- of one build slice (measures/build.go computes persons in slices; counts add up).
-- Grain: period_key x measure x group_index (groups with at least one result row).
with counts as (
    select
        r.period_key,
        r.measure,
        r.group_index,
        count(*) filter (where r.initial_population) as initial_population,
        count(*) filter (where r.denominator) as denominator,
        count(*) filter (where r.denominator and coalesce(r.denominator_exclusion, false)) as denominator_exclusion,
        count(*) filter (where r.denominator and coalesce(r.denominator_exception, false)) as denominator_exception,
        count(*) filter (where r.numerator) as numerator
    from measures.result as r
    group by r.period_key, r.measure, r.group_index
)

select
    period_key,
    measure,
    group_index,
    initial_population,
    denominator,
    denominator_exclusion,
    denominator_exception,
    numerator
from counts
