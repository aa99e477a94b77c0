-- measures.cms122__numerator: whether each CMS122 denominator person meets the numerator (an
-- inverse measure: poor control or no test is the "numerator").
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": "Has Most Recent Glycemic Status Assessment Without Result"
--   or "Has Most Recent Elevated Glycemic Status Assessment"
--   or "Has No Record Of Glycemic Status Assessment",
-- with "Glycemic Status Assessment", "Most Recent Glycemic Status Date" and "Lowest Glycemic
-- Status Assessment Reading on Most Recent Day". is_numerator is the CQL value before the
-- reporting convention (excluded persons are reported outside the numerator in the result).

-- "Glycemic Status Assessment": laboratory tests (final/amended/corrected, category laboratory)
-- coded in "HbA1c Laboratory Test" or as "Glucose management indicator", dated by effective
-- latest() (end if present, else start); one row per observation (an observation may carry
-- several matching codes: the lowest is shown), before it meets the periods.
with assessment as (
    select
        pr.person_id,
        o.provider,
        o.id,
        min(c.code) as code,
        cast(coalesce(o.effective_end, o.effective_start) as date) as assessment_date,
        o.value_type,
        o.value_quantity,
        o.value_unit
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'laboratory_test_performed'
        and sr.status = o.status
    join (
        select provider, id, code
        from measures.shared__coding_valueset
        where resource_type = 'Observation'
          and element = 'code'
          and url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1013' -- HbA1c Laboratory Test
        union all
        select provider, id, code
        from measures.shared__coding_concept
        where resource_type = 'Observation'
          and element = 'code'
          and concept = 'Glucose management indicator'
    ) as c
        on c.provider = o.provider
        and c.id = o.id
    where coalesce(o.effective_end, o.effective_start) is not null
        and exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'category' and cc.concept = 'laboratory'
        )
    group by all
),

-- "Lowest Glycemic Status Assessment Reading on Most Recent Day": on each assessment day of a
-- person, the first by `value as Quantity` ascending. In CQL a value that is not a Quantity
-- (absent, a CodeableConcept, an integer) is null there, and nulls sort first. Which day is
-- the most recent depends on the period (below); the lowest reading of a day does not.
lowest_of_day as (
    select
        person_id,
        code,
        assessment_date,
        value_type,
        value_quantity,
        value_unit
    from assessment
    qualify row_number() over (
        partition by person_id, assessment_date
        order by case when value_type = 'Quantity' then value_quantity end asc nulls first,
            provider, id
    ) = 1
),

-- Each denominator person with the period.
denominator_period as (
    select
        d.period_key,
        d.person_id,
        mp.period_start,
        mp.period_end
    from measures.cms122__denominator as d
    join measures.shared__measurement_period as mp
        on mp.period_key = d.period_key
),

-- The most recent assessment day during the period: the latest day on or before its end
-- (one as-of join), when that day is not before its start.
most_recent_day as (
    select
        dp.period_key,
        dp.person_id,
        l.code,
        l.assessment_date,
        l.value_type,
        l.value_quantity,
        l.value_unit
    from denominator_period as dp
    asof join lowest_of_day as l
        on l.person_id = dp.person_id
        and l.assessment_date <= dp.period_end
    where l.assessment_date >= dp.period_start
),

-- The reading classified: "Without Result" when it has no value at all; "Elevated" when the
-- Quantity is above 9 '%' (a unit of '1' or none is a fraction: 0.095 is 9.5 %; other units do
-- not compare, so they are not elevated).
reading as (
    select
        period_key,
        person_id,
        code,
        assessment_date,
        value_type,
        value_quantity,
        value_unit,
        value_type is null as is_without_result,
        coalesce(
            value_type = 'Quantity'
            and case
                when value_unit = '%' then value_quantity > 9
                when value_unit is null or value_unit = '1' then value_quantity * 100 > 9
            end,
            false
        ) as is_elevated
    from most_recent_day
)

select
    d.period_key,
    d.person_id,
    (r.person_id is null or r.is_without_result or r.is_elevated) as is_numerator,
    r.person_id is null as has_no_assessment,
    coalesce(r.is_without_result, false) as is_without_result,
    coalesce(r.is_elevated, false) as is_elevated,
    r.assessment_date as evidence_date,
    r.code as evidence_code,
    case
        when r.person_id is null then 'no result in period'
        when r.value_type = 'Quantity' then
            regexp_replace(cast(round(r.value_quantity, 2) as varchar), '\.0$', '') || coalesce(' ' || r.value_unit, '')
        when r.value_type is null then 'no value'
        else 'not a quantity (' || r.value_type || ')'
    end as evidence_value
from measures.cms122__denominator as d
left join reading as r
    on r.period_key = d.period_key
    and r.person_id = d.person_id
