-- gaps.care_gap: every open care gap of the latest build, from the measures and the
-- registries alike, with evidence, due dates, priority and the attributed provider.
-- Grain: gap_key (person_id|source_type|source|gap_kind), primary period only.
-- Published: kept in the warehouse after the build, for the worklists, the gap history and `populace gaps`.
-- The first fourteen columns are the dashboard's contract (measure and group_index are null for
-- a registry gap). What coordinators do about a gap is not here: it lives in gaps.workflow,
-- keyed by gap_key, which no compute rebuilds. opened_date is when the gap's current episode
-- was first found (gaps.gap_episode, kept by the runner after each successful build), or this
-- run's date for a gap found now for the first time.
with unioned as (
    select
        person_id,
        'measure' as source_type,
        measure as source,
        gap_kind,
        measure,
        group_index,
        cast(null as varchar) as condition,
        period_start,
        period_end,
        gap,
        action,
        evidence_date,
        evidence_code,
        evidence_value,
        due_date,
        base_priority
    from gaps.measure_gap
    union all
    select
        person_id,
        'registry' as source_type,
        condition as source,
        gap_kind,
        cast(null as varchar) as measure,
        cast(null as integer) as group_index,
        condition,
        period_start,
        period_end,
        gap,
        action,
        evidence_date,
        evidence_code,
        evidence_value,
        due_date,
        base_priority
    from gaps.registry_gap
),

-- The run in progress, whose date opens gaps found for the first time.
current_run as (
    select cast(cr.started_at as date) as run_date
    from meta.compute_run as cr
    where cr.run_id = (select max(run_id) from meta.parameters)
),

keyed as (
    select
        u.*,
        u.person_id || '|' || u.source_type || '|' || u.source || '|' || u.gap_kind as gap_key
    from unioned as u
)

select
    g.person_id,
    p.primary_provider as provider,
    p.primary_patient_id as patient_id,
    g.measure,
    g.group_index,
    g.period_start,
    g.period_end,
    g.gap,
    g.action,
    g.evidence_date,
    g.evidence_code,
    g.evidence_value,
    a.age_years as age,
    p.gender,
    g.gap_key,
    g.source_type,
    g.source,
    g.gap_kind,
    g.condition,
    coalesce(cast(ep.opened_at as date), cr.run_date) as opened_date,
    g.due_date,
    case when g.due_date < g.period_end then g.due_date end as overdue_since,
    -- one step more urgent for a person in the high risk tier
    case greatest(g.base_priority - case when rk.risk_tier = 'high' then 1 else 0 end, 1)
        when 1 then 'high'
        when 2 then 'medium'
        else 'low'
    end as priority,
    greatest(g.base_priority - case when rk.risk_tier = 'high' then 1 else 0 end, 1) as priority_rank,
    att.attributed_provider,
    att.attributed_practitioner_id,
    att.attributed_practitioner,
    rk.risk_tier,
    rk.risk_score
from keyed as g
join core.person as p
    on p.person_id = g.person_id
left join current_run as cr
    on true
left join measures.shared__age_at_period_end as a
    on a.period_key = 'primary'
    and a.person_id = g.person_id
left join registries.attribution as att
    on att.person_id = g.person_id
left join registries.risk as rk
    on rk.person_id = g.person_id
left join gaps.gap_episode as ep
    on ep.gap_key = g.gap_key
    and ep.closed_run is null
