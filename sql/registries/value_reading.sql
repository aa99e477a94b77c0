-- registries.value_reading: every quantitative reading of a registry value (HbA1c, blood
-- pressure, eGFR, BMI, ...), from an Observation's own code or from a component's code.
-- Grain: provider x observation id x component seq (0 for the observation itself) x value_key.
-- Readings count when final, amended or corrected (the Status library's
-- isLaboratoryTestPerformed statuses), have a number, and fall on or before the as-of date; the
-- reading's day is latest() of its effective time (end if present, else start).
with code_match as (
    select distinct
        c.provider,
        c.id,
        c.element,
        c.seq,
        vc.value_key,
        c.code
    from core.coding as c
    join ref.registry_value_code as vc
        on vc.system = c.system
        and vc.code = c.code
    where c.resource_type = 'Observation'
        and c.element in ('code', 'component.code')
),

reading as (
    select
        m.value_key,
        m.provider,
        m.id,
        0 as seq,
        m.code,
        o.patient_id,
        o.status,
        coalesce(o.effective_end, o.effective_start) as effective_at,
        o.value_quantity as value,
        o.value_unit as unit
    from code_match as m
    join core.observation as o
        on o.provider = m.provider
        and o.id = m.id
    where m.element = 'code'
    union all
    select
        m.value_key,
        m.provider,
        m.id,
        oc.seq,
        m.code,
        o.patient_id,
        o.status,
        coalesce(o.effective_end, o.effective_start) as effective_at,
        oc.value_quantity as value,
        oc.value_unit as unit
    from code_match as m
    join core.observation_component as oc
        on oc.provider = m.provider
        and oc.id = m.id
        and oc.seq = m.seq
    join core.observation as o
        on o.provider = m.provider
        and o.id = m.id
    where m.element = 'component.code'
)

select
    r.value_key,
    pr.person_id,
    r.provider,
    r.id,
    r.seq,
    r.code,
    cast(r.effective_at as date) as reading_date,
    r.value,
    r.unit
from reading as r
join core.person_record as pr
    on pr.provider = r.provider
    and pr.patient_id = r.patient_id
join measures.shared__status_rule as sr
    on sr.rule = 'laboratory_test_performed'
    and sr.status = r.status
cross join registries.as_of as a
where r.value is not null
    and r.effective_at is not null
    and cast(r.effective_at as date) <= a.as_of_date
