-- measures.cms69__numerator: whether each CMS69 denominator person meets the numerator.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": exists "High BMI and Follow up Provided" or exists "Low BMI and
-- Follow up Provided" or "Has Normal BMI", with "BMI during Measurement Period", "Documented
-- Low/High BMI during Measurement Period" and "High/Low BMI Interventions Ordered/Performed".
-- is_numerator is the CQL value before the reporting convention (excluded persons are
-- reported outside the numerator). Day-precision comparisons use dates; "starts before or
-- on day of X" compares the prevalence start with the start of X (a condition without an onset
-- starts at the beginning of time).

-- "BMI during Measurement Period": ["observation-bmi"], Observations that conform to the FHIR
-- BMI vital-signs profile (QI-Core 4.1.1 observation-bmi): coded LOINC 39156-5 with the
-- required category vital-signs; status final/amended/corrected, a Quantity above 0 'kg/m2'
-- (other units do not compare); each observation once, before it meets the periods ...
with bmi_observation as (
    select distinct
        pr.person_id,
        o.provider,
        o.id,
        cast(coalesce(o.effective_end, o.effective_start) as date) as bmi_date,
        cast(o.effective_start as date) as start_date,
        cast(o.effective_end as date) as end_date,
        o.value_quantity,
        cc.code
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
    where o.status in ('final', 'amended', 'corrected')
        and exists (
            select 1 from measures.shared__coding_concept as vs
            where vs.provider = o.provider and vs.resource_type = 'Observation' and vs.id = o.id
              and vs.element = 'category' and vs.concept = 'vital-signs'
        )
        and o.value_type = 'Quantity'
        and o.value_unit = 'kg/m2'
        and o.value_quantity > 0
),

-- ... whose effective interval lies during day of the period. seq orders each person's BMIs by
-- date, then provider and id, so the latest of a period is the one with the highest seq.
bmi as (
    select
        mp.period_key,
        b.person_id,
        b.provider,
        b.id,
        b.bmi_date,
        b.value_quantity,
        b.code,
        b.seq
    from (
        select
            *,
            row_number() over (partition by person_id order by bmi_date, provider, id) as seq
        from bmi_observation
    ) as b
    join measures.shared__measurement_period as mp
        on b.start_date >= mp.period_start
        and b.end_date <= mp.period_end
),

-- The person's BMIs classified: any high (>= 25) or low (< 18.5) BMI rules out "normal".
bmi_summary as (
    select
        period_key,
        person_id,
        bool_or(value_quantity >= 25) as has_high,
        bool_or(value_quantity < 18.5) as has_low,
        bool_or(value_quantity >= 18.5 and value_quantity < 25) as has_in_range,
        max(bmi_date) as latest_date,
        -- two BMIs on the latest day: the last by provider and id, so the evidence repeats
        arg_max(value_quantity, seq) as latest_value,
        arg_max(code, seq) as latest_code
    from bmi
    group by period_key, person_id
),

-- Overweight/obese and underweight conditions with their prevalence and the QICoreCommon
-- tests the interventions use (isProblemListItem, isHealthConcern, isActive).
weight_condition as (
    select
        cp.person_id,
        case cv.url
            when 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.502' then 'high'
            else 'low'
        end as kind,
        cast(cp.prevalence_start as date) as start_date,
        cast(cp.prevalence_end as date) as end_date,
        cp.is_end_open,
        c.clinical_status in ('active', 'recurrence', 'relapse') as is_active,
        exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = cp.provider and cc.resource_type = 'Condition' and cc.id = cp.id
              and cc.element = 'category' and cc.concept = 'problem-list-item'
        ) as is_problem_list_item,
        exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = cp.provider and cc.resource_type = 'Condition' and cc.id = cp.id
              and cc.element = 'category' and cc.concept = 'health-concern'
        ) as is_health_concern
    from measures.shared__condition_prevalence as cp
    join core.condition as c
        on c.provider = cp.provider
        and c.id = cp.id
    join (
        select distinct provider, id, url
        from measures.shared__coding_valueset
        where resource_type = 'Condition'
          and element = 'code'
          and url in (
              'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.502', -- Overweight or Obese
              'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1563'  -- Underweight
          )
    ) as cv
        on cv.provider = cp.provider
        and cv.id = cp.id
),

-- The follow-up value sets: which retrieve (kind high/low, resource) each belongs to.
follow_up_valueset (url, kind, resource_type) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1525', 'high', 'ServiceRequest'),   -- Follow Up for Above Normal BMI
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1527', 'high', 'ServiceRequest'),   -- Referrals Where Weight Assessment May Occur
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1561', 'high', 'MedicationRequest'), -- Medications for Above Normal BMI
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1525', 'high', 'Procedure'),        -- Follow Up for Above Normal BMI
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1528', 'low', 'ServiceRequest'),    -- Follow Up for Below Normal BMI
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1527', 'low', 'ServiceRequest'),    -- Referrals Where Weight Assessment May Occur
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1562', 'low', 'MedicationRequest'), -- Medications for Below Normal BMI
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1528', 'low', 'Procedure')         -- Follow Up for Below Normal BMI
),

-- Candidate interventions (no status or doNotPerform test: the CQL has none, except the
-- completed status of a low-BMI procedure justified by its reason code). requests carry
-- authoredOn, procedures their performed interval.
intervention as (
    select distinct
        pr.person_id,
        fv.kind,
        'request' as form,
        x.provider,
        x.resource_type,
        x.id,
        x.status,
        x.authored_on,
        cast(null as timestamp) as performed_start,
        cast(null as timestamp) as performed_end,
        cv.code
    from (
        select provider, 'ServiceRequest' as resource_type, id, patient_id, status, authored_on
        from core.service_request
        union all
        select provider, 'MedicationRequest' as resource_type, id, patient_id, status, authored_on
        from core.medication_request
    ) as x
    join core.person_record as pr
        on pr.provider = x.provider
        and pr.patient_id = x.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = x.provider
        and cv.resource_type = x.resource_type
        and cv.id = x.id
        and cv.element = case x.resource_type when 'MedicationRequest' then 'medication' else 'code' end
    join follow_up_valueset as fv
        on fv.url = cv.url
        and fv.resource_type = x.resource_type
    union all
    select distinct
        pr.person_id,
        fv.kind,
        'procedure' as form,
        p.provider,
        'Procedure' as resource_type,
        p.id,
        p.status,
        cast(null as timestamp) as authored_on,
        p.performed_start,
        p.performed_end,
        cv.code
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
        and fv.resource_type = 'Procedure'
),

-- Whether each intervention's reasonCode is in "Overweight or Obese" (high) or "Underweight"
-- (low).
intervention_reason as (
    select
        i.*,
        exists (
            select 1 from measures.shared__coding_valueset as rv
            where rv.provider = i.provider and rv.resource_type = i.resource_type and rv.id = i.id
              and rv.element = 'reasonCode'
              and rv.url = case i.kind
                  when 'high' then 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.502' -- Overweight or Obese
                  else 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1563'             -- Underweight
              end
        ) as has_reason
    from intervention as i
),

-- The interventions that qualify, per the four defines.
qualifying_intervention as (
    select
        mp.period_key,
        ir.person_id,
        ir.kind,
        cast(coalesce(ir.performed_start, ir.authored_on) as date) as evidence_date,
        ir.code as evidence_code
    from intervention_reason as ir
    cross join measures.shared__measurement_period as mp
    where
        -- Coalesce(performed.toInterval(), authoredOn.toInterval()) starts during day of the period
        cast(coalesce(ir.performed_start, ir.authored_on) as date) between mp.period_start and mp.period_end
        and case
            -- "High BMI Interventions Ordered"
            when ir.kind = 'high' and ir.form = 'request' then
                ir.has_reason
                or exists (
                    select 1 from weight_condition as wc
                    where wc.person_id = ir.person_id and wc.kind = 'high'
                      and (wc.is_problem_list_item or wc.is_health_concern)
                      and wc.is_active
                      and (wc.start_date is null or wc.start_date <= cast(ir.authored_on as date))
                )
            -- "High BMI Interventions Performed"
            when ir.kind = 'high' then
                ir.has_reason
                or exists (
                    select 1 from weight_condition as wc
                    where wc.person_id = ir.person_id and wc.kind = 'high'
                      and (wc.start_date is null or wc.start_date <= cast(ir.performed_start as date))
                      and (wc.is_end_open or wc.end_date >= cast(ir.performed_start as date))
                )
            -- "Low BMI Interventions Ordered"
            when ir.form = 'request' then
                ir.has_reason
                or exists (
                    select 1 from weight_condition as wc
                    where wc.person_id = ir.person_id and wc.kind = 'low'
                      and wc.is_health_concern
                      and wc.is_active
                      and (wc.start_date is null or wc.start_date <= cast(ir.authored_on as date))
                      and cast(ir.authored_on as date) between mp.period_start and mp.period_end
                )
            -- "Low BMI Interventions Performed"
            else
                (ir.has_reason and ir.status = 'completed')
                or exists (
                    select 1 from weight_condition as wc
                    where wc.person_id = ir.person_id and wc.kind = 'low'
                      and wc.is_health_concern
                      and wc.is_active
                      and (wc.start_date is null or wc.start_date <= cast(ir.performed_start as date))
                      and cast(ir.performed_start as date) >= mp.period_start
                      and cast(ir.performed_end as date) <= mp.period_end
                      and (wc.is_end_open or wc.end_date >= cast(ir.performed_start as date))
                )
        end
),

-- Follow-up per kind.
follow_up as (
    select
        period_key,
        person_id,
        kind,
        max(evidence_date) as evidence_date,
        arg_max(evidence_code, {'date': evidence_date, 'code': evidence_code}) as evidence_code
    from qualifying_intervention
    group by period_key, person_id, kind
),

-- The three numerator branches.
branch as (
    select
        d.period_key,
        d.person_id,
        coalesce(b.has_high, false) and hf.person_id is not null as is_high_followed_up,
        coalesce(b.has_low, false) and lf.person_id is not null as is_low_followed_up,
        coalesce(b.has_in_range and not b.has_high and not b.has_low, false) as has_normal_bmi,
        b.person_id is not null as has_bmi,
        b.has_high,
        b.has_low,
        b.latest_date,
        b.latest_value,
        b.latest_code,
        hf.evidence_date as high_date,
        hf.evidence_code as high_code,
        lf.evidence_date as low_date,
        lf.evidence_code as low_code
    from measures.cms69__denominator as d
    left join bmi_summary as b
        on b.period_key = d.period_key
        and b.person_id = d.person_id
    left join follow_up as hf
        on hf.period_key = d.period_key
        and hf.person_id = d.person_id
        and hf.kind = 'high'
    left join follow_up as lf
        on lf.period_key = d.period_key
        and lf.person_id = d.person_id
        and lf.kind = 'low'
)

select
    period_key,
    person_id,
    is_high_followed_up or is_low_followed_up or has_normal_bmi as is_numerator,
    case
        when is_high_followed_up then high_date
        when is_low_followed_up then low_date
        else latest_date
    end as evidence_date,
    case
        when is_high_followed_up then high_code
        when is_low_followed_up then low_code
        else latest_code
    end as evidence_code,
    case
        when not has_bmi then 'no result in period'
        when is_high_followed_up then 'BMI 25 or above, followed up'
        when is_low_followed_up then 'BMI below 18.5, followed up'
        when has_normal_bmi then 'BMI ' || regexp_replace(cast(round(latest_value, 1) as varchar), '\.0$', '') || ' kg/m2 (normal)'
        when has_high and has_low then 'BMI above and below normal, no follow-up'
        when has_high then 'BMI 25 or above, no follow-up'
        else 'BMI below 18.5, no follow-up'
    end as evidence_value
from branch
