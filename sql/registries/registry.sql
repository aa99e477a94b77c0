-- registries.registry: the chronic-condition registries: one row per person and condition for
-- everyone ever diagnosed (is_ever_diagnosed) or meeting the rule, with is_in_registry saying
-- whether the person is on the registry now.
-- Grain: person_id x condition.
-- Published: kept in the warehouse after the build, for the dashboard's registry views and `populace registry`.
-- Adds to registries.condition_status the key latest values of the condition
-- (ref.registry_key_value), the attributed provider, the risk tier and the open gaps: the
-- registry's own gaps and those of the measures that speak for the condition
-- (ref.measure_condition).
with key_values as (
    select
        kv.condition,
        lv.person_id,
        string_agg(
            lv.name || ' ' || cast(lv.value as varchar) || coalesce(' ' || lv.unit, '')
                || ' on ' || strftime(lv.value_date, '%Y-%m-%d'),
            '; ' order by kv.seq
        ) as key_values,
        arg_min(lv.name, kv.seq) as key_value_name,
        arg_min(lv.value, kv.seq) as key_value,
        arg_min(lv.value_date, kv.seq) as key_value_date
    from ref.registry_key_value as kv
    join registries.latest_value as lv
        on lv.value_key = kv.value_key
    -- only the people listed below (not everyone with a reading)
    semi join registries.condition_status as cs
        on cs.condition = kv.condition
        and cs.person_id = lv.person_id
    group by kv.condition, lv.person_id
),

open_gaps as (
    select
        g.person_id,
        coalesce(g.condition, mc.condition) as condition,
        count(*) as open_gaps,
        string_agg(g.source || ':' || g.gap_kind, '; ' order by g.source, g.gap_kind) as open_gap_kinds
    from gaps.care_gap as g
    left join ref.measure_condition as mc
        on mc.measure = g.measure
    where coalesce(g.condition, mc.condition) is not null
    group by g.person_id, coalesce(g.condition, mc.condition)
)

select
    cs.person_id,
    p.primary_provider as provider,
    p.primary_patient_id as patient_id,
    cs.condition,
    rc.name as condition_name,
    cs.is_in_registry,
    cs.is_ever_diagnosed,
    cs.meets_rule,
    cs.qualified_by,
    cs.exclusion_reason,
    cs.reference_years,
    cs.reference_start_date,
    cs.first_diagnosed_date,
    cs.first_qualifying_date,
    cs.last_qualifying_date,
    cs.qualifying_encounters,
    cs.inpatient_encounters,
    cs.outpatient_days,
    kv.key_value_name,
    kv.key_value,
    kv.key_value_date,
    kv.key_values,
    att.attributed_provider,
    att.attributed_practitioner_id,
    att.attributed_practitioner,
    att.explanation as attribution_explanation,
    rk.risk_tier,
    rk.risk_score,
    rk.risk_explanation,
    coalesce(og.open_gaps, 0) as open_gaps,
    og.open_gap_kinds
from registries.condition_status as cs
join ref.registry_condition as rc
    on rc.condition = cs.condition
join core.person as p
    on p.person_id = cs.person_id
left join key_values as kv
    on kv.condition = cs.condition
    and kv.person_id = cs.person_id
left join registries.attribution as att
    on att.person_id = cs.person_id
left join registries.risk as rk
    on rk.person_id = cs.person_id
left join open_gaps as og
    on og.person_id = cs.person_id
    and og.condition = cs.condition
