-- measures.cms125__denominator_exclusion: whether each CMS125 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": Hospice."Has Hospice Services"
--   or (("Right Mastectomy Diagnosis" or "Right Mastectomy Procedure")
--       and ("Left Mastectomy Diagnosis" or "Left Mastectomy Procedure"))
--   or "Bilateral Mastectomy Diagnosis" or "Bilateral Mastectomy Procedure"
--   or AIFrailLTCF."Is Age 66 or Older with Advanced Illness and Frailty"
--   or AIFrailLTCF."Is Age 66 or Older Living Long Term in a Nursing Home"
--   or PalliativeCare."Has Palliative Care in the Measurement Period".
-- The reason reported is the first that holds, in that order.

-- The mastectomy value sets of conditions and the side each one documents.
with mastectomy_condition_valueset (url, side) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1070', 'right'),    -- Status Post Right Mastectomy
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1069', 'left'),     -- Status Post Left Mastectomy
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1068', 'bilateral') -- History of bilateral mastectomy
),

-- The mastectomy value sets of procedures and the side each one documents.
mastectomy_procedure_valueset (url, side) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1134', 'right'),    -- Unilateral Mastectomy Right
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1133', 'left'),     -- Unilateral Mastectomy Left
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1005', 'bilateral') -- Bilateral Mastectomy
),

-- Mastectomy conditions with the side they document: the status-post and bilateral-history
-- value sets by themselves, and "Unilateral Mastectomy, Unspecified Laterality" for each side a
-- bodySite coding names (`exists (bodySite S where S ~ "Right (qualifier value)")`; one
-- condition may name both sides).
mastectomy_condition as (
    select
        cv.provider,
        cv.id,
        vs.side,
        cv.code
    from measures.shared__coding_valueset as cv
    join mastectomy_condition_valueset as vs
        on vs.url = cv.url
    where cv.resource_type = 'Condition'
        and cv.element = 'code'
    union all
    select
        cv.provider,
        cv.id,
        case bs.concept when 'Right (qualifier value)' then 'right' else 'left' end as side,
        cv.code
    from measures.shared__coding_valueset as cv
    join measures.shared__coding_concept as bs
        on bs.provider = cv.provider
        and bs.resource_type = 'Condition'
        and bs.id = cv.id
        and bs.element = 'bodySite'
        and bs.concept in ('Right (qualifier value)', 'Left (qualifier value)')
    where cv.resource_type = 'Condition'
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1071' -- Unilateral Mastectomy, Unspecified Laterality
),

-- "Right/Left/Bilateral Mastectomy Diagnosis": the prevalence interval starts on or before the
-- end of the period (instant precision; a condition without onset starts at the beginning of
-- time, so it qualifies).
mastectomy_diagnosis as (
    select
        mp.period_key,
        cp.person_id,
        mc.side,
        cast(cp.prevalence_start as date) as evidence_date,
        mc.code as evidence_code
    from mastectomy_condition as mc
    join measures.shared__condition_prevalence as cp
        on cp.provider = mc.provider
        and cp.id = mc.id
    join measures.shared__measurement_period as mp
        on cp.prevalence_start is null
        or cp.prevalence_start <= mp.period_end_at
),

-- "Right/Left/Bilateral Mastectomy Procedure": a completed procedure whose performed interval
-- ends on or before the end of the period (instant precision). performed[x] as a dateTime ends
-- when it starts; a Period without an end runs to the end of time and never qualifies.
mastectomy_procedure as (
    select distinct
        mp.period_key,
        pr.person_id,
        vs.side,
        cast(p.performed_end as date) as evidence_date,
        cv.code as evidence_code
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
    join mastectomy_procedure_valueset as vs
        on vs.url = cv.url
    join measures.shared__measurement_period as mp
        on p.performed_end <= mp.period_end_at
),

-- Per person and period: which sides are documented, and the latest record as evidence.
mastectomy as (
    select
        period_key,
        person_id,
        bool_or(side = 'right') as has_right,
        bool_or(side = 'left') as has_left,
        bool_or(side = 'bilateral') as has_bilateral,
        max(evidence_date) as evidence_date,
        arg_max(evidence_code, case when evidence_date is not null then (evidence_date, evidence_code) end) as evidence_code
    from (
        select period_key, person_id, side, evidence_date, evidence_code from mastectomy_diagnosis
        union all
        select period_key, person_id, side, evidence_date, evidence_code from mastectomy_procedure
    ) as m
    group by period_key, person_id
),

-- The exclusions that hold for each denominator person.
exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        coalesce(m.has_bilateral or (m.has_right and m.has_left), false) as has_mastectomy,
        coalesce(aif.is_66_plus_with_ai_and_frailty, false) as has_advanced_illness_and_frailty,
        nh.person_id is not null as is_in_nursing_home,
        pc.person_id is not null as has_palliative_care,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        m.evidence_date as mastectomy_date,
        m.evidence_code as mastectomy_code,
        aif.evidence_date as frailty_date,
        aif.evidence_code as frailty_code,
        nh.evidence_date as nursing_home_date,
        nh.evidence_code as nursing_home_code,
        pc.evidence_date as palliative_date,
        pc.evidence_code as palliative_code
    from measures.cms125__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join mastectomy as m
        on m.period_key = d.period_key
        and m.person_id = d.person_id
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
    (has_hospice or has_mastectomy or has_advanced_illness_and_frailty or is_in_nursing_home
        or has_palliative_care) as is_excluded,
    case
        when has_hospice then 'hospice'
        when has_mastectomy then 'bilateral mastectomy'
        when has_advanced_illness_and_frailty then 'advanced illness and frailty'
        when is_in_nursing_home then 'nursing home'
        when has_palliative_care then 'palliative care'
    end as exclusion_reason,
    case
        when has_hospice then hospice_date
        when has_mastectomy then mastectomy_date
        when has_advanced_illness_and_frailty then frailty_date
        when is_in_nursing_home then nursing_home_date
        when has_palliative_care then palliative_date
    end as evidence_date,
    case
        when has_hospice then hospice_code
        when has_mastectomy then mastectomy_code
        when has_advanced_illness_and_frailty then frailty_code
        when is_in_nursing_home then nursing_home_code
        when has_palliative_care then palliative_code
    end as evidence_code
from exclusion
