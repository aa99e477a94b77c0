-- measures.cms131__numerator: whether each CMS131 denominator person had the retinal exam the
-- measure asks for.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator":
--   ("Diabetic Retinopathy Overlapping Measurement Period" and exists "Retinal Exam in
--    Measurement Period")
--   or (not "Diabetic Retinopathy Overlapping Measurement Period" and exists "Retinal Exam in
--    Measurement Period or Year Prior").
-- is_numerator is the CQL value before the reporting convention (excluded persons are reported
-- outside the numerator in the result).

-- [Observation: "Retinal or Dilated Eye Exam"].isPhysicalExamPerformed(): status
-- final/amended/corrected and a category coded "exam". effective.toInterval() as days: a
-- dateTime is [t, t]; a Period without an end runs to the end of time and one without a start
-- has an unknown start, so neither lies during a bounded interval.
with retinal_exam as (
    select distinct
        pr.person_id,
        cv.code,
        cast(o.effective_start as date) as start_date,
        cast(o.effective_end as date) as end_date
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'physical_exam_performed'
        and sr.status = o.status
    join measures.shared__coding_valueset as cv
        on cv.provider = o.provider
        and cv.resource_type = 'Observation'
        and cv.id = o.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.115.12.1088' -- Retinal or Dilated Eye Exam
    join measures.shared__coding_concept as cat
        on cat.provider = o.provider
        and cat.resource_type = 'Observation'
        and cat.id = o.id
        and cat.element = 'category'
        and cat.concept = 'exam'
    where o.effective_start is not null
        and o.effective_end is not null
),

-- Each denominator person's exams during day of Interval[start of "Measurement Period" - 1 year,
-- end of "Measurement Period"], flagged when they lie during day of the period itself.
exam_in_window as (
    select
        d.period_key,
        d.person_id,
        max(re.end_date) as latest_exam_date,
        arg_max(re.code, case when re.end_date is not null then (re.end_date, re.code) end) as latest_exam_code,
        bool_or(re.start_date >= mp.period_start) as has_exam_in_period
    from measures.cms131__denominator as d
    join measures.shared__measurement_period as mp
        on mp.period_key = d.period_key
    join retinal_exam as re
        on re.person_id = d.person_id
        and re.start_date >= cast(mp.period_start - interval 1 year as date)
        and re.end_date <= mp.period_end
    group by d.period_key, d.person_id
),

-- "Diabetic Retinopathy Overlapping Measurement Period": a diabetic retinopathy condition whose
-- prevalence interval overlaps day of the period.
retinopathy as (
    select distinct
        d.period_key,
        d.person_id
    from measures.cms131__denominator as d
    join measures.shared__measurement_period as mp
        on mp.period_key = d.period_key
    join measures.shared__condition_prevalence as cp
        on cp.person_id = d.person_id
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.327' -- Diabetic Retinopathy
    where (cp.prevalence_start is null or cast(cp.prevalence_start as date) <= mp.period_end)
        and case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date) >= mp.period_start
            when cp.is_end_open then true
            else cast(cp.prevalence_start as date) >= mp.period_start
        end
),

-- The flags each branch of the numerator reads.
classified as (
    select
        d.period_key,
        d.person_id,
        r.person_id is not null as has_retinopathy,
        coalesce(x.has_exam_in_period, false) as has_exam_in_period,
        x.person_id is not null as has_exam_in_period_or_year_prior,
        x.latest_exam_date,
        x.latest_exam_code
    from measures.cms131__denominator as d
    left join retinopathy as r
        on r.period_key = d.period_key
        and r.person_id = d.person_id
    left join exam_in_window as x
        on x.period_key = d.period_key
        and x.person_id = d.person_id
)

select
    period_key,
    person_id,
    case
        when has_retinopathy then has_exam_in_period
        else has_exam_in_period_or_year_prior
    end as is_numerator,
    has_retinopathy,
    has_exam_in_period,
    has_exam_in_period_or_year_prior,
    latest_exam_date as evidence_date,
    latest_exam_code as evidence_code,
    case
        when latest_exam_date is null then 'no result in period'
        when has_retinopathy and has_exam_in_period then 'retinal exam in the period; retinopathy'
        when has_retinopathy then 'retinopathy; last retinal exam in the year before the period'
        when has_exam_in_period then 'retinal exam in the period; no retinopathy'
        else 'retinal exam in the year before the period; no retinopathy'
    end as evidence_value
from classified
