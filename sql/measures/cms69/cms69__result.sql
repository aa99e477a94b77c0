-- measures.cms69__result: the CMS69 patient-level result for every period.
-- Grain: period_key x person_id (every person in the initial population).
-- Implements the MeasureReport populations of PCSBMIScreenAndFollowUpFHIR 0.2.000,
-- group 0, with the fqm-execution reporting convention: a person excluded from the
-- denominator is reported outside the numerator and the exception; a person in the numerator
-- is not reported as an exception.

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
        coalesce(e.is_excepted, false) as is_excepted,
        e.exception_reason,
        e.evidence_date as exception_date,
        e.evidence_code as exception_code,
        coalesce(n.is_numerator, false) as is_numerator,
        n.evidence_date as numerator_date,
        n.evidence_code as numerator_code,
        n.evidence_value as numerator_value
    from measures.cms69__initial_population as ip
    left join measures.cms69__denominator as d
        on d.period_key = ip.period_key
        and d.person_id = ip.person_id
    left join measures.cms69__denominator_exclusion as x
        on x.period_key = ip.period_key
        and x.person_id = ip.person_id
    left join measures.cms69__denominator_exception as e
        on e.period_key = ip.period_key
        and e.person_id = ip.person_id
    left join measures.cms69__numerator as n
        on n.period_key = ip.period_key
        and n.person_id = ip.person_id
),

-- The reported populations.
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
    cast('CMS69' as varchar) as measure,
    cast(0 as integer) as group_index,
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
    cast(case when is_reported_excluded or is_reported_excepted then null else numerator_value end as varchar) as evidence_value
from reported
