-- measures.cms347__numerator: whether each CMS347 denominator person had statin therapy.
-- Grain: period_key x group_index x person_id (every person in a denominator).
-- Implements "Numerator": exists "Statin Therapy Prescribed Anytime during day of Measurement
-- Period": a statin request (not flagged do-not-perform) with status active or completed and
-- intent order, authored during day of the period, or whose first dosage instruction's
-- timing.repeat.boundsPeriod overlaps day of the period (a missing end runs to the end of time;
-- a missing start is unknown, so only an end inside the period makes it overlap).
-- is_numerator is the CQL value before the reporting convention (excluded or excepted persons
-- are reported outside the numerator in the result).

-- Qualifying statin orders per period; the evidence is the latest one.
with statin_order as (
    select
        mp.period_key,
        sr.person_id,
        max(coalesce(cast(sr.authored_on as date), cast(sr.bounds_start as date))) as evidence_date,
        arg_max(sr.code, case when coalesce(sr.authored_on, sr.bounds_start) is not null then (coalesce(sr.authored_on, sr.bounds_start), sr.code) end) as evidence_code
    from measures.cms347__statin_request as sr
    join measures.shared__measurement_period as mp
        on cast(sr.authored_on as date) between mp.period_start and mp.period_end
        or (sr.bounds_start is not null
            and cast(sr.bounds_start as date) <= mp.period_end
            and (sr.bounds_end is null or cast(sr.bounds_end as date) >= mp.period_start))
        or (sr.bounds_start is null
            and cast(sr.bounds_end as date) between mp.period_start and mp.period_end)
    where not sr.is_not_requested
        and sr.status in ('active', 'completed')
        and sr.intent = 'order'
    group by mp.period_key, sr.person_id
)

select
    d.period_key,
    d.group_index,
    d.person_id,
    so.person_id is not null as is_numerator,
    so.evidence_date,
    so.evidence_code,
    case when so.person_id is null then 'no statin order in period' else 'statin ordered' end as evidence_value
from measures.cms347__denominator as d
left join statin_order as so
    on so.period_key = d.period_key
    and so.person_id = d.person_id
