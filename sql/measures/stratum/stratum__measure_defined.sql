-- measures.stratum__measure_defined: the strata of the stratifiers a Measure defines itself
-- (Measure.group.stratifier with criteria), per person in the group's initial population,
-- for the primary period (as measures.stratum__person).
-- Grain: period_key x measure x group_index x person_id x stratifier (the stratifier id).
-- Published: kept in the warehouse after the build, for the MeasureReport export and its tests.
-- Implements the age-interval stratifiers of measures.catalog_stratifier, e.g. CMS130
-- "Stratification 1": AgeInYearsAt(date from end of "Measurement Period") in Interval[46, 49].
-- Stratum 'true' when the criteria hold, else 'false'; without a birth date, 'false'.
-- A Measure with another kind of stratifier adds a relation with these columns and a
-- `union all` line here.
select
    cast(r.period_key as varchar) as period_key,
    cast(r.measure as varchar) as measure,
    cast(r.group_index as integer) as group_index,
    cast(r.person_id as varchar) as person_id,
    cast(cs.stratifier_id as varchar) as stratifier,
    cast(case when coalesce(a.age_years between cs.age_min and cs.age_max, false) then 'true' else 'false' end as varchar)
        as stratum,
    cast(null as varchar) as stratum_display
from measures.result as r
join measures.catalog_stratifier as cs
    on cs.measure = r.measure
    and cs.group_index = r.group_index
join measures.shared__measurement_period as mp
    on mp.period_key = r.period_key
left join measures.shared__age_at_period_end as a
    on a.period_key = r.period_key
    and a.person_id = r.person_id
where r.initial_population
    and mp.is_primary
