-- measures.cms347__denominator_exclusion: whether each CMS347 denominator person is excluded.
-- Grain: period_key x group_index x person_id (every person in a denominator).
-- Implements "Denominator Exclusions" (the same define for all four groups): a breastfeeding or
-- rhabdomyolysis diagnosis, as a problem-list item or health concern, whose prevalence interval
-- overlaps day of the period.

-- Breastfeeding or rhabdomyolysis diagnoses overlapping day of the period; the latest is the
-- evidence.
with exclusion_diagnosis as (
    select
        mp.period_key,
        cp.person_id,
        max(cast(coalesce(cp.prevalence_start, cp.prevalence_end) as date)) as evidence_date,
        arg_max(cv.code, case when coalesce(cp.prevalence_start, cp.prevalence_end) is not null then (coalesce(cp.prevalence_start, cp.prevalence_end), cv.code) end) as evidence_code,
        arg_max(
            case
                when cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.73' then 'breastfeeding'
                else 'rhabdomyolysis'
            end,
            case
                when coalesce(cp.prevalence_start, cp.prevalence_end) is not null
                    then (coalesce(cp.prevalence_start, cp.prevalence_end), cv.url)
            end
        ) as exclusion_reason
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.73', -- Breastfeeding
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.102' -- Rhabdomyolysis
        )
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cast(cp.prevalence_start as date) <= mp.period_end)
        and case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date) >= mp.period_start
            when cp.is_end_open then true
            else cast(cp.prevalence_start as date) >= mp.period_start
        end
    where exists (
        select 1 from measures.shared__coding_concept as cat
        where cat.provider = cp.provider and cat.resource_type = 'Condition' and cat.id = cp.id
          and cat.element = 'category' and cat.concept in ('problem-list-item', 'health-concern')
    )
    group by mp.period_key, cp.person_id
)

select
    d.period_key,
    d.group_index,
    d.person_id,
    x.person_id is not null as is_excluded,
    x.exclusion_reason,
    x.evidence_date,
    x.evidence_code
from measures.cms347__denominator as d
left join exclusion_diagnosis as x
    on x.period_key = d.period_key
    and x.person_id = d.person_id
