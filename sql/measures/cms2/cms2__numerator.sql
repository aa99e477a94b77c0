-- measures.cms2__numerator: whether each CMS2 denominator person meets the numerator.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": aged 12-16 at the start of the period with the most recent
-- adolescent screening negative, or positive with follow-up; aged 17 with either kind; aged
-- 18 or older with the adult kind. "Most Recent ... Depression Screening Positive and Follow Up
-- Provided": the screening starts 14 days or less on or before day of the start of a
-- qualifying encounter, and a follow-up intervention either starts (performed) during that
-- encounter or is authored 2 days or less on or after day of its end, and its start
-- (performed, else authoredOn) falls during day of the period. is_numerator is the CQL value
-- before the reporting convention (excluded persons are reported outside the numerator).

-- "Follow Up Intervention for Positive Adolescent/Adult Depression Screening": medication
-- orders (active/completed, intent order), referrals (active/completed) and completed
-- follow-up procedures, by kind.
with follow_up_valueset (url, kind) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1567', 'adolescent'), -- Adolescent Depression Medications
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1566', 'adult'),      -- Adult Depression Medications
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1570', 'adolescent'), -- Referral for Adolescent Depression
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1571', 'adult'),      -- Referral for Adult Depression
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1569', 'adolescent'), -- Follow Up for Adolescent Depression
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1568', 'adult')       -- Follow Up for Adult Depression
),

follow_up as (
    select distinct pr.person_id, fv.kind, cv.code, null::timestamp as performed_start, m.authored_on
    from core.medication_request as m
    join core.person_record as pr
        on pr.provider = m.provider
        and pr.patient_id = m.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = m.provider
        and cv.resource_type = 'MedicationRequest'
        and cv.id = m.id
        and cv.element = 'medication'
    join follow_up_valueset as fv
        on fv.url = cv.url
    where m.status in ('active', 'completed')
        and m.intent = 'order'
    union all
    select distinct pr.person_id, fv.kind, cv.code, null::timestamp as performed_start, s.authored_on
    from core.service_request as s
    join core.person_record as pr
        on pr.provider = s.provider
        and pr.patient_id = s.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = s.provider
        and cv.resource_type = 'ServiceRequest'
        and cv.id = s.id
        and cv.element = 'code'
    join follow_up_valueset as fv
        on fv.url = cv.url
    where s.status in ('active', 'completed')
    union all
    select distinct pr.person_id, fv.kind, cv.code, p.performed_start, null::timestamp as authored_on
    from core.procedure as p
    join core.person_record as pr
        on pr.provider = p.provider
        and pr.patient_id = p.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = p.provider
        and cv.resource_type = 'Procedure'
        and cv.id = p.id
        and cv.element = 'code'
    join follow_up_valueset as fv
        on fv.url = cv.url
    where p.status = 'completed'
),

-- The most recent screening of each kind, with its answer.
most_recent as (
    select period_key, person_id, kind, code, effective_start, effective_end, is_negative, is_positive
    from measures.cms2__depression_screening
    where is_most_recent
),

-- Positive most recent screenings followed up in time, by kind.
followed_up as (
    select
        mr.period_key,
        mr.person_id,
        mr.kind,
        max(cast(coalesce(f.performed_start, f.authored_on) as date)) as follow_up_date,
        arg_max(f.code, case when coalesce(f.performed_start, f.authored_on) is not null then (coalesce(f.performed_start, f.authored_on), f.code) end) as follow_up_code
    from most_recent as mr
    join measures.cms2__qualifying_encounter as qe
        on qe.period_key = mr.period_key
        and qe.person_id = mr.person_id
        and cast(mr.effective_start as date)
            between cast(qe.period_start as date) - 14 and cast(qe.period_start as date)
    join follow_up as f
        on f.person_id = mr.person_id
        and f.kind = mr.kind
        and (
            (f.performed_start >= qe.period_start and f.performed_start <= qe.period_end)
            or cast(f.authored_on as date)
                between cast(qe.period_end as date) and cast(qe.period_end as date) + 2
        )
    join measures.shared__measurement_period as mp
        on mp.period_key = mr.period_key
        and cast(coalesce(f.performed_start, f.authored_on) as date) between mp.period_start and mp.period_end
    where mr.is_positive
    group by mr.period_key, mr.person_id, mr.kind
),

-- Each kind's outcome: negative, or positive and followed up.
outcome as (
    select
        mr.period_key,
        mr.person_id,
        mr.kind,
        mr.code as screening_code,
        mr.is_negative,
        fu.person_id is not null as is_followed_up,
        cast(coalesce(mr.effective_end, mr.effective_start) as date) as screening_date,
        fu.follow_up_date,
        fu.follow_up_code,
        mr.is_positive
    from most_recent as mr
    left join followed_up as fu
        on fu.period_key = mr.period_key
        and fu.person_id = mr.person_id
        and fu.kind = mr.kind
),

-- The kinds that count at the person's age at the start of the period.
counted as (
    select
        d.period_key,
        d.person_id,
        o.kind,
        o.is_negative or o.is_followed_up as is_met,
        o.is_negative,
        o.is_positive,
        o.is_followed_up,
        o.screening_date,
        o.screening_code,
        o.follow_up_date,
        o.follow_up_code
    from measures.cms2__denominator as d
    join outcome as o
        on o.period_key = d.period_key
        and o.person_id = d.person_id
    where (o.kind = 'adolescent' and d.age_years between 12 and 17)
        or (o.kind = 'adult' and d.age_years >= 17)
),

-- One row per person: met if any counted kind is met; the evidence is the best kind's.
person_outcome as (
    select
        period_key,
        person_id,
        bool_or(is_met) as is_met,
        arg_max(
            struct_pack(is_met, is_negative, is_positive, is_followed_up, screening_date, screening_code, follow_up_date, follow_up_code, kind),
            struct_pack(is_met, screening_date, kind, screening_code, follow_up_date, follow_up_code)
        ) as best
    from counted
    group by period_key, person_id
)

select
    d.period_key,
    d.person_id,
    coalesce(po.is_met, false) as is_numerator,
    coalesce(po.best.follow_up_date, po.best.screening_date) as evidence_date,
    case
        when po.best.is_followed_up then po.best.follow_up_code
        else po.best.screening_code
    end as evidence_code,
    case
        when po.person_id is null then 'no result in period'
        when po.best.is_negative then po.best.kind || ' screening negative'
        when po.best.is_followed_up then po.best.kind || ' screening positive, followed up'
        when po.best.is_positive then po.best.kind || ' screening positive, no timely follow-up'
        else po.best.kind || ' screening without a positive or negative answer'
    end as evidence_value
from measures.cms2__denominator as d
left join person_outcome as po
    on po.period_key = d.period_key
    and po.person_id = d.person_id
