-- measures.cms130__numerator: whether each CMS130 denominator person was screened for
-- colorectal cancer.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": exists "Fecal Occult Blood Test Performed"
--   or exists "Stool DNA with FIT Test Performed" or exists "Flexible Sigmoidoscopy Performed"
--   or exists "CT Colonography Performed" or exists "Colonoscopy Performed".
-- is_numerator is the CQL value before the reporting convention (excluded persons are reported
-- outside the numerator in the result).

-- Each screening kind: the value set, the years its window reaches back before the start of
-- the period (0 = the period itself), and what its lookback is called on a care gap.
with screening_kind (kind, url, years_before, window_name) as (
    values
        ('FOBT', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1011', 0, 'the period'),            -- Fecal Occult Blood Test (FOBT)
        ('sDNA FIT test', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1039', 2, 'the 3-year window'), -- sDNA FIT Test
        ('flexible sigmoidoscopy', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1010', 4, 'the 5-year window'), -- Flexible Sigmoidoscopy
        ('CT colonography', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1038', 4, 'the 5-year window'), -- CT Colonography
        ('colonoscopy', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1020', 9, 'the 10-year window')  -- Colonoscopy
),

-- "Fecal Occult Blood Test Performed" and "Stool DNA with FIT Test Performed": laboratory tests
-- performed (status final/amended/corrected, category laboratory), dated by effective.latest()
-- (the end when present, else the start); they need a value.
lab_test as (
    select
        pr.person_id,
        k.kind,
        cv.code,
        cast(coalesce(o.effective_end, o.effective_start) as date) as screening_date,
        o.value_type is not null as has_value
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'laboratory_test_performed'
        and sr.status = o.status
    join measures.shared__coding_valueset as cv
        on cv.provider = o.provider
        and cv.resource_type = 'Observation'
        and cv.id = o.id
        and cv.element = 'code'
    join screening_kind as k
        on k.url = cv.url
        and k.kind in ('FOBT', 'sDNA FIT test')
    where exists (
        select 1 from measures.shared__coding_concept as cc
        where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
          and cc.element = 'category' and cc.concept = 'laboratory'
    )
),

-- "CT Colonography Performed": diagnostic studies performed (status final/amended/corrected,
-- no category required) dated by the end of effective.toInterval(): a dateTime ends when it
-- starts; a Period without an end runs to the end of time and never ends in a window.
diagnostic_study as (
    select
        pr.person_id,
        k.kind,
        cv.code,
        cast(o.effective_end as date) as screening_date,
        true as has_value
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
    join screening_kind as k
        on k.url = cv.url
        and k.kind = 'CT colonography'
),

-- "Flexible Sigmoidoscopy Performed" and "Colonoscopy Performed": completed procedures dated by
-- the end of performed.toInterval() (as above).
procedure_performed as (
    select
        pr.person_id,
        k.kind,
        cv.code,
        cast(p.performed_end as date) as screening_date,
        true as has_value
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
    join screening_kind as k
        on k.url = cv.url
        and k.kind in ('flexible sigmoidoscopy', 'colonoscopy')
),

-- Every screening on or before the period's last day, judged against its window:
-- during day of Interval[start of "Measurement Period" - N years, end of "Measurement Period"]
-- (FOBT: during day of "Measurement Period"). A screening that fails says why (shown on the
-- care gap); null means it qualifies.
judged as (
    select
        mp.period_key,
        s.person_id,
        s.kind,
        s.code,
        s.screening_date,
        case
            when s.screening_date < cast(mp.period_start - to_years(k.years_before) as date)
                then 'before ' || k.window_name
            when not s.has_value
                then 'without a result'
        end as failed_because
    from (
        select distinct person_id, kind, code, screening_date, has_value from lab_test
        union all
        select distinct person_id, kind, code, screening_date, has_value from diagnostic_study
        union all
        select distinct person_id, kind, code, screening_date, has_value from procedure_performed
    ) as s
    join screening_kind as k
        on k.kind = s.kind
    join measures.shared__measurement_period as mp
        on s.screening_date <= mp.period_end
),

-- Per person: screened when any screening qualifies. The evidence is the latest qualifying
-- screening, else the latest that does not qualify.
screened as (
    select
        period_key,
        person_id,
        bool_or(failed_because is null) as is_numerator,
        arg_max(screening_date, [(failed_because is null)::integer, epoch(screening_date)]) as evidence_date,
        arg_max(code, [(failed_because is null)::integer, epoch(screening_date)]) as evidence_code,
        arg_max(kind || coalesce(' ' || failed_because, ''), [(failed_because is null)::integer, epoch(screening_date)])
            as evidence_value
    from judged
    group by period_key, person_id
)

select
    d.period_key,
    d.person_id,
    coalesce(s.is_numerator, false) as is_numerator,
    s.evidence_date,
    s.evidence_code,
    coalesce(s.evidence_value, 'no colorectal cancer screening on record') as evidence_value
from measures.cms130__denominator as d
left join screened as s
    on s.period_key = d.period_key
    and s.person_id = d.person_id
