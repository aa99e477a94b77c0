-- measures.cms117__denominator_exclusion: whether each CMS117 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": Hospice."Has Hospice Services"
--   or "Has Severe Combined Immunodeficiency" or "Has Immunodeficiency" or "Has HIV"
--   or "Has Lymphoreticular Cancer, Multiple Myeloma or Leukemia" or "Has Intussusception"
-- (each: such a condition starting during the child's first two years, measures.cms117__condition).
-- The reason reported is hospice when it holds, else the child's earliest excluding condition.

-- The earliest excluding condition of each child.
with excluding_condition as (
    select
        person_id,
        min(onset_date) as evidence_date,
        arg_min(code, case when onset_date is not null then (onset_date, code) end) as evidence_code,
        arg_min(indicator, case when onset_date is not null then (onset_date, indicator) end) as indicator
    from measures.cms117__condition
    where indicator in (
        'severe_combined_immunodeficiency', 'immunodeficiency', 'hiv', 'lymphoreticular_cancer',
        'intussusception'
    )
    group by person_id
),

-- The exclusions that hold for each denominator person.
exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        xc.person_id is not null as has_excluding_condition,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        xc.indicator as condition_indicator,
        xc.evidence_date as condition_date,
        xc.evidence_code as condition_code
    from measures.cms117__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join excluding_condition as xc
        on xc.person_id = d.person_id
)

select
    period_key,
    person_id,
    (has_hospice or has_excluding_condition) as is_excluded,
    case
        when has_hospice then 'hospice'
        when condition_indicator = 'severe_combined_immunodeficiency' then 'severe combined immunodeficiency'
        when condition_indicator = 'immunodeficiency' then 'immunodeficiency'
        when condition_indicator = 'hiv' then 'HIV'
        when condition_indicator = 'lymphoreticular_cancer' then 'lymphoreticular cancer, multiple myeloma or leukemia'
        when condition_indicator = 'intussusception' then 'intussusception'
    end as exclusion_reason,
    case when has_hospice then hospice_date else condition_date end as evidence_date,
    case when has_hospice then hospice_code else condition_code end as evidence_code
from exclusion
