-- gaps.registry_gap: the care gaps of the chronic-condition registries, by the rules in
-- ref.registry_gap_rule (e.g. "diabetes, no HbA1c in 6 months").
-- Grain: person_id x condition x gap_kind (persons in the registry only).
--   no_recent_value: no reading of value_key in the `months` months up to the as-of date. The
--     gap is due `months` after the last reading; for a person never tested, `months` after the
--     first diagnosis (the first qualifying evidence when there is no diagnosis) or after the
--     start of the reference period, whichever is later. It is open when that date is before
--     the as-of date.
--   uncontrolled_value: the latest reading, taken in the last `months` months, is beyond the
--     value's limits (ref.registry_value); due at once (the reading's day).
with candidate as (
    select
        cs.person_id,
        r.condition,
        r.gap_kind,
        r.rule_type,
        r.value_key,
        r.months,
        r.gap,
        r.action,
        r.priority,
        lv.value_date,
        lv.value,
        lv.unit,
        lv.code,
        lv.is_uncontrolled,
        a.as_of_date,
        a.period_start,
        a.period_end,
        cast(
            coalesce(lv.value_date, greatest(cs.reference_start_date, coalesce(cs.first_diagnosed_date, cs.first_qualifying_date)))
            + to_months(r.months) as date
        ) as next_due_date
    from registries.condition_status as cs
    join ref.registry_gap_rule as r
        on r.condition = cs.condition
    cross join registries.as_of as a
    left join registries.latest_value as lv
        on lv.person_id = cs.person_id
        and lv.value_key = r.value_key
    where cs.is_in_registry
)

select
    person_id,
    condition,
    gap_kind,
    period_start,
    period_end,
    gap,
    action,
    value_date as evidence_date,
    code as evidence_code,
    case
        when value_date is null then 'never measured'
        else cast(value as varchar) || coalesce(' ' || unit, '')
    end as evidence_value,
    case rule_type
        when 'no_recent_value' then next_due_date
        else value_date
    end as due_date,
    priority as base_priority
from candidate
where (rule_type = 'no_recent_value' and next_due_date < as_of_date)
   or (rule_type = 'uncontrolled_value'
       and is_uncontrolled
       and value_date > cast(as_of_date - to_months(months) as date))
