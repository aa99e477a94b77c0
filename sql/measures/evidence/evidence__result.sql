-- measures.evidence__result: the evidence every measure's result carries, as evidence rows.
-- Grain: measure x group_index x person_id x population, primary period only.
-- From the fixed columns of measures.result (exclusion_reason, evidence_date/code/value):
--   denominator-exclusion / denominator-exception: the person is out of the denominator;
--     the reason, and the date and code of the record that excluded them.
--   numerator: for a person counted in the denominator (not excluded or excepted), the
--     numerator evidence whether or not it put them in: e.g. the most recent HbA1c and its
--     value, or 'no result in period'.
-- The code's system and display are looked up in the imported value sets and the measures'
-- direct-reference codes (the first system in name order when a code is in several).

-- Results of the primary period.
with primary_result as (
    select r.*
    from measures.result as r
    join measures.shared__measurement_period as mp
        on mp.period_key = r.period_key
    where mp.is_primary
),

-- Known codes with their system and display.
known_code as (
    select
        code,
        min(system) as code_system,
        arg_min(display, case when system is not null then (system, display) end) as display
    from (
        select system, code, display from ref.valueset_code
        union all
        select system, code, display from ref.concept
    )
    group by code
),

evidence as (
    -- Out of the denominator: excluded or excepted, with the reason.
    select
        period_key,
        measure,
        group_index,
        person_id,
        case when coalesce(denominator_exclusion, false) then 'denominator-exclusion' else 'denominator-exception' end
            as population,
        true as is_in_population,
        evidence_date,
        evidence_code,
        evidence_value,
        exclusion_reason as reason
    from primary_result
    where coalesce(denominator_exclusion, false) or coalesce(denominator_exception, false)
    union all
    -- Counted in the denominator: what decided the numerator.
    select
        period_key,
        measure,
        group_index,
        person_id,
        'numerator' as population,
        numerator as is_in_population,
        evidence_date,
        evidence_code,
        evidence_value,
        cast(null as varchar) as reason
    from primary_result
    where denominator
        and not coalesce(denominator_exclusion, false)
        and not coalesce(denominator_exception, false)
)

select
    cast(e.period_key as varchar) as period_key,
    cast(e.measure as varchar) as measure,
    cast(e.group_index as integer) as group_index,
    cast(e.person_id as varchar) as person_id,
    cast(e.population as varchar) as population,
    e.is_in_population,
    cast(e.evidence_date as date) as evidence_date,
    cast(k.code_system as varchar) as code_system,
    cast(e.evidence_code as varchar) as code,
    cast(k.display as varchar) as display,
    cast(e.evidence_value as varchar) as value,
    cast(e.reason as varchar) as reason
from evidence as e
left join known_code as k
    on k.code = e.evidence_code
