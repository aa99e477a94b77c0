-- measures.cms138__numerator: whether each CMS138 denominator person meets the numerator of
-- the group.
-- Grain: period_key x group_index x person_id (every person in each group's denominator).
-- Implements "Numerator 1": the most recent screening indicates a tobacco non-user or user;
-- "Numerator 2": "Tobacco Cessation Counseling Given" or "Tobacco Cessation Pharmacotherapy
-- Ordered" or "Active Pharmacotherapy for Tobacco Cessation"; "Numerator 3": the most recent
-- screening indicates a non-user, or a user with one of those interventions. is_numerator is
-- the CQL value before the reporting convention (excluded persons are reported outside).
-- The intervention window is Interval[start of "Measurement Period" - 6 months, end of
-- "Measurement Period"], compared at day precision.

-- The window of each period.
with intervention_window as (
    select
        period_key,
        cast(period_start_at - interval 6 month as date) as window_start,
        period_end as window_end
    from measures.shared__measurement_period
),

-- "Tobacco Cessation Counseling Given", first part: completed counseling procedures
-- (isInterventionPerformed) performed during day of the window.
counseling_procedure as (
    select
        w.period_key,
        pr.person_id,
        cast(p.performed_start as date) as evidence_date,
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
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.509' -- Tobacco Use Cessation Counseling
    join intervention_window as w
        on cast(p.performed_start as date) >= w.window_start
        and cast(p.performed_end as date) <= w.window_end
),

-- Second part: a "Tobacco abuse counseling" (Z71.6) condition whose prevalence interval
-- starts during day of the window (a condition without an onset starts at the beginning of
-- time, so it never does).
counseling_condition as (
    select
        w.period_key,
        cp.person_id,
        cast(cp.prevalence_start as date) as evidence_date,
        cc.code as evidence_code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_concept as cc
        on cc.provider = cp.provider
        and cc.resource_type = 'Condition'
        and cc.id = cp.id
        and cc.element = 'code'
        and cc.concept = 'Tobacco abuse counseling'
    join intervention_window as w
        on cast(cp.prevalence_start as date) between w.window_start and w.window_end
),

-- Cessation medication requests coded in "Tobacco Use Cessation Pharmacotherapy" (the
-- retrieve reads medicationCodeableConcept; a medicationReference is not followed), intent
-- order.
pharmacotherapy as (
    select distinct
        m.provider,
        m.id,
        pr.person_id,
        m.status,
        m.authored_on,
        cv.code
    from core.medication_request as m
    join core.person_record as pr
        on pr.provider = m.provider
        and pr.patient_id = m.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = m.provider
        and cv.resource_type = 'MedicationRequest'
        and cv.id = m.id
        and cv.element = 'medication'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1190' -- Tobacco Use Cessation Pharmacotherapy
    where m.intent = 'order'
),

-- "Tobacco Cessation Pharmacotherapy Ordered": active or completed (isMedicationOrder),
-- authored during day of the window.
pharmacotherapy_ordered as (
    select
        w.period_key,
        ph.person_id,
        cast(ph.authored_on as date) as evidence_date,
        ph.code as evidence_code
    from pharmacotherapy as ph
    join measures.shared__status_rule as sr
        on sr.rule = 'order'
        and sr.status = ph.status
    join intervention_window as w
        on cast(ph.authored_on as date) between w.window_start and w.window_end
),

-- "Active Pharmacotherapy for Tobacco Cessation": active (isMedicationActive), its
-- medicationRequestPeriod() during day of the window.
pharmacotherapy_active as (
    select
        w.period_key,
        ph.person_id,
        rp.start_date as evidence_date,
        ph.code as evidence_code
    from pharmacotherapy as ph
    join measures.shared__status_rule as sr
        on sr.rule = 'medication_active'
        and sr.status = ph.status
    join measures.shared__medication_request_period as rp
        on rp.provider = ph.provider
        and rp.id = ph.id
    join intervention_window as w
        on rp.start_date >= w.window_start
        and rp.end_date <= w.window_end
),

-- Any intervention is enough; they are pooled to pick the evidence shown.
intervention as (
    select
        period_key,
        person_id,
        max(evidence_date) as evidence_date,
        arg_max(evidence_code, case when evidence_date is not null then (evidence_date, evidence_code) end) as evidence_code
    from (
        select period_key, person_id, evidence_date, evidence_code from counseling_procedure
        union all
        select period_key, person_id, evidence_date, evidence_code from counseling_condition
        union all
        select period_key, person_id, evidence_date, evidence_code from pharmacotherapy_ordered
        union all
        select period_key, person_id, evidence_date, evidence_code from pharmacotherapy_active
    ) as i
    group by period_key, person_id
)

select
    d.period_key,
    d.group_index,
    d.person_id,
    case d.group_index
        when 0 then d.is_tobacco_non_user or d.is_tobacco_user
        when 1 then i.person_id is not null
        when 2 then d.is_tobacco_non_user or (d.is_tobacco_user and i.person_id is not null)
    end as is_numerator,
    case
        when d.group_index = 1 and i.person_id is not null then i.evidence_date
        when d.group_index = 2 and d.is_tobacco_user and i.person_id is not null then i.evidence_date
        else d.screening_date
    end as evidence_date,
    case
        when d.group_index = 1 and i.person_id is not null then i.evidence_code
        when d.group_index = 2 and d.is_tobacco_user and i.person_id is not null then i.evidence_code
        else d.screening_code
    end as evidence_code,
    case
        when d.group_index = 1 then
            case when i.person_id is not null then 'cessation intervention' else 'tobacco user, no intervention' end
        when d.is_tobacco_user and i.person_id is not null then 'tobacco user, cessation intervention'
        when d.is_tobacco_user then 'tobacco user'
        when d.is_tobacco_non_user then 'tobacco non-user'
        when d.screening_date is not null then 'screening without a user or non-user answer'
    end as evidence_value
from measures.cms138__denominator as d
left join intervention as i
    on i.period_key = d.period_key
    and i.person_id = d.person_id
