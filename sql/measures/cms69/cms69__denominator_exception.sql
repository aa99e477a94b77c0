-- measures.cms69__denominator_exception: whether each CMS69 denominator person is excepted.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exceptions": exists "Medical Reason for Not Documenting a Follow up
-- Plan for Low or High BMI" or exists "Medical Reason or Patient Reason for Not Performing BMI
-- Exam". The negation profiles are read as QI-Core 4.1.1 defines them: ServiceNotRequested and
-- MedicationNotRequested are requests with doNotPerform true; ObservationNotDone is a cancelled
-- Observation whose notDoneReason (core.coding 'statusReason') gives the reason.
-- ServiceNotRequested.reasonRefused is the qicore-doNotPerformReason extension, which ingest
-- does not flatten; it is read from the stored resource (raw.resource).

-- ServiceNotRequested.reasonRefused: the codings of the qicore-doNotPerformReason extension.
with service_reason_refused as (
    select
        r.provider,
        r.id,
        json_extract_string(c.value, '$.system') as system,
        json_extract_string(c.value, '$.code') as code
    from raw.resource as r,
        json_each(r.resource, '$.extension') as e,
        json_each(e.value, '$.valueCodeableConcept.coding') as c
    where r.resource_type = 'ServiceRequest'
        and json_extract_string(e.value, '$.url')
            = 'http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-doNotPerformReason'
),

-- Follow-up not ordered for a medical reason: a service (referral, follow-up above or below
-- normal BMI) not requested with reasonRefused in "Medical Reason", or a medication (above or
-- below normal BMI) not requested with reasonCode in "Medical Reason"; status ~ 'completed';
-- authored the same day a qualifying encounter starts.
follow_up_not_requested as (
    select
        qe.person_id,
        qe.period_start as encounter_start,
        qe.period_end as encounter_end,
        cast(s.authored_on as date) as evidence_date,
        cv.code as evidence_code
    from core.service_request as s
    join core.person_record as pr
        on pr.provider = s.provider
        and pr.patient_id = s.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = s.provider
        and cv.resource_type = 'ServiceRequest'
        and cv.id = s.id
        and cv.element = 'code'
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1527', -- Referrals Where Weight Assessment May Occur
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1525', -- Follow Up for Above Normal BMI
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1528'  -- Follow Up for Below Normal BMI
        )
    join measures.cms69__qualifying_encounter as qe
        on qe.person_id = pr.person_id
        and cast(s.authored_on as date) = cast(qe.period_start as date)
    where s.do_not_perform
        and lower(s.status) = 'completed'
        and exists (
            select 1
            from service_reason_refused as rr
            join measures.shared__valueset_code as vc
                on vc.system = rr.system
                and vc.code = rr.code
            where rr.provider = s.provider and rr.id = s.id
              and vc.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1007' -- Medical Reason
        )
    union all
    select
        qe.person_id,
        qe.period_start as encounter_start,
        qe.period_end as encounter_end,
        cast(m.authored_on as date) as evidence_date,
        cv.code as evidence_code
    from core.medication_request as m
    join core.person_record as pr
        on pr.provider = m.provider
        and pr.patient_id = m.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = m.provider
        and cv.resource_type = 'MedicationRequest'
        and cv.id = m.id
        and cv.element = 'medication'
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1561', -- Medications for Above Normal BMI
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1562'  -- Medications for Below Normal BMI
        )
    join measures.cms69__qualifying_encounter as qe
        on qe.person_id = pr.person_id
        and cast(m.authored_on as date) = cast(qe.period_start as date)
    where m.do_not_perform
        and lower(m.status) = 'completed'
        and exists (
            select 1 from measures.shared__coding_valueset as rv
            where rv.provider = m.provider and rv.resource_type = 'MedicationRequest' and rv.id = m.id
              and rv.element = 'reasonCode'
              and rv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1007' -- Medical Reason
        )
),

-- BMI exam not done: a cancelled Observation coded "Body mass index (BMI) [Ratio]" whose
-- notDoneReason is in "Patient Declined" or "Medical Reason", its effective interval ending
-- the same day a qualifying encounter starts.
bmi_not_done as (
    select
        qe.person_id,
        qe.period_start as encounter_start,
        qe.period_end as encounter_end,
        cast(o.effective_end as date) as evidence_date,
        cc.code as evidence_code
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__coding_concept as cc
        on cc.provider = o.provider
        and cc.resource_type = 'Observation'
        and cc.id = o.id
        and cc.element = 'code'
        and cc.concept = 'Body mass index (BMI) [Ratio]'
    join measures.cms69__qualifying_encounter as qe
        on qe.person_id = pr.person_id
        and cast(o.effective_end as date) = cast(qe.period_start as date)
    where o.status = 'cancelled'
        and exists (
            select 1 from measures.shared__coding_valueset as rv
            where rv.provider = o.provider and rv.resource_type = 'Observation' and rv.id = o.id
              and rv.element = 'statusReason'
              and rv.url in (
                  'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1582', -- Patient Declined
                  'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1007'  -- Medical Reason
              )
        )
),

-- Either is enough, in each period its qualifying encounter lies during; pooled to pick the
-- evidence shown.
excepted as (
    select
        mp.period_key,
        x.person_id,
        max(x.evidence_date) as evidence_date,
        arg_max(x.evidence_code, case when x.evidence_date is not null then (x.evidence_date, x.evidence_code) end) as evidence_code
    from (
        select person_id, encounter_start, encounter_end, evidence_date, evidence_code from follow_up_not_requested
        union all
        select person_id, encounter_start, encounter_end, evidence_date, evidence_code from bmi_not_done
    ) as x
    join measures.shared__measurement_period as mp
        on cast(x.encounter_start as date) >= mp.period_start
        and cast(x.encounter_end as date) <= mp.period_end
    group by mp.period_key, x.person_id
)

select
    d.period_key,
    d.person_id,
    e.person_id is not null as is_excepted,
    case when e.person_id is not null then 'not done: medical or patient reason' end as exception_reason,
    e.evidence_date,
    e.evidence_code
from measures.cms69__denominator as d
left join excepted as e
    on e.period_key = d.period_key
    and e.person_id = d.person_id
