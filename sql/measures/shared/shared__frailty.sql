-- measures.shared__frailty: persons with criteria indicating frailty in a period.
-- Grain: period_key x person_id (only persons with frailty criteria).
-- Implements AdvancedIllnessandFrailty 1.16.000 "Has Criteria Indicating Frailty". The evidence
-- is the latest qualifying record's date and code.

-- Frailty device ordered (active/completed, intent order, not flagged do-not-perform), authored
-- during day of the period.
with frailty_device_order as (
    select
        mp.period_key,
        pr.person_id,
        cast(d.authored_on as date) as evidence_date,
        cv.code as evidence_code
    from core.device_request as d
    join core.person_record as pr
        on pr.provider = d.provider
        and pr.patient_id = d.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'order'
        and sr.status = d.status
    join measures.shared__coding_valueset as cv
        on cv.provider = d.provider
        and cv.resource_type = 'DeviceRequest'
        and cv.id = d.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.118.12.1300' -- Frailty Device
    join measures.shared__measurement_period as mp
        on cast(d.authored_on as date) between mp.period_start and mp.period_end
    where d.intent = 'order'
        and d.do_not_perform is distinct from true
),

-- "Medical equipment used" assessment (survey, final/amended/corrected) whose answer is a
-- frailty device, its effective interval ending during day of the period.
frailty_equipment_used as (
    select
        mp.period_key,
        pr.person_id,
        cast(o.effective_end as date) as evidence_date,
        vv.code as evidence_code
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'assessment_performed'
        and sr.status = o.status
    join measures.shared__coding_valueset as vv
        on vv.provider = o.provider
        and vv.resource_type = 'Observation'
        and vv.id = o.id
        and vv.element = 'value'
        and vv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.118.12.1300' -- Frailty Device
    join measures.shared__measurement_period as mp
        on cast(o.effective_end as date) between mp.period_start and mp.period_end
    where exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'code' and cc.concept = 'Medical equipment used'
        )
        and exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'category' and cc.concept = 'survey'
        )
),

-- Frailty diagnosis whose prevalence interval overlaps day of the period.
frailty_diagnosis as (
    select
        mp.period_key,
        cp.person_id,
        cast(coalesce(cp.prevalence_start, cp.prevalence_end) as date) as evidence_date,
        cv.code as evidence_code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.113.12.1074' -- Frailty Diagnosis
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cast(cp.prevalence_start as date) <= mp.period_end)
        and case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date) >= mp.period_start
            when cp.is_end_open then true
            else cast(cp.prevalence_start as date) >= mp.period_start
        end
),

-- Frailty encounter (performed) whose period overlaps day of the period.
frailty_encounter as (
    select
        mp.period_key,
        pr.person_id,
        cast(coalesce(e.period_end, e.period_start) as date) as evidence_date,
        cv.code as evidence_code
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1088' -- Frailty Encounter
    join measures.shared__measurement_period as mp
        on (e.period_start is not null
            and cast(e.period_start as date) <= mp.period_end
            and (e.period_end is null or cast(e.period_end as date) >= mp.period_start))
        or (e.period_start is null
            and cast(e.period_end as date) between mp.period_start and mp.period_end)
),

-- Frailty symptom observed (preliminary/final/amended/corrected), effective overlapping day of
-- the period.
frailty_symptom as (
    select
        mp.period_key,
        pr.person_id,
        cast(coalesce(o.effective_end, o.effective_start) as date) as evidence_date,
        cv.code as evidence_code
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'symptom'
        and sr.status = o.status
    join measures.shared__coding_valueset as cv
        on cv.provider = o.provider
        and cv.resource_type = 'Observation'
        and cv.id = o.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.113.12.1075' -- Frailty Symptom
    join measures.shared__measurement_period as mp
        on (o.effective_start is not null
            and cast(o.effective_start as date) <= mp.period_end
            and (o.effective_end is null or cast(o.effective_end as date) >= mp.period_start))
        or (o.effective_start is null
            and cast(o.effective_end as date) between mp.period_start and mp.period_end)
),

-- Any one of the records above is enough; they are pooled to pick the evidence shown.
evidence as (
    select period_key, person_id, evidence_date, evidence_code from frailty_device_order
    union all
    select period_key, person_id, evidence_date, evidence_code from frailty_equipment_used
    union all
    select period_key, person_id, evidence_date, evidence_code from frailty_diagnosis
    union all
    select period_key, person_id, evidence_date, evidence_code from frailty_encounter
    union all
    select period_key, person_id, evidence_date, evidence_code from frailty_symptom
)

select
    period_key,
    person_id,
    max(evidence_date) as evidence_date,
    arg_max(evidence_code, evidence_date) as evidence_code
from evidence
group by period_key, person_id
