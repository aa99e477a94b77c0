-- registries.risk: each person's risk score, its components and the tier it maps to.
-- Grain: person_id (every person).
-- Published: kept in the warehouse after the build, for the patient page and the worklist filters.
-- Components, each counted up to the as-of date and weighted by ref.risk_weight (points per
-- unit, capped): chronic conditions in a registry; inpatient stays and emergency visits that
-- started in the last 12 months; uncontrolled markers - key values of the person's registries
-- whose latest reading, taken in the last 12 months, is beyond ref.registry_value's limits
-- (systolic and diastolic are one blood-pressure marker). The tier is the highest
-- ref.risk_tier whose min_score the total reaches.
with conditions as (
    select person_id, count(*) as n
    from registries.condition_status
    where is_in_registry
    group by person_id
),

utilisation as (
    select
        e.person_id,
        count(distinct e.provider || '/' || e.encounter_id) filter (where e.kind = 'inpatient') as inpatient_stays,
        count(distinct e.provider || '/' || e.encounter_id) filter (where e.kind = 'emergency') as ed_visits
    from registries.encounter as e
    cross join registries.as_of as a
    where e.is_performed
        and e.encounter_date between a.last_12_months_start and a.as_of_date
    group by e.person_id
),

uncontrolled as (
    select
        lv.person_id,
        count(distinct lv.marker) as n,
        string_agg(distinct lv.marker, ', ' order by lv.marker) as markers
    from registries.latest_value as lv
    cross join registries.as_of as a
    join registries.condition_status as cs
        on cs.person_id = lv.person_id
        and cs.is_in_registry
    join ref.registry_key_value as kv
        on kv.condition = cs.condition
        and kv.value_key = lv.value_key
    where lv.is_uncontrolled
        and lv.value_date >= a.last_12_months_start
    group by lv.person_id
),

components as (
    select
        p.person_id,
        coalesce(c.n, 0) as chronic_conditions,
        coalesce(u.inpatient_stays, 0) as inpatient_stays,
        coalesce(u.ed_visits, 0) as ed_visits,
        coalesce(x.n, 0) as uncontrolled_markers,
        x.markers as uncontrolled
    from core.person as p
    left join conditions as c
        on c.person_id = p.person_id
    left join utilisation as u
        on u.person_id = p.person_id
    left join uncontrolled as x
        on x.person_id = p.person_id
),

weights as (
    select
        max(points_each) filter (where component = 'chronic_conditions') as cc_each,
        max(max_points) filter (where component = 'chronic_conditions') as cc_max,
        max(points_each) filter (where component = 'inpatient_stays') as ip_each,
        max(max_points) filter (where component = 'inpatient_stays') as ip_max,
        max(points_each) filter (where component = 'ed_visits') as ed_each,
        max(max_points) filter (where component = 'ed_visits') as ed_max,
        max(points_each) filter (where component = 'uncontrolled_markers') as um_each,
        max(max_points) filter (where component = 'uncontrolled_markers') as um_max
    from ref.risk_weight
),

scored as (
    select
        c.person_id,
        c.chronic_conditions,
        c.inpatient_stays,
        c.ed_visits,
        c.uncontrolled_markers,
        c.uncontrolled,
        least(c.chronic_conditions * w.cc_each, w.cc_max) as chronic_condition_points,
        least(c.inpatient_stays * w.ip_each, w.ip_max) as inpatient_points,
        least(c.ed_visits * w.ed_each, w.ed_max) as ed_points,
        least(c.uncontrolled_markers * w.um_each, w.um_max) as uncontrolled_points
    from components as c
    cross join weights as w
),

totalled as (
    select
        s.*,
        s.chronic_condition_points + s.inpatient_points + s.ed_points + s.uncontrolled_points as risk_score
    from scored as s
)

select
    t.person_id,
    t.chronic_conditions,
    t.inpatient_stays,
    t.ed_visits,
    t.uncontrolled_markers,
    t.uncontrolled,
    t.chronic_condition_points,
    t.inpatient_points,
    t.ed_points,
    t.uncontrolled_points,
    t.risk_score,
    (
        select arg_max(rt.tier, rt.min_score)
        from ref.risk_tier as rt
        where rt.min_score <= t.risk_score
    ) as risk_tier,
    t.chronic_conditions || ' chronic conditions (' || t.chronic_condition_points || ')'
        || ' + ' || t.inpatient_stays || ' inpatient stays (' || t.inpatient_points || ')'
        || ' + ' || t.ed_visits || ' ED visits (' || t.ed_points || ')'
        || ' + ' || t.uncontrolled_markers || ' uncontrolled markers'
        || coalesce(' [' || t.uncontrolled || ']', '') || ' (' || t.uncontrolled_points || ')'
        || ' = ' || t.risk_score as risk_explanation
from totalled as t
