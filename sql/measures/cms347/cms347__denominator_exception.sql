-- measures.cms347__denominator_exception: whether each CMS347 denominator person is excepted.
-- Grain: period_key x group_index x person_id (every person in a denominator).
-- Implements "Denominator Exceptions" (the same define for all four groups):
--   "Has Allergy to Statin" or Hospice."Has Hospice Services"
--   or PalliativeCare."Has Palliative Care in the Measurement Period"
--   or "Has Hepatitis or Liver Disease Diagnosis" or "Has Statin Associated Muscle Symptoms"
--   or "Has ESRD Diagnosis" or "Has Adverse Reaction to Statin"
--   or "Has Medical Reason for Not Ordering Statin Therapy".
-- The reason reported is the first that holds, in that order. is_excepted is the CQL value
-- before the reporting convention (the result reports an exception only for a denominator
-- person who is neither excluded nor in the numerator).

-- Which exception each condition value set feeds.
with condition_reason (url, reason) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1024', 'hepatitis or liver disease'), -- Hepatitis A
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.269', 'hepatitis or liver disease'),      -- Hepatitis B
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.42', 'hepatitis or liver disease'),           -- Liver Disease
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1108.85', 'statin associated muscle symptoms'),    -- Statin Associated Muscle Symptoms
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.353', 'ESRD')                                  -- End Stage Renal Disease
),

-- "Has Allergy to Statin": an AllergyIntolerance coded in "Statin Allergen" whose clinical
-- status is active and whose onset interval overlaps day of the period (onsetDateTime is a
-- one-instant interval; an onsetPeriod without an end runs to the end of time, without a start
-- is unknown; no onset never overlaps).
statin_allergy as (
    select
        mp.period_key,
        pr.person_id,
        'statin allergy' as reason,
        cast(coalesce(a.onset_start, a.onset_end) as date) as evidence_date,
        cv.code as evidence_code
    from core.allergy_intolerance as a
    join core.person_record as pr
        on pr.provider = a.provider
        and pr.patient_id = a.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = a.provider
        and cv.resource_type = 'AllergyIntolerance'
        and cv.id = a.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1110.42' -- Statin Allergen
    join measures.shared__measurement_period as mp
        on (a.onset_start is not null
            and cast(a.onset_start as date) <= mp.period_end
            and (a.onset_end is null or cast(a.onset_end as date) >= mp.period_start))
        or (a.onset_start is null
            and cast(a.onset_end as date) between mp.period_start and mp.period_end)
    where a.clinical_status = 'active'
),

-- Hepatitis or liver disease, statin associated muscle symptoms, ESRD: a problem-list item or
-- health concern whose prevalence interval overlaps day of the period.
exception_diagnosis as (
    select
        mp.period_key,
        cp.person_id,
        cr.reason,
        cast(coalesce(cp.prevalence_start, cp.prevalence_end) as date) as evidence_date,
        cv.code as evidence_code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
    join condition_reason as cr
        on cr.url = cv.url
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
),

-- "Has Adverse Reaction to Statin": an AdverseEvent whose event is in "Statin Allergen",
-- recorded during day of the period.
adverse_reaction as (
    select
        mp.period_key,
        pr.person_id,
        'adverse reaction to statin' as reason,
        cast(ae.recorded_at as date) as evidence_date,
        cv.code as evidence_code
    from core.adverse_event as ae
    join core.person_record as pr
        on pr.provider = ae.provider
        and pr.patient_id = ae.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = ae.provider
        and cv.resource_type = 'AdverseEvent'
        and cv.id = ae.id
        and cv.element = 'event'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1110.42' -- Statin Allergen
    join measures.shared__measurement_period as mp
        on cast(ae.recorded_at as date) between mp.period_start and mp.period_end
),

-- "Has Medical Reason for Not Ordering Statin Therapy": a statin not ordered (doNotPerform),
-- status completed, with a reason in "Medical Reason", authored during (instant precision) a
-- qualifying encounter of the period.
medical_reason as (
    select
        mp.period_key,
        sr.person_id,
        'medical reason' as reason,
        cast(sr.authored_on as date) as evidence_date,
        rc.code as evidence_code
    from measures.cms347__statin_request as sr
    join measures.shared__coding_valueset as rc
        on rc.provider = sr.provider
        and rc.resource_type = 'MedicationRequest'
        and rc.id = sr.id
        and rc.element = 'reasonCode'
        and rc.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1007' -- Medical Reason
    join measures.cms347__qualifying_encounter as qe
        on qe.person_id = sr.person_id
        and sr.authored_on between qe.period_start and qe.period_end
    join measures.shared__measurement_period as mp
        on cast(qe.period_start as date) >= mp.period_start
        and cast(qe.period_end as date) <= mp.period_end
    where sr.is_not_requested
        and sr.status = 'completed'
),

-- Every exception that holds, with its rank in the CQL's order; the first one is reported.
exception as (
    select period_key, person_id, 1 as rank, reason, evidence_date, evidence_code from statin_allergy
    union all
    select period_key, person_id, 2 as rank, 'hospice' as reason, evidence_date, evidence_code from measures.shared__hospice
    union all
    select period_key, person_id, 3 as rank, 'palliative care' as reason, evidence_date, evidence_code from measures.shared__palliative_care
    union all
    select
        period_key, person_id,
        case reason when 'hepatitis or liver disease' then 4 when 'statin associated muscle symptoms' then 5 else 6 end as rank,
        reason, evidence_date, evidence_code
    from exception_diagnosis
    union all
    select period_key, person_id, 7 as rank, reason, evidence_date, evidence_code from adverse_reaction
    union all
    select period_key, person_id, 8 as rank, reason, evidence_date, evidence_code from medical_reason
),

first_exception as (
    select
        period_key,
        person_id,
        reason as exception_reason,
        evidence_date,
        evidence_code
    from exception
    qualify row_number() over (
        partition by period_key, person_id
        order by rank, evidence_date desc nulls last, evidence_code
    ) = 1
)

select
    d.period_key,
    d.group_index,
    d.person_id,
    x.person_id is not null as is_excepted,
    x.exception_reason,
    x.evidence_date,
    x.evidence_code
from measures.cms347__denominator as d
left join first_exception as x
    on x.period_key = d.period_key
    and x.person_id = d.person_id
