-- measures.shared__hospice: persons who had hospice services in a period.
-- Grain: period_key x person_id (only persons who had hospice services).
-- Implements Hospice 6.12.000 "Has Hospice Services". The evidence is the latest qualifying
-- record's date and code.
-- Interval tests follow CQL: period.toInterval() of a FHIR Period is [start, end] with a missing
-- end meaning the end of time and a missing start meaning unknown; "overlaps day of" compares
-- at day precision.

-- Inpatient encounter discharged to hospice (home or facility), ending during day of the period.
with inpatient_discharge as (
    select
        mp.period_key,
        pr.person_id,
        cast(e.period_end as date) as evidence_date,
        dd.code as evidence_code
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.666.5.307' -- Encounter Inpatient
    join measures.shared__coding_concept as dd
        on dd.provider = e.provider
        and dd.resource_type = 'Encounter'
        and dd.id = e.id
        and dd.element = 'dischargeDisposition'
        and dd.concept in (
            'Discharge to home for hospice care (procedure)',
            'Discharge to healthcare facility for hospice care (procedure)'
        )
    join measures.shared__measurement_period as mp
        on cast(e.period_end as date) between mp.period_start and mp.period_end
),

-- Hospice encounter whose period overlaps day of the period.
hospice_encounter as (
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1003' -- Hospice Encounter
    join measures.shared__measurement_period as mp
        on (e.period_start is not null
            and cast(e.period_start as date) <= mp.period_end
            and (e.period_end is null or cast(e.period_end as date) >= mp.period_start))
        or (e.period_start is null
            and cast(e.period_end as date) between mp.period_start and mp.period_end)
),

-- Hospice care [Minimum Data Set] assessment (survey, final/amended/corrected) answered
-- "Yes", effective overlapping day of the period.
hospice_assessment as (
    select
        mp.period_key,
        pr.person_id,
        cast(coalesce(o.effective_end, o.effective_start) as date) as evidence_date,
        oc.code as evidence_code
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__coding_concept as oc
        on oc.provider = o.provider
        and oc.resource_type = 'Observation'
        and oc.id = o.id
        and oc.element = 'code'
        and oc.concept = 'Hospice care [Minimum Data Set]'
    join measures.shared__status_rule as sr
        on sr.rule = 'assessment_performed'
        and sr.status = o.status
    join measures.shared__measurement_period as mp
        on (o.effective_start is not null
            and cast(o.effective_start as date) <= mp.period_end
            and (o.effective_end is null or cast(o.effective_end as date) >= mp.period_start))
        or (o.effective_start is null
            and cast(o.effective_end as date) between mp.period_start and mp.period_end)
    where exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'category' and cc.concept = 'survey'
        )
        and exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'value' and cc.concept = 'Yes (qualifier value)'
        )
),

-- Hospice care ordered (active/completed order), authored during day of the period.
hospice_order as (
    select
        mp.period_key,
        pr.person_id,
        cast(s.authored_on as date) as evidence_date,
        cv.code as evidence_code
    from core.service_request as s
    join core.person_record as pr
        on pr.provider = s.provider
        and pr.patient_id = s.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'order'
        and sr.status = s.status
    join measures.shared__coding_valueset as cv
        on cv.provider = s.provider
        and cv.resource_type = 'ServiceRequest'
        and cv.id = s.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1584' -- Hospice Care Ambulatory
    join measures.shared__measurement_period as mp
        on cast(s.authored_on as date) between mp.period_start and mp.period_end
    where s.intent = 'order'
),

-- Hospice care performed (completed procedure), performed overlapping day of the period.
hospice_procedure as (
    select
        mp.period_key,
        pr.person_id,
        cast(coalesce(p.performed_end, p.performed_start) as date) as evidence_date,
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1584' -- Hospice Care Ambulatory
    join measures.shared__measurement_period as mp
        on (p.performed_start is not null
            and cast(p.performed_start as date) <= mp.period_end
            and (p.performed_end is null or cast(p.performed_end as date) >= mp.period_start))
        or (p.performed_start is null
            and cast(p.performed_end as date) between mp.period_start and mp.period_end)
),

-- Hospice diagnosis whose prevalence interval overlaps day of the period.
hospice_diagnosis as (
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1165' -- Hospice Diagnosis
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cast(cp.prevalence_start as date) <= mp.period_end)
        and case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date) >= mp.period_start
            when cp.is_end_open then true
            else cast(cp.prevalence_start as date) >= mp.period_start
        end
),

-- Any one of the records above is enough; they are pooled to pick the evidence shown.
evidence as (
    select period_key, person_id, evidence_date, evidence_code from inpatient_discharge
    union all
    select period_key, person_id, evidence_date, evidence_code from hospice_encounter
    union all
    select period_key, person_id, evidence_date, evidence_code from hospice_assessment
    union all
    select period_key, person_id, evidence_date, evidence_code from hospice_order
    union all
    select period_key, person_id, evidence_date, evidence_code from hospice_procedure
    union all
    select period_key, person_id, evidence_date, evidence_code from hospice_diagnosis
)

select
    period_key,
    person_id,
    max(evidence_date) as evidence_date,
    arg_max(evidence_code, case when evidence_date is not null then (evidence_date, evidence_code) end) as evidence_code
from evidence
group by period_key, person_id
