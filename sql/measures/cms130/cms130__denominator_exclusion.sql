-- measures.cms130__denominator_exclusion: whether each CMS130 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusion": Hospice."Has Hospice Services"
--   or exists "Malignant Neoplasm"
--   or exists "Total Colectomy Performed"
--   or AIFrailLTCF."Is Age 66 or Older with Advanced Illness and Frailty"
--   or AIFrailLTCF."Is Age 66 or Older Living Long Term in a Nursing Home"
--   or PalliativeCare."Has Palliative Care in the Measurement Period".
-- The reason reported is the first that holds, in that order.

-- "Malignant Neoplasm": colorectal cancer whose prevalence interval starts on or before day of
-- the end of the period (a condition without onset starts at the beginning of time, so it
-- qualifies).
with colorectal_cancer as (
    select
        mp.period_key,
        cp.person_id,
        max(cast(cp.prevalence_start as date)) as evidence_date,
        arg_max(cv.code, case when cp.prevalence_start is not null then (cp.prevalence_start, cv.code) end) as evidence_code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1001' -- Malignant Neoplasm of Colon
    join measures.shared__measurement_period as mp
        on cp.prevalence_start is null
        or cast(cp.prevalence_start as date) <= mp.period_end
    group by mp.period_key, cp.person_id
),

-- "Total Colectomy Performed": a completed total colectomy whose performed interval ends on or
-- before day of the end of the period (performed[x] as a dateTime ends when it starts; a Period
-- without an end never ends).
colectomy as (
    select
        mp.period_key,
        pr.person_id,
        max(cast(p.performed_end as date)) as evidence_date,
        arg_max(cv.code, case when p.performed_end is not null then (p.performed_end, cv.code) end) as evidence_code
    from core.procedure as p
    join core.person_record as pr
        on pr.provider = p.provider
        and pr.patient_id = p.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'procedure_performed'
        and sr.status = p.status
    join measures.shared__coding_valueset as cv
        on cv.provider = p.provider
        and cv.resource_type = 'Procedure'
        and cv.id = p.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1019' -- Total Colectomy
    join measures.shared__measurement_period as mp
        on cast(p.performed_end as date) <= mp.period_end
    group by mp.period_key, pr.person_id
),

-- The exclusions that hold for each denominator person.
exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        cc.person_id is not null as has_colorectal_cancer,
        col.person_id is not null as has_colectomy,
        coalesce(aif.is_66_plus_with_ai_and_frailty, false) as has_advanced_illness_and_frailty,
        nh.person_id is not null as is_in_nursing_home,
        pc.person_id is not null as has_palliative_care,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        cc.evidence_date as cancer_date,
        cc.evidence_code as cancer_code,
        col.evidence_date as colectomy_date,
        col.evidence_code as colectomy_code,
        aif.evidence_date as frailty_date,
        aif.evidence_code as frailty_code,
        nh.evidence_date as nursing_home_date,
        nh.evidence_code as nursing_home_code,
        pc.evidence_date as palliative_date,
        pc.evidence_code as palliative_code
    from measures.cms130__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join colorectal_cancer as cc
        on cc.period_key = d.period_key
        and cc.person_id = d.person_id
    left join colectomy as col
        on col.period_key = d.period_key
        and col.person_id = d.person_id
    left join measures.shared__advanced_illness_frailty as aif
        on aif.period_key = d.period_key
        and aif.person_id = d.person_id
    left join measures.shared__nursing_home as nh
        on nh.period_key = d.period_key
        and nh.person_id = d.person_id
    left join measures.shared__palliative_care as pc
        on pc.period_key = d.period_key
        and pc.person_id = d.person_id
)

select
    period_key,
    person_id,
    (has_hospice or has_colorectal_cancer or has_colectomy or has_advanced_illness_and_frailty
        or is_in_nursing_home or has_palliative_care) as is_excluded,
    case
        when has_hospice then 'hospice'
        when has_colorectal_cancer then 'colorectal cancer'
        when has_colectomy then 'total colectomy'
        when has_advanced_illness_and_frailty then 'advanced illness and frailty'
        when is_in_nursing_home then 'nursing home'
        when has_palliative_care then 'palliative care'
    end as exclusion_reason,
    case
        when has_hospice then hospice_date
        when has_colorectal_cancer then cancer_date
        when has_colectomy then colectomy_date
        when has_advanced_illness_and_frailty then frailty_date
        when is_in_nursing_home then nursing_home_date
        when has_palliative_care then palliative_date
    end as evidence_date,
    case
        when has_hospice then hospice_code
        when has_colorectal_cancer then cancer_code
        when has_colectomy then colectomy_code
        when has_advanced_illness_and_frailty then frailty_code
        when is_in_nursing_home then nursing_home_code
        when has_palliative_care then palliative_code
    end as evidence_code
from exclusion
