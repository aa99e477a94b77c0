-- measures.cms165__denominator_exclusion: whether each CMS165 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": Hospice."Has Hospice Services"
--   or exists "Pregnancy or Renal Diagnosis"
--   or exists "End Stage Renal Disease Procedures"
--   or exists "End Stage Renal Disease Encounter"
--   or AIFrailLTCF."Is Age 66 to 80 with Advanced Illness and Frailty or Is Age 81 or Older with Frailty"
--   or AIFrailLTCF."Is Age 66 or Older Living Long Term in a Nursing Home"
--   or PalliativeCare."Has Palliative Care in the Measurement Period".
-- The reason reported is the first that holds, in that order.

-- "Pregnancy or Renal Diagnosis": pregnancy, end stage renal disease, kidney transplant
-- recipient or CKD stage 5 whose prevalence interval overlaps the period (instant precision).
with pregnancy_or_renal as (
    select
        mp.period_key,
        cp.person_id,
        max(cast(coalesce(cp.prevalence_start, cp.prevalence_end) as date)) as evidence_date,
        arg_max(cv.code, case when coalesce(cp.prevalence_start, cp.prevalence_end) is not null then (coalesce(cp.prevalence_start, cp.prevalence_end), cv.code) end) as evidence_code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.378',           -- Pregnancy
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.353',           -- End Stage Renal Disease
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.109.12.1029', -- Kidney Transplant Recipient
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1002'           -- Chronic Kidney Disease, Stage 5
        )
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cp.prevalence_start <= mp.period_end_at)
        and case
            when cp.prevalence_end is not null then cp.prevalence_end >= mp.period_start_at
            when cp.is_end_open then true
            else cp.prevalence_start >= mp.period_start_at
        end
    group by mp.period_key, cp.person_id
),

-- "End Stage Renal Disease Procedures": a completed kidney transplant or dialysis whose
-- performed interval ends on or before the end of the period (no lower bound).
esrd_procedure as (
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
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.109.12.1012', -- Kidney Transplant
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.109.12.1013'  -- Dialysis Services
        )
    join measures.shared__measurement_period as mp
        on p.performed_end <= mp.period_end_at
    group by mp.period_key, pr.person_id
),

-- "End Stage Renal Disease Encounter": a performed ESRD monthly outpatient encounter whose
-- period starts on or before the end of the period (an unknown start counts when the end does).
esrd_encounter as (
    select
        mp.period_key,
        pr.person_id,
        max(cast(coalesce(e.period_start, e.period_end) as date)) as evidence_date,
        arg_max(cv.code, case when coalesce(e.period_start, e.period_end) is not null then (coalesce(e.period_start, e.period_end), cv.code) end) as evidence_code
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'encounter_performed'
        and sr.status = e.status
    join measures.shared__coding_valueset as cv
        on cv.provider = e.provider
        and cv.resource_type = 'Encounter'
        and cv.id = e.id
        and cv.element = 'type'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.109.12.1014' -- ESRD Monthly Outpatient Services
    join measures.shared__measurement_period as mp
        on (e.period_start is not null and e.period_start <= mp.period_end_at)
        or (e.period_start is null and e.period_end <= mp.period_end_at)
    group by mp.period_key, pr.person_id
),

-- The exclusions that hold for each denominator person.
exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        prg.person_id is not null as has_pregnancy_or_renal,
        ep.person_id is not null as has_esrd_procedure,
        ee.person_id is not null as has_esrd_encounter,
        coalesce(aif.is_66_to_80_with_ai_and_frailty_or_81_plus_with_frailty, false)
            as has_advanced_illness_and_frailty,
        nh.person_id is not null as is_in_nursing_home,
        pc.person_id is not null as has_palliative_care,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        prg.evidence_date as pregnancy_date,
        prg.evidence_code as pregnancy_code,
        ep.evidence_date as procedure_date,
        ep.evidence_code as procedure_code,
        ee.evidence_date as encounter_date,
        ee.evidence_code as encounter_code,
        aif.evidence_date as frailty_date,
        aif.evidence_code as frailty_code,
        nh.evidence_date as nursing_home_date,
        nh.evidence_code as nursing_home_code,
        pc.evidence_date as palliative_date,
        pc.evidence_code as palliative_code
    from measures.cms165__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join pregnancy_or_renal as prg
        on prg.period_key = d.period_key
        and prg.person_id = d.person_id
    left join esrd_procedure as ep
        on ep.period_key = d.period_key
        and ep.person_id = d.person_id
    left join esrd_encounter as ee
        on ee.period_key = d.period_key
        and ee.person_id = d.person_id
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
    (has_hospice or has_pregnancy_or_renal or has_esrd_procedure or has_esrd_encounter
        or has_advanced_illness_and_frailty or is_in_nursing_home or has_palliative_care) as is_excluded,
    case
        when has_hospice then 'hospice'
        when has_pregnancy_or_renal then 'pregnancy or renal'
        when has_esrd_procedure then 'ESRD procedure'
        when has_esrd_encounter then 'ESRD encounter'
        when has_advanced_illness_and_frailty then 'advanced illness and frailty'
        when is_in_nursing_home then 'nursing home'
        when has_palliative_care then 'palliative care'
    end as exclusion_reason,
    case
        when has_hospice then hospice_date
        when has_pregnancy_or_renal then pregnancy_date
        when has_esrd_procedure then procedure_date
        when has_esrd_encounter then encounter_date
        when has_advanced_illness_and_frailty then frailty_date
        when is_in_nursing_home then nursing_home_date
        when has_palliative_care then palliative_date
    end as evidence_date,
    case
        when has_hospice then hospice_code
        when has_pregnancy_or_renal then pregnancy_code
        when has_esrd_procedure then procedure_code
        when has_esrd_encounter then encounter_code
        when has_advanced_illness_and_frailty then frailty_code
        when is_in_nursing_home then nursing_home_code
        when has_palliative_care then palliative_code
    end as evidence_code
from exclusion
