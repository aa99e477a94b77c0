-- plausibility_event_dates: clinical events dated before the patient's birth or after the
-- run's as-of time. People whose birth year was generalised (aged 90+, see
-- docs/deidentification.md) are not judged against their birth date.
with scope as (
    select provider, as_of from quality_scope
),

events as (
    select patient_id, period_start as event_at from core.encounter join scope using (provider)
    union all
    select patient_id, coalesce(onset_start, recorded_date) from core.condition join scope using (provider)
    union all
    select patient_id, effective_start from core.observation join scope using (provider)
    union all
    select patient_id, performed_start from core.procedure join scope using (provider)
    union all
    select patient_id, occurrence_at from core.immunization join scope using (provider)
    union all
    select patient_id, authored_on from core.medication_request join scope using (provider)
),

judged as (
    select
        p.birth_date is not null
            and p.birth_date > s.as_of - interval 89 year
            and e.event_at < cast(p.birth_date as timestamp) - interval 1 day as is_before_birth,
        e.event_at > s.as_of + interval 1 day as is_future
    from events as e
    cross join scope as s
    left join core.patient as p
        on p.provider = s.provider and p.id = e.patient_id
    where e.event_at is not null
),

counts as (
    select
        count(*) as total,
        count(*) filter (where is_before_birth) as before_birth,
        count(*) filter (where is_future) as future
    from judged
)

select
    'plausibility_event_dates' as check_name,
    'plausibility' as category,
    case
        when before_birth + future > 0.05 * total then 'error'
        when before_birth + future > 0 then 'warning'
        else 'info'
    end as severity,
    (before_birth + future) / total as measured,
    case when before_birth + future > 0.05 * total then 0.05 else 0 end as threshold,
    printf('%d of %d dated events are before the patient''s birth and %d are in the future',
        before_birth, total, future) as message
from counts
where total > 0
