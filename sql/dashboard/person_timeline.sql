-- person_timeline: one person's longitudinal record across every provider that sent one:
-- encounters, conditions, observations (labs and vitals), medication requests and
-- immunizations, newest first, each with its source provider and first coding.
-- Grain: one row per resource. Parameters: person_id, limit.
with records as (
    select provider, patient_id
    from core.person_record
    where person_id = ?
),

events as (
    select e.provider, 'Encounter' as resource_type, e.id, 'encounter' as kind,
        e.period_start as occurred_at, e.status, 'type' as element,
        coalesce(e.class_code, '') as detail
    from core.encounter as e
    join records as r on r.provider = e.provider and r.patient_id = e.patient_id
    union all
    select c.provider, 'Condition', c.id, 'condition',
        coalesce(c.onset_start, c.recorded_date), c.clinical_status, 'code',
        coalesce(c.verification_status, '')
    from core.condition as c
    join records as r on r.provider = c.provider and r.patient_id = c.patient_id
    union all
    select o.provider, 'Observation', o.id, 'observation',
        coalesce(o.effective_start, o.issued), o.status, 'code',
        coalesce(cast(round(o.value_quantity, 2) as varchar) || coalesce(' ' || o.value_unit, ''),
                 o.value_string, cast(o.value_boolean as varchar), '')
    from core.observation as o
    join records as r on r.provider = o.provider and r.patient_id = o.patient_id
    union all
    select m.provider, 'MedicationRequest', m.id, 'medication',
        m.authored_on, m.status, 'medication', coalesce(m.intent, '')
    from core.medication_request as m
    join records as r on r.provider = m.provider and r.patient_id = m.patient_id
    union all
    select i.provider, 'Immunization', i.id, 'immunization',
        coalesce(i.occurrence_at, i.recorded_at), i.status, 'vaccineCode', ''
    from core.immunization as i
    join records as r on r.provider = i.provider and r.patient_id = i.patient_id
),

latest as (
    select *
    from events
    order by occurred_at desc nulls last, provider, resource_type, id
    limit ?
)

select
    l.occurred_at,
    l.kind,
    l.provider,
    l.status,
    cd.code,
    cd.display,
    l.detail
from latest as l
left join core.coding as cd
    on cd.provider = l.provider
    and cd.resource_type = l.resource_type
    and cd.id = l.id
    and cd.element = l.element
    and cd.seq = 0
qualify row_number() over (partition by l.provider, l.resource_type, l.id order by cd.system nulls last) = 1
order by l.occurred_at desc nulls last, l.provider, l.kind, cd.code
