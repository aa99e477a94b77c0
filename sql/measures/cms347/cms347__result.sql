-- measures.cms347__result: the CMS347 patient-level result for every period and group.
-- Grain: period_key x group_index x person_id (every person in that group's initial population).
-- Implements the MeasureReport populations of
-- StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR 0.2.000, groups 0-3,
-- with the fqm-execution reporting convention for proportion measures: an excluded person is
-- reported outside the numerator and the exception; a person in the numerator is not
-- reported as excepted. exclusion_reason names the exclusion, else the exception that holds.

-- Every initial-population person with each population step.
with populations as (
    select
        ip.period_key,
        ip.group_index,
        ip.person_id,
        d.person_id is not null as is_denominator,
        coalesce(x.is_excluded, false) as is_excluded,
        x.exclusion_reason,
        x.evidence_date as exclusion_date,
        x.evidence_code as exclusion_code,
        coalesce(e.is_excepted, false) as is_excepted,
        e.exception_reason,
        e.evidence_date as exception_date,
        e.evidence_code as exception_code,
        coalesce(n.is_numerator, false) as is_numerator,
        n.evidence_date as numerator_date,
        n.evidence_code as numerator_code,
        n.evidence_value as numerator_value
    from measures.cms347__initial_population as ip
    left join measures.cms347__denominator as d
        on d.period_key = ip.period_key
        and d.group_index = ip.group_index
        and d.person_id = ip.person_id
    left join measures.cms347__denominator_exclusion as x
        on x.period_key = ip.period_key
        and x.group_index = ip.group_index
        and x.person_id = ip.person_id
    left join measures.cms347__denominator_exception as e
        on e.period_key = ip.period_key
        and e.group_index = ip.group_index
        and e.person_id = ip.person_id
    left join measures.cms347__numerator as n
        on n.period_key = ip.period_key
        and n.group_index = ip.group_index
        and n.person_id = ip.person_id
),

-- The populations as reported.
reported as (
    select
        *,
        is_denominator and is_excluded as is_reported_excluded,
        is_denominator and not is_excluded and is_numerator as is_reported_numerator,
        is_denominator and not is_excluded and not is_numerator and is_excepted as is_reported_excepted
    from populations
)

select
    cast(period_key as varchar) as period_key,
    cast('CMS347' as varchar) as measure,
    cast(group_index as integer) as group_index,
    cast(person_id as varchar) as person_id,
    true as initial_population,
    is_denominator as denominator,
    is_reported_excluded as denominator_exclusion,
    is_reported_excepted as denominator_exception,
    is_reported_numerator as numerator,
    cast(case
        when is_reported_excluded then exclusion_reason
        when is_reported_excepted then exception_reason
    end as varchar) as exclusion_reason,
    cast(case
        when is_reported_excluded then exclusion_date
        when is_reported_excepted then exception_date
        else numerator_date
    end as date) as evidence_date,
    cast(case
        when is_reported_excluded then exclusion_code
        when is_reported_excepted then exception_code
        else numerator_code
    end as varchar) as evidence_code,
    cast(case
        when is_reported_excluded or is_reported_excepted then null
        else numerator_value
    end as varchar) as evidence_value
from reported
