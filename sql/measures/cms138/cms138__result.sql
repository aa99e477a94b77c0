-- measures.cms138__result: the CMS138 patient-level result for every period and group.
-- Grain: period_key x group_index x person_id (every person in the initial population, once
-- per group).
-- Implements the MeasureReport populations of
-- PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR 0.0.001, groups 0-2 in
-- Measure.group order, with the fqm-execution reporting convention: a person excluded from a
-- group's denominator is reported outside its numerator. CMS138 has no denominator exception
-- (null).

-- The three groups in Measure.group order.
with measure_group (group_index) as (
    values (0), (1), (2)
),

-- Every initial-population person in every group, with each population step.
populations as (
    select
        ip.period_key,
        g.group_index,
        ip.person_id,
        d.person_id is not null as is_denominator,
        coalesce(x.is_excluded, false) as is_excluded,
        x.exclusion_reason,
        x.evidence_date as exclusion_date,
        x.evidence_code as exclusion_code,
        coalesce(n.is_numerator, false) as is_numerator,
        n.evidence_date as numerator_date,
        n.evidence_code as numerator_code,
        n.evidence_value as numerator_value
    from measures.cms138__initial_population as ip
    cross join measure_group as g
    left join measures.cms138__denominator as d
        on d.period_key = ip.period_key
        and d.group_index = g.group_index
        and d.person_id = ip.person_id
    left join measures.cms138__denominator_exclusion as x
        on x.period_key = ip.period_key
        and x.group_index = g.group_index
        and x.person_id = ip.person_id
    left join measures.cms138__numerator as n
        on n.period_key = ip.period_key
        and n.group_index = g.group_index
        and n.person_id = ip.person_id
)

select
    cast(period_key as varchar) as period_key,
    cast('CMS138' as varchar) as measure,
    cast(group_index as integer) as group_index,
    cast(person_id as varchar) as person_id,
    true as initial_population,
    is_denominator as denominator,
    is_denominator and is_excluded as denominator_exclusion,
    cast(null as boolean) as denominator_exception,
    is_denominator and not is_excluded and is_numerator as numerator,
    cast(case when is_denominator and is_excluded then exclusion_reason end as varchar) as exclusion_reason,
    cast(case when is_denominator and is_excluded then exclusion_date else numerator_date end as date) as evidence_date,
    cast(case when is_denominator and is_excluded then exclusion_code else numerator_code end as varchar) as evidence_code,
    cast(case when is_denominator and is_excluded then null else numerator_value end as varchar) as evidence_value
from populations
