-- measures.cms124__numerator: whether each CMS124 denominator person was screened for cervical
-- cancer.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": exists "Cervical Cytology Within 3 Years"
--   or exists "HPV Test Within 5 Years for Women Age 30 and Older".
-- is_numerator is the CQL value before the reporting convention (excluded persons are reported
-- outside the numerator in the result).

-- Laboratory tests performed (status final/amended/corrected, category laboratory) coded as a
-- Pap test or an HPV test, dated by effective.latest() (the end when present, else the start),
-- on or before the period's last day.
with lab_test as (
    select distinct
        mp.period_key,
        pr.person_id,
        o.provider,
        o.id,
        case cv.url
            when 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1017' then 'cervical cytology'
            else 'HPV test'
        end as kind,
        cv.code,
        cast(coalesce(o.effective_end, o.effective_start) as date) as test_date,
        o.value_type is not null as has_value,
        mp.period_start,
        mp.period_end
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
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1017', -- Pap Test
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1059'  -- HPV Test
        )
    join measures.shared__measurement_period as mp
        on cast(coalesce(o.effective_end, o.effective_start) as date) <= mp.period_end
    -- Only the denominator's people in each period are asked about (the result keeps no one else).
    join measures.cms124__denominator as d
        on d.period_key = mp.period_key
        and d.person_id = pr.person_id
    where exists (
        select 1 from measures.shared__coding_concept as cc
        where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
          and cc.element = 'category' and cc.concept = 'laboratory'
    )
),

-- Each test's age of the person at its date: AgeInYearsAt(date from latest()), whole years
-- (a birthday on the test date counts). Without a birth date the age is null.
aged as (
    select
        t.*,
        extract(year from t.test_date) - extract(year from p.birth_date)
            - case
                when extract(month from t.test_date) < extract(month from p.birth_date)
                  or (extract(month from t.test_date) = extract(month from p.birth_date)
                      and extract(day from t.test_date) < extract(day from p.birth_date))
                then 1
                else 0
              end as age_at_test
    from lab_test as t
    left join core.person as p
        on p.person_id = t.person_id
),

-- Each test judged against its rule:
--   "Cervical Cytology Within 3 Years": latest() during day of
--     Interval[start of "Measurement Period" - 2 years, end of "Measurement Period"], value not null;
--   "HPV Test Within 5 Years for Women Age 30 and Older": AgeInYearsAt(date from latest()) >= 30,
--     latest() during day of Interval[start of "Measurement Period" - 4 years, end of
--     "Measurement Period"], value not null.
-- A test that fails says why (shown on the care gap); null means it qualifies.
judged as (
    select
        period_key,
        person_id,
        kind,
        code,
        test_date,
        case
            when kind = 'cervical cytology' and test_date < cast(period_start - interval 2 year as date)
                then 'before the 3-year window'
            when kind = 'HPV test' and test_date < cast(period_start - interval 4 year as date)
                then 'before the 5-year window'
            when kind = 'HPV test' and not coalesce(age_at_test >= 30, false)
                then 'before age 30'
            when not has_value
                then 'without a result'
        end as failed_because
    from aged
),

-- Per person: screened when any test meets its rule. The evidence is the latest test that
-- does, else the latest that does not.
screened as (
    select
        period_key,
        person_id,
        bool_or(failed_because is null) as is_numerator,
        arg_max(test_date, [(failed_because is null)::integer, epoch(test_date)]) as evidence_date,
        arg_max(code, [(failed_because is null)::integer, epoch(test_date)]) as evidence_code,
        arg_max(kind || coalesce(' ' || failed_because, ''), [(failed_because is null)::integer, epoch(test_date)])
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
    coalesce(s.evidence_value, 'no cervical cytology or HPV test on record') as evidence_value
from measures.cms124__denominator as d
left join screened as s
    on s.period_key = d.period_key
    and s.person_id = d.person_id
