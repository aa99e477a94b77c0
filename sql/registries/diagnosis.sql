-- registries.diagnosis: every diagnosis record whose code is a registry code.
-- Grain: condition x role x provider x resource_type x record id.
-- A record is a Condition (code) or an Encounter reason (reasonCode). ICD-10-CM codes match a
-- ref.registry_code prefix with dots ignored (the CCW way); SNOMED CT codes match exactly. A code
-- under an exclude_code row of the same condition does not count. Records dated after the as-of
-- date, entered in error or refuted, or tied to an encounter that did not take place are left
-- out.
--   record_kind: inpatient | emergency | outpatient (the encounter's kind) | problem_list (a
--   Condition without an encounter)
--   record_date: the encounter's day; for a problem-list entry its recorded date, else its onset
--   is_active_problem: a problem-list entry active on the as-of date

-- Codings of diagnoses, normalised for matching: ICD-10-CM without dots, upper case.
with coding as (
    select
        c.provider,
        c.resource_type,
        c.id,
        c.system,
        c.code,
        case
            when c.system = 'http://hl7.org/fhir/sid/icd-10-cm' then replace(upper(c.code), '.', '')
            else c.code
        end as code_norm
    from core.coding as c
    where (c.resource_type = 'Condition' and c.element = 'code')
       or (c.resource_type = 'Encounter' and c.element = 'reasonCode')
),

ref_code as (
    select
        condition,
        role,
        system,
        code,
        case
            when system = 'http://hl7.org/fhir/sid/icd-10-cm' then replace(upper(code), '.', '')
            else code
        end as code_norm
    from ref.registry_code
),

-- ICD-10-CM prefixes all have a three-character category: join on it, then test the prefix.
matched as (
    select distinct
        c.provider,
        c.resource_type,
        c.id,
        r.condition,
        r.role,
        c.code
    from coding as c
    join ref_code as r
        on r.system = c.system
        and case
            when c.system = 'http://hl7.org/fhir/sid/icd-10-cm' then left(r.code_norm, 3) = left(c.code_norm, 3)
            else r.code_norm = c.code_norm
        end
    where c.system <> 'http://hl7.org/fhir/sid/icd-10-cm'
       or starts_with(c.code_norm, r.code_norm)
),

-- A more specific exclude_code wins over the include prefix it falls under.
counted as (
    select m.provider, m.resource_type, m.id, m.condition, m.role, min(m.code) as code
    from matched as m
    where m.role <> 'exclude_code'
        and not exists (
            select 1
            from matched as x
            where x.role = 'exclude_code'
                and x.provider = m.provider
                and x.resource_type = m.resource_type
                and x.id = m.id
                and x.condition = m.condition
                and x.code = m.code
        )
    group by m.provider, m.resource_type, m.id, m.condition, m.role
),

-- Condition records: an encounter diagnosis takes its encounter's day and kind.
condition_record as (
    select
        k.condition,
        k.role,
        k.provider,
        k.resource_type,
        k.id,
        k.code,
        pr.person_id,
        case when c.encounter_id is null then 'problem_list' else coalesce(e.kind, 'outpatient') end as record_kind,
        c.encounter_id,
        coalesce(
            e.encounter_date,
            cast(c.recorded_date as date),
            cast(c.onset_start as date)
        ) as record_date,
        cast(c.onset_start as date) as onset_date,
        (c.encounter_id is null
            and coalesce(c.clinical_status, 'active') in ('active', 'recurrence', 'relapse')
            and (c.abatement_start is null or cast(c.abatement_start as date) > a.as_of_date)
            and (c.abatement_end is null or cast(c.abatement_end as date) > a.as_of_date)
            and c.abatement_age_low is null
        ) as is_active_problem,
        coalesce(e.is_performed, true) as is_performed
    from counted as k
    join core.condition as c
        on c.provider = k.provider
        and c.id = k.id
    join core.person_record as pr
        on pr.provider = c.provider
        and pr.patient_id = c.patient_id
    cross join registries.as_of as a
    left join registries.encounter as e
        on e.provider = c.provider
        and e.encounter_id = c.encounter_id
    where k.resource_type = 'Condition'
        and coalesce(c.verification_status, '') not in ('refuted', 'entered-in-error')
        and coalesce(c.clinical_status, '') <> 'entered-in-error'
),

-- Encounter reasons: the encounter itself is the record.
encounter_record as (
    select
        k.condition,
        k.role,
        k.provider,
        k.resource_type,
        k.id,
        k.code,
        e.person_id,
        e.kind as record_kind,
        e.encounter_id,
        e.encounter_date as record_date,
        cast(null as date) as onset_date,
        false as is_active_problem,
        e.is_performed
    from counted as k
    join registries.encounter as e
        on e.provider = k.provider
        and e.encounter_id = k.id
    where k.resource_type = 'Encounter'
),

diagnosis_record as (
    select * from condition_record
    union all
    select * from encounter_record
)

select
    r.condition,
    r.role,
    r.person_id,
    r.provider,
    r.resource_type,
    r.id,
    r.code,
    r.record_kind,
    r.encounter_id,
    r.record_date,
    r.onset_date,
    r.is_active_problem
from diagnosis_record as r
cross join registries.as_of as a
where r.is_performed
    and r.record_date is not null
    and r.record_date <= a.as_of_date
