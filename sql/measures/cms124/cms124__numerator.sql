-- measures.cms124__numerator: whether each CMS124 denominator person was screened for cervical
-- cancer.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": exists "Cervical Cytology Within 3 Years"
--   or exists "HPV Test Within 5 Years for Women Age 30 and Older".
-- is_numerator is the CQL value before the reporting convention (excluded persons are reported
-- outside the numerator in the result).

-- Laboratory tests performed (status final/amended/corrected, category laboratory) coded as a
-- Pap test or an HPV test, dated by effective.latest() (the end when present, else the start).
-- Each test once, before it meets the periods.
with lab_test as (
    select distinct
        pr.person_id,
        o.provider,
        o.id,
        case cv.url
            when 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1017' then 'cervical cytology'
            else 'HPV test'
        end as kind,
        cv.code,
        cast(coalesce(o.effective_end, o.effective_start) as date) as test_date,
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
        and cv.url in (
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1017', -- Pap Test
            'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1059'  -- HPV Test
        )
    where coalesce(o.effective_end, o.effective_start) is not null
        and exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'category' and cc.concept = 'laboratory'
        )
),

-- Each test's age of the person at its date: AgeInYearsAt(date from latest()), whole years
-- (a birthday on the test date counts). Without a birth date the age is null and fails.
aged as (
    select
        t.person_id,
        t.kind,
        t.code,
        t.test_date,
        t.has_value,
        coalesce(
            extract(year from t.test_date) - extract(year from p.birth_date)
            - case
                when extract(month from t.test_date) < extract(month from p.birth_date)
                  or (extract(month from t.test_date) = extract(month from p.birth_date)
                      and extract(day from t.test_date) < extract(day from p.birth_date))
                then 1
                else 0
              end >= 30,
            false) as is_30_or_older
    from lab_test as t
    left join core.person as p
        on p.person_id = t.person_id
),

-- The tests that can meet a rule whatever the period (one row per person and date; the same
-- day's tests show the lower code):
--   "Cervical Cytology Within 3 Years": a cytology with a value;
--   "HPV Test Within 5 Years for Women Age 30 and Older": an HPV test with a value taken at
--   30 or older.
cytology as (
    select person_id, test_date, min(code) as code
    from aged
    where kind = 'cervical cytology' and has_value
    group by person_id, test_date
),

hpv as (
    select person_id, test_date, min(code) as code
    from aged
    where kind = 'HPV test' and has_value and is_30_or_older
    group by person_id, test_date
),

-- Every test, one per person and date (for the evidence when no test meets its rule).
any_test as (
    select
        person_id,
        test_date,
        arg_min(kind, [kind, code, (not has_value)::varchar, (not is_30_or_older)::varchar]) as kind,
        arg_min(code, [kind, code, (not has_value)::varchar, (not is_30_or_older)::varchar]) as code,
        arg_min(has_value, [kind, code, (not has_value)::varchar, (not is_30_or_older)::varchar]) as has_value,
        arg_min(is_30_or_older, [kind, code, (not has_value)::varchar, (not is_30_or_older)::varchar]) as is_30_or_older
    from aged
    group by person_id, test_date
),

-- Each denominator person with the period.
denominator_period as (
    select
        d.period_key,
        d.person_id,
        mp.period_start,
        mp.period_end
    from measures.cms124__denominator as d
    join measures.shared__measurement_period as mp
        on mp.period_key = d.period_key
),

-- A rule is met exactly when the latest test that can meet it, on or before the period's last
-- day, lies in its window (latest() during day of Interval[start of "Measurement Period" - 2
-- years (cytology) or - 4 years (HPV), end of "Measurement Period"]); as-of joins find those
-- latest tests without pairing every test with every period.
with_cytology as (
    select
        dp.*,
        c.test_date as cytology_date,
        c.code as cytology_code,
        c.test_date >= cast(dp.period_start - interval 2 year as date) as cytology_ok
    from denominator_period as dp
    asof left join cytology as c
        on c.person_id = dp.person_id
        and c.test_date <= dp.period_end
),

with_hpv as (
    select
        wc.*,
        h.test_date as hpv_date,
        h.code as hpv_code,
        h.test_date >= cast(wc.period_start - interval 4 year as date) as hpv_ok
    from with_cytology as wc
    asof left join hpv as h
        on h.person_id = wc.person_id
        and h.test_date <= wc.period_end
),

-- The latest test of any kind, judged against its rule: a test that fails says why (shown on
-- the care gap).
with_any as (
    select
        wh.*,
        a.test_date as any_date,
        a.kind as any_kind,
        a.code as any_code,
        case
            when a.kind = 'cervical cytology' and a.test_date < cast(wh.period_start - interval 2 year as date)
                then 'before the 3-year window'
            when a.kind = 'HPV test' and a.test_date < cast(wh.period_start - interval 4 year as date)
                then 'before the 5-year window'
            when a.kind = 'HPV test' and not a.is_30_or_older
                then 'before age 30'
            when not a.has_value
                then 'without a result'
        end as failed_because
    from with_hpv as wh
    asof left join any_test as a
        on a.person_id = wh.person_id
        and a.test_date <= wh.period_end
)
-- Screened when either rule is met. The evidence is the latest test that meets its rule
-- (cytology on a tie), else the latest test with why it fails.
select
    period_key,
    person_id,
    coalesce(cytology_ok, false) or coalesce(hpv_ok, false) as is_numerator,
    case
        when cytology_ok and (not coalesce(hpv_ok, false) or cytology_date >= hpv_date) then cytology_date
        when hpv_ok then hpv_date
        else any_date
    end as evidence_date,
    case
        when cytology_ok and (not coalesce(hpv_ok, false) or cytology_date >= hpv_date) then cytology_code
        when hpv_ok then hpv_code
        else any_code
    end as evidence_code,
    case
        when cytology_ok and (not coalesce(hpv_ok, false) or cytology_date >= hpv_date) then 'cervical cytology'
        when hpv_ok then 'HPV test'
        when any_date is null then 'no cervical cytology or HPV test on record'
        else any_kind || coalesce(' ' || failed_because, '')
    end as evidence_value
from with_any
