-- measures.shared__frailty: persons with criteria indicating frailty in a period.
-- Grain: period_key x person_id (only persons with frailty criteria).
-- Implements AdvancedIllnessandFrailty 1.16.000 "Has Criteria Indicating Frailty". The evidence
-- is the latest qualifying record's date and code (the highest code on a tie).
-- Each record is read once and given the days it covers (from_date, to_date; an open end is
-- 9999-12-31, an unknown start 0001-01-01); the records then meet the periods in one join.

-- Frailty device ordered (active/completed, intent order, not flagged do-not-perform), authored
-- during day of the period.
with frailty_device_order as (
    select
        pr.person_id,
        cast(d.authored_on as date) as evidence_date,
        cv.code as evidence_code,
        cast(d.authored_on as date) as from_date,
        cast(d.authored_on as date) as to_date
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
    where d.intent = 'order'
        and d.do_not_perform is distinct from true
),

-- "Medical equipment used" assessment (survey, final/amended/corrected) whose answer is a
-- frailty device, its effective interval ending during day of the period.
frailty_equipment_used as (
    select
        pr.person_id,
        cast(o.effective_end as date) as evidence_date,
        vv.code as evidence_code,
        cast(o.effective_end as date) as from_date,
        cast(o.effective_end as date) as to_date
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
        cp.person_id,
        cast(coalesce(cp.prevalence_start, cp.prevalence_end) as date) as evidence_date,
        cv.code as evidence_code,
        coalesce(cast(cp.prevalence_start as date), date '0001-01-01') as from_date,
        case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date)
            when cp.is_end_open then date '9999-12-31'
            -- neither an end nor open: the condition is the day it started
            else cast(cp.prevalence_start as date)
        end as to_date
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.113.12.1074' -- Frailty Diagnosis
),

-- Frailty encounter (performed) whose period overlaps day of the period.
frailty_encounter as (
    select
        pr.person_id,
        cast(coalesce(e.period_end, e.period_start) as date) as evidence_date,
        cv.code as evidence_code,
        cast(coalesce(e.period_start, e.period_end) as date) as from_date,
        case
            when e.period_start is null then cast(e.period_end as date)
            else coalesce(cast(e.period_end as date), date '9999-12-31')
        end as to_date
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
),

-- Frailty symptom observed (preliminary/final/amended/corrected), effective overlapping day of
-- the period.
frailty_symptom as (
    select
        pr.person_id,
        cast(coalesce(o.effective_end, o.effective_start) as date) as evidence_date,
        cv.code as evidence_code,
        cast(coalesce(o.effective_start, o.effective_end) as date) as from_date,
        case
            when o.effective_start is null then cast(o.effective_end as date)
            else coalesce(cast(o.effective_end as date), date '9999-12-31')
        end as to_date
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
),

-- Any one of the records above is enough; they are pooled to pick the evidence shown.
record as (
    select person_id, evidence_date, evidence_code, from_date, to_date from frailty_device_order
    union all
    select person_id, evidence_date, evidence_code, from_date, to_date from frailty_equipment_used
    union all
    select person_id, evidence_date, evidence_code, from_date, to_date from frailty_diagnosis
    union all
    select person_id, evidence_date, evidence_code, from_date, to_date from frailty_encounter
    union all
    select person_id, evidence_date, evidence_code, from_date, to_date from frailty_symptom
)

-- The records whose days overlap day of the period.
select
    mp.period_key,
    r.person_id,
    max(r.evidence_date) as evidence_date,
    arg_max(r.evidence_code, {'date': r.evidence_date, 'code': r.evidence_code}) as evidence_code
from record as r
join measures.shared__measurement_period as mp
    on r.from_date <= mp.period_end
    and r.to_date >= mp.period_start
group by mp.period_key, r.person_id
