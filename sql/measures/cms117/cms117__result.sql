-- measures.cms117__result: the CMS117 patient-level result for every period.
-- Grain: period_key x person_id (every person in the initial population).
-- Implements the MeasureReport populations of ChildhoodImmunizationStatusFHIR
-- 0.1.000, group 0, with the fqm-execution reporting convention: a person excluded from the
-- denominator is reported outside the numerator. CMS117 has no denominator exception (null).

-- Every initial-population person with each population step.
with populations as (
    select
        ip.period_key,
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
    from measures.cms117__initial_population as ip
    left join measures.cms117__denominator as d
        on d.period_key = ip.period_key
        and d.person_id = ip.person_id
    left join measures.cms117__denominator_exclusion as x
        on x.period_key = ip.period_key
        and x.person_id = ip.person_id
    left join measures.cms117__numerator as n
        on n.period_key = ip.period_key
        and n.person_id = ip.person_id
)

select
    cast(period_key as varchar) as period_key,
    cast('CMS117' as varchar) as measure,
    cast(0 as integer) as group_index,
    cast(person_id as varchar) as person_id,
    true as initial_population,
    is_denominator as denominator,
    is_denominator and is_excluded as denominator_exclusion,
    cast(null as boolean) as denominator_exception,
    is_denominator and not is_excluded and is_numerator as numerator,
    cast(exclusion_reason as varchar) as exclusion_reason,
    cast(case when is_excluded then exclusion_date else numerator_date end as date) as evidence_date,
    cast(case when is_excluded then exclusion_code else numerator_code end as varchar) as evidence_code,
    cast(case when is_excluded then null else numerator_value end as varchar) as evidence_value
from populations
