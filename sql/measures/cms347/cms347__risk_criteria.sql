-- measures.cms347__risk_criteria: the clinical criteria that place a person in the CMS347
-- populations, per period.
-- Grain: period_key x person_id x criterion (only the criteria a person meets), with the
-- latest record that meets it as evidence.
-- Implements StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR 0.2.000:
--   "ASVCD Diagnosis or Procedure before End of Measurement Period" -> criterion 'ascvd'
--   "Myocardial Infarction before End of Measurement Period"        -> 'subsequent_mi'
--   "LDL Result Greater Than or Equal To 190"                       -> 'ldl_190'
--   "Hypercholesterolemia Diagnosis"                                -> 'hypercholesterolemia'
--   "Has Diabetes Diagnosis"                                        -> 'diabetes'
--   "Ten Year CVD Risk is High"                                     -> 'high_cvd_risk' 
-- Conditions count only as problem-list items or health concerns (QICoreCommon
-- isProblemListItem(), isHealthConcern()), through their prevalenceInterval().

-- Which criterion each condition value set (or direct-reference code) feeds.
with condition_criterion (url, criterion) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.403', 'ascvd'),           -- Myocardial Infarction
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.44', 'ascvd'),           -- Cerebrovascular Disease Stroke or TIA
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.21', 'ascvd'),           -- Atherosclerosis and Peripheral Arterial Disease
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.46', 'ascvd'),           -- Ischemic Heart Disease or Other Related Diagnoses
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.47', 'ascvd'),           -- Stable and Unstable Angina
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1047.100', 'hypercholesterolemia'), -- Familial Hypercholesterolemia
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001', 'diabetes')   -- Diabetes
),

-- Conditions coded in one of those value sets, or as "Subsequent non-ST elevation (NSTEMI)
-- myocardial infarction", that are problem-list items or health concerns.
listed_condition as (
    select distinct
        cp.person_id,
        cp.provider,
        cp.id,
        c.criterion,
        c.system,
        c.code,
        cp.prevalence_start,
        cp.prevalence_end,
        cp.is_end_open
    from measures.shared__condition_prevalence as cp
    join (
        select cv.provider, cv.id, cc.criterion, cv.system, cv.code
        from measures.shared__coding_valueset as cv
        join condition_criterion as cc
            on cc.url = cv.url
        where cv.resource_type = 'Condition'
          and cv.element = 'code'
        union all
        select provider, id, 'subsequent_mi' as criterion, system, code
        from measures.shared__coding_concept
        where resource_type = 'Condition'
          and element = 'code'
          and concept = 'Subsequent non-ST elevation (NSTEMI) myocardial infarction'
    ) as c
        on c.provider = cp.provider
        and c.id = cp.id
    where exists (
        select 1 from measures.shared__coding_concept as cat
        where cat.provider = cp.provider and cat.resource_type = 'Condition' and cat.id = cp.id
          and cat.element = 'category' and cat.concept in ('problem-list-item', 'health-concern')
    )
),

-- ASCVD, subsequent MI and familial hypercholesterolemia: the prevalence interval starts on or
-- before day of the end of the period (a condition without onset starts at the beginning of
-- time). Diabetes: the prevalence interval overlaps day of the period.
condition_evidence as (
    select
        mp.period_key,
        lc.person_id,
        lc.criterion,
        cast(lc.prevalence_start as date) as evidence_date,
        lc.system as evidence_system,
        lc.code as evidence_code,
        cast(null as varchar) as evidence_value
    from listed_condition as lc
    join measures.shared__measurement_period as mp
        on (lc.prevalence_start is null or cast(lc.prevalence_start as date) <= mp.period_end)
        and (
            lc.criterion <> 'diabetes'
            or case
                when lc.prevalence_end is not null then cast(lc.prevalence_end as date) >= mp.period_start
                when lc.is_end_open then true
                else cast(lc.prevalence_start as date) >= mp.period_start
            end
        )
),

-- ASCVD procedures: a completed PCI, CABG or carotid intervention whose performed interval
-- starts on or before day of the end of the period (a Period without a start starts at an
-- unknown time, so it does not count).
procedure_evidence as (
    select
        mp.period_key,
        pr.person_id,
        'ascvd' as criterion,
        cast(p.performed_start as date) as evidence_date,
        cv.system as evidence_system,
        cv.code as evidence_code,
        cast(null as varchar) as evidence_value
    from core.procedure as p
    join core.person_record as pr
        on pr.provider = p.provider
        and pr.patient_id = p.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = p.provider
        and cv.resource_type = 'Procedure'
        and cv.id = p.id
        and cv.element = 'code'
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1045.67',   -- PCI
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.666.5.694',   -- CABG Surgeries
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.117.1.7.1.204', -- Carotid Intervention
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1138.566'  -- CABG or PCI Procedure
        )
    join measures.shared__measurement_period as mp
        on cast(p.performed_start as date) <= mp.period_end
    where p.status = 'completed'
),

-- "LDL Result Greater Than or Equal To 190": an LDL cholesterol result (final, amended,
-- corrected or appended) whose effective interval starts on or before day of the end of the
-- period and whose Quantity is at least 190 mg/dL. Mass concentrations in other units are
-- converted as UCUM would; a unit that does not convert (mmol/L) does not compare.
ldl_evidence as (
    select
        mp.period_key,
        pr.person_id,
        'ldl_190' as criterion,
        cast(o.effective_start as date) as evidence_date,
        cv.system as evidence_system,
        cv.code as evidence_code,
        regexp_replace(cast(round(o.value_quantity, 1) as varchar), '\.0$', '') || ' ' || o.value_unit as evidence_value
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = o.provider
        and cv.resource_type = 'Observation'
        and cv.id = o.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1573' -- LDL Cholesterol
    join measures.shared__measurement_period as mp
        on cast(o.effective_start as date) <= mp.period_end
    where o.status in ('final', 'amended', 'corrected', 'appended')
        and o.value_type = 'Quantity'
        and case o.value_unit
            when 'mg/dL' then o.value_quantity
            when 'mg/L' then o.value_quantity / 10
            when 'g/L' then o.value_quantity * 100
            when 'g/dL' then o.value_quantity * 1000
        end >= 190
),

-- "Ten Year CVD Risk is High": a 10-year CVD risk observation (any status) whose effective
-- interval lies during day of the period and whose Quantity is at least 20 '%' (a unit of '1'
-- or none is a fraction: 0.2 is 20 %; other units do not compare).
cvd_risk_evidence as (
    select
        mp.period_key,
        pr.person_id,
        'high_cvd_risk' as criterion,
        cast(o.effective_end as date) as evidence_date,
        cc.system as evidence_system,
        cc.code as evidence_code,
        regexp_replace(cast(round(o.value_quantity, 1) as varchar), '\.0$', '') || coalesce(' ' || o.value_unit, '') as evidence_value
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__coding_concept as cc
        on cc.provider = o.provider
        and cc.resource_type = 'Observation'
        and cc.id = o.id
        and cc.element = 'code'
        and cc.concept in (
            'Cardiovascular disease 10Y risk [Likelihood]',
            'Cardiovascular disease 10Y risk [Likelihood] ACC-AHA Pooled Cohort by Goff 2013'
        )
    join measures.shared__measurement_period as mp
        on cast(o.effective_start as date) >= mp.period_start
        and cast(o.effective_end as date) <= mp.period_end
    where o.value_type = 'Quantity'
        and case
            when o.value_unit = '%' then o.value_quantity >= 20
            when o.value_unit is null or o.value_unit = '1' then o.value_quantity * 100 >= 20
        end
),

-- Every criterion met, pooled; each criterion's evidence is its latest record (a condition
-- without onset only when there is nothing else).
evidence as (
    select period_key, person_id, criterion, evidence_date, evidence_system, evidence_code, evidence_value from condition_evidence
    union all
    select period_key, person_id, criterion, evidence_date, evidence_system, evidence_code, evidence_value from procedure_evidence
    union all
    select period_key, person_id, criterion, evidence_date, evidence_system, evidence_code, evidence_value from ldl_evidence
    union all
    select period_key, person_id, criterion, evidence_date, evidence_system, evidence_code, evidence_value from cvd_risk_evidence
)

select
    period_key,
    person_id,
    criterion,
    evidence_date,
    evidence_system,
    evidence_code,
    evidence_value
from evidence
qualify row_number() over (
    partition by period_key, person_id, criterion
    order by evidence_date desc nulls last, evidence_code
) = 1
