-- measures.cms124__denominator_exclusion: whether each CMS124 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": Hospice."Has Hospice Services"
--   or exists "Absence of Cervix"
--   or PalliativeCare."Has Palliative Care in the Measurement Period".
-- The reason reported is the first that holds, in that order.

-- "Absence of Cervix", procedure branch: a completed hysterectomy with no residual cervix whose
-- performed interval ends on or before the end of the period (instant precision; performed[x]
-- as a dateTime ends when it starts, a Period without an end never ends).
with hysterectomy as (
    select
        mp.period_key,
        pr.person_id,
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1014' -- Hysterectomy with No Residual Cervix
    join measures.shared__measurement_period as mp
        on p.performed_end <= mp.period_end_at
),

-- "Absence of Cervix", condition branch: congenital or acquired absence of cervix whose
-- prevalence interval starts on or before the end of the period (a condition without onset
-- starts at the beginning of time, so it qualifies).
absent_cervix_diagnosis as (
    select
        mp.period_key,
        cp.person_id,
        cast(cp.prevalence_start as date) as evidence_date,
        cv.code as evidence_code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.111.12.1016' -- Congenital or Acquired Absence of Cervix
    join measures.shared__measurement_period as mp
        on cp.prevalence_start is null
        or cp.prevalence_start <= mp.period_end_at
),

-- Either branch; the latest record is the evidence.
absent_cervix as (
    select
        period_key,
        person_id,
        max(evidence_date) as evidence_date,
        arg_max(evidence_code, case when evidence_date is not null then (evidence_date, evidence_code) end) as evidence_code
    from (
        select period_key, person_id, evidence_date, evidence_code from hysterectomy
        union all
        select period_key, person_id, evidence_date, evidence_code from absent_cervix_diagnosis
    ) as a
    group by period_key, person_id
),

-- The exclusions that hold for each denominator person.
exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        ac.person_id is not null as has_absent_cervix,
        pc.person_id is not null as has_palliative_care,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        ac.evidence_date as absent_cervix_date,
        ac.evidence_code as absent_cervix_code,
        pc.evidence_date as palliative_date,
        pc.evidence_code as palliative_code
    from measures.cms124__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join absent_cervix as ac
        on ac.period_key = d.period_key
        and ac.person_id = d.person_id
    left join measures.shared__palliative_care as pc
        on pc.period_key = d.period_key
        and pc.person_id = d.person_id
)

select
    period_key,
    person_id,
    (has_hospice or has_absent_cervix or has_palliative_care) as is_excluded,
    case
        when has_hospice then 'hospice'
        when has_absent_cervix then 'absence of cervix'
        when has_palliative_care then 'palliative care'
    end as exclusion_reason,
    case
        when has_hospice then hospice_date
        when has_absent_cervix then absent_cervix_date
        when has_palliative_care then palliative_date
    end as evidence_date,
    case
        when has_hospice then hospice_code
        when has_absent_cervix then absent_cervix_code
        when has_palliative_care then palliative_code
    end as evidence_code
from exclusion
