-- measures.cms125__numerator: whether each CMS125 denominator person had a mammogram in the
-- screening window.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": exists [Observation: "Mammography"] isDiagnosticStudyPerformed()
-- whose effective.toInterval() ends during day of
-- Interval["October 1 Two Years Prior to the Measurement Period", end of "Measurement Period"].
-- is_numerator is the CQL value before the reporting convention (excluded persons are reported
-- outside the numerator in the result).

-- "October 1 Two Years Prior to the Measurement Period": DateTime(year from start of
-- "Measurement Period" - 2, 10, 1), i.e. 27 months before the end of a calendar-year period.
with screening_window as (
    select
        period_key,
        make_date(cast(extract(year from period_start) as integer) - 2, 10, 1) as window_start,
        period_end as window_end
    from measures.shared__measurement_period
),

-- Mammograms (status final/amended/corrected; no category is required) that ended on or before
-- the end of the period. effective[x] as a dateTime ends when it starts; a Period without an
-- end runs to the end of time and so never ends during the window (and is left out here).
mammogram as (
    select distinct
        w.period_key,
        pr.person_id,
        o.provider,
        o.id,
        cv.code,
        cast(o.effective_end as date) as end_date,
        cast(o.effective_end as date) >= w.window_start as is_in_window
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'diagnostic_study_performed'
        and sr.status = o.status
    join measures.shared__coding_valueset as cv
        on cv.provider = o.provider
        and cv.resource_type = 'Observation'
        and cv.id = o.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1018' -- Mammography
    join screening_window as w
        on cast(o.effective_end as date) <= w.window_end
),

-- Per person: in the numerator when a mammogram ended in the window. The evidence is the
-- latest mammogram in the window, else the latest before it (shown on the care gap).
screened as (
    select
        period_key,
        person_id,
        bool_or(is_in_window) as is_numerator,
        arg_max(end_date, [is_in_window::integer, epoch(end_date)]) as evidence_date,
        arg_max(code, [is_in_window::integer, epoch(end_date)]) as evidence_code
    from mammogram
    group by period_key, person_id
)

select
    d.period_key,
    d.person_id,
    coalesce(s.is_numerator, false) as is_numerator,
    s.evidence_date,
    s.evidence_code,
    case
        when s.person_id is null then 'no mammogram on record'
        when s.is_numerator then 'mammogram'
        else 'mammogram before the screening window'
    end as evidence_value
from measures.cms125__denominator as d
left join screened as s
    on s.period_key = d.period_key
    and s.person_id = d.person_id
