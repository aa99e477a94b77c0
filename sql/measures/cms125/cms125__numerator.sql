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

-- Mammograms (status final/amended/corrected; no category is required), one row per person and
-- end date. effective[x] as a dateTime ends when it starts; a Period without an end runs to the
-- end of time and so never ends during the window (and is left out here). Two mammograms
-- ending the same day show the lower code.
mammogram as (
    select
        pr.person_id,
        cast(o.effective_end as date) as end_date,
        min(cv.code) as code
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
    where o.effective_end is not null
    group by pr.person_id, cast(o.effective_end as date)
),

-- Each denominator person with the window of the period.
denominator_window as (
    select
        d.period_key,
        d.person_id,
        w.window_start,
        w.window_end
    from measures.cms125__denominator as d
    join screening_window as w
        on w.period_key = d.period_key
),

-- A mammogram ended in the window exactly when the latest one ending on or before the window's
-- end did, so one as-of join finds both the answer and the evidence: the latest mammogram in
-- the window, else the latest before it (shown on the care gap).
latest as (
    select
        dw.period_key,
        dw.person_id,
        m.end_date,
        m.code,
        m.end_date >= dw.window_start as is_in_window
    from denominator_window as dw
    asof left join mammogram as m
        on m.person_id = dw.person_id
        and m.end_date <= dw.window_end
)

select
    period_key,
    person_id,
    coalesce(is_in_window, false) as is_numerator,
    end_date as evidence_date,
    code as evidence_code,
    case
        when end_date is null then 'no mammogram on record'
        when is_in_window then 'mammogram'
        else 'mammogram before the screening window'
    end as evidence_value
from latest
