-- registries.encounter: every encounter with its person, day and kind.
-- Grain: provider x encounter_id.
-- kind is inpatient, emergency or outpatient by ref.encounter_kind (class code or type value
-- set; inpatient wins over emergency); anything else is outpatient. is_performed follows the
-- Status library's isEncounterPerformed (finished, arrived, triaged, in-progress, onleave).

-- Kinds an encounter has by its type's value set or by its class.
with kind_match as (
    select cv.provider, cv.id, ek.kind
    from measures.shared__coding_valueset as cv
    join ref.encounter_kind as ek
        on ek.valueset_url = cv.url
    where cv.resource_type = 'Encounter'
        and cv.element = 'type'
    union all
    select e.provider, e.id, ek.kind
    from core.encounter as e
    join ref.encounter_kind as ek
        on ek.class_code = e.class_code
),

kind_rank as (
    select
        provider,
        id,
        min(case kind when 'inpatient' then 1 when 'emergency' then 2 end) as kind_rank
    from kind_match
    group by provider, id
)

select
    e.provider,
    e.id as encounter_id,
    pr.person_id,
    cast(e.period_start as date) as encounter_date,
    case k.kind_rank when 1 then 'inpatient' when 2 then 'emergency' else 'outpatient' end as kind,
    e.practitioner_id,
    e.service_provider_id,
    (sr.status is not null) as is_performed
from core.encounter as e
join core.person_record as pr
    on pr.provider = e.provider
    and pr.patient_id = e.patient_id
left join kind_rank as k
    on k.provider = e.provider
    and k.id = e.id
left join measures.shared__status_rule as sr
    on sr.rule = 'encounter_performed'
    and sr.status = e.status
