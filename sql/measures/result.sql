-- measures.result: every measure's patient-level result for every period of the build.
-- Grain: period_key x measure x group_index x person_id.
-- (Placeholder until the measure models land: no rows, the final columns.)
select
    cast(null as varchar) as period_key,
    cast(null as varchar) as measure,
    cast(null as integer) as group_index,
    cast(null as varchar) as person_id,
    cast(null as boolean) as initial_population,
    cast(null as boolean) as denominator,
    cast(null as boolean) as denominator_exclusion,
    cast(null as boolean) as denominator_exception,
    cast(null as boolean) as numerator,
    cast(null as varchar) as exclusion_reason,
    cast(null as date) as evidence_date,
    cast(null as varchar) as evidence_code,
    cast(null as varchar) as evidence_value
where false
