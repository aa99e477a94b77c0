-- measures.cms165__numerator: whether each CMS165 denominator person's blood pressure is
-- controlled.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": "Has Systolic Blood Pressure Less Than 140" and "Has Diastolic Blood
-- Pressure Less Than 90", through "Qualifying Systolic/Diastolic Blood Pressure Reading",
-- "Blood Pressure Days", "Most Recent Blood Pressure Day" and "Lowest Systolic/Diastolic
-- Reading on Most Recent Blood Pressure Day". is_numerator is the CQL value before the
-- reporting convention (excluded persons are reported outside the numerator in the result).

-- "Qualifying ... Blood Pressure Reading": blood pressure observations (the QI-Core
-- observation-bp profile, i.e. coded as the blood pressure panel) with status
-- final/amended/corrected, not taken during an encounter of class EMER, IMP, ACUTE, NONAC, PRENC
-- or SS (a reading without an encounter qualifies), whose effective latest() falls during day
-- of the period. Readings are found once, then matched to periods.
with reading_base as (
    select distinct
        pr.person_id,
        o.provider,
        o.id,
        bp.code,
        cast(coalesce(o.effective_end, o.effective_start) as date) as reading_date
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'observation_bp'
        and sr.status = o.status
    join measures.shared__coding_concept as bp
        on bp.provider = o.provider
        and bp.resource_type = 'Observation'
        and bp.id = o.id
        and bp.element = 'code'
        and bp.concept = 'Blood pressure panel'
    left join core.encounter as e
        on e.provider = o.provider
        and e.id = o.encounter_id
    where (e.class_code is null
        or e.class_code not in ('EMER', 'IMP', 'ACUTE', 'NONAC', 'PRENC', 'SS'))
      -- Only the denominator's people are asked about (any period).
      and pr.person_id in (select person_id from measures.cms165__denominator)
),

-- Each blood pressure observation's systolic and diastolic component, once per observation
-- (`singleton from` the components coded as such, `value as Quantity`: anything else is
-- null). A value compares with 140/90 'mm[Hg]' only in mm[Hg]; in another unit the
-- comparison is null.
component_value as (
    select
        cc.provider,
        cc.id,
        min(case when cc.concept = 'Systolic blood pressure' and oc.value_type = 'Quantity' then oc.value_quantity end) as systolic,
        min(case when cc.concept = 'Systolic blood pressure' then oc.value_unit end) as systolic_unit,
        min(case when cc.concept = 'Diastolic blood pressure' and oc.value_type = 'Quantity' then oc.value_quantity end) as diastolic,
        min(case when cc.concept = 'Diastolic blood pressure' then oc.value_unit end) as diastolic_unit
    from measures.shared__coding_concept as cc
    join core.observation_component as oc
        on oc.provider = cc.provider
        and oc.id = cc.id
        and oc.seq = cc.seq
    where cc.resource_type = 'Observation'
      and cc.element = 'component.code'
      and cc.concept in ('Systolic blood pressure', 'Diastolic blood pressure')
    group by cc.provider, cc.id
),

reading_value as (
    select
        r.person_id,
        r.provider,
        r.id,
        r.code,
        r.reading_date,
        cv.systolic,
        cv.systolic_unit,
        cv.diastolic,
        cv.diastolic_unit
    from reading_base as r
    left join component_value as cv
        on cv.provider = r.provider
        and cv.id = r.id
),

-- Each reading day of a person and the lowest systolic and diastolic on it. First(... sort
-- asc) puts nulls first: one reading that day without a usable value makes the lowest null,
-- and then the comparison is not true. This does not depend on the period.
reading_day as (
    select
        person_id,
        max(code) as code,
        reading_date,
        case when count(*) = count(systolic) then min(systolic) end as systolic,
        case when count(*) = count(systolic) then min(systolic_unit) end as systolic_unit,
        case when count(*) = count(diastolic) then min(diastolic) end as diastolic,
        case when count(*) = count(diastolic) then min(diastolic_unit) end as diastolic_unit,
        count(distinct systolic_unit) as systolic_units,
        count(distinct diastolic_unit) as diastolic_units
    from reading_value
    group by person_id, reading_date
),

-- "Most Recent Blood Pressure Day" of each denominator person and period: the latest reading
-- day on or before the period's last day (one as-of join), when it is not before its first.
most_recent_day as (
    select
        d.period_key,
        d.person_id,
        rd.code,
        rd.reading_date,
        rd.systolic,
        rd.systolic_unit,
        rd.diastolic,
        rd.diastolic_unit,
        rd.systolic_units,
        rd.diastolic_units
    from measures.cms165__denominator as d
    join measures.shared__measurement_period as mp
        on mp.period_key = d.period_key
    asof join reading_day as rd
        on rd.person_id = d.person_id
        and rd.reading_date <= mp.period_end
    where rd.reading_date >= mp.period_start
)

select
    d.period_key,
    d.person_id,
    coalesce(
        m.systolic < 140 and m.systolic_unit = 'mm[Hg]' and m.systolic_units = 1
        and m.diastolic < 90 and m.diastolic_unit = 'mm[Hg]' and m.diastolic_units = 1,
        false
    ) as is_numerator,
    m.reading_date as evidence_date,
    m.code as evidence_code,
    case
        when m.person_id is null then 'no result in period'
        else coalesce(regexp_replace(cast(round(m.systolic, 1) as varchar), '\.0$', ''), '?') || '/'
            || coalesce(regexp_replace(cast(round(m.diastolic, 1) as varchar), '\.0$', ''), '?')
            || coalesce(' ' || m.systolic_unit, '')
    end as evidence_value
from measures.cms165__denominator as d
left join most_recent_day as m
    on m.period_key = d.period_key
    and m.person_id = d.person_id
