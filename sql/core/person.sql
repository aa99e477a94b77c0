-- core.person: one row per person, the longitudinal subject of measures and gap lists.
-- Grain: person_id.
-- Published: kept in the warehouse after the build, for every measure, the dashboard and the exports.
-- Demographics come from the person's records; where providers disagree the most recently
-- updated record wins. primary_provider and primary_patient_id name the record a person is
-- reported under (the first in provider, patient id order), so results stay one row per person.
with ranked as (
    select
        pr.person_id,
        pr.provider,
        pr.patient_id,
        p.birth_date,
        p.gender,
        p.state,
        p.zip3,
        p.race_code,
        p.race_display,
        p.ethnicity_code,
        p.ethnicity_display,
        p.deceased,
        row_number() over (
            partition by pr.person_id
            order by p.last_updated desc nulls last, pr.provider, pr.patient_id
        ) as recency_rank,
        row_number() over (
            partition by pr.person_id
            order by pr.provider, pr.patient_id
        ) as report_rank,
        count(*) over (partition by pr.person_id) as record_count
    from core.person_record as pr
    join core.patient as p
        on p.provider = pr.provider
        and p.id = pr.patient_id
),

reported_as as (
    select person_id, provider as primary_provider, patient_id as primary_patient_id
    from ranked
    where report_rank = 1
)

select
    r.person_id,
    ra.primary_provider,
    ra.primary_patient_id,
    r.record_count,
    r.birth_date,
    r.gender,
    r.state,
    r.zip3,
    r.race_code,
    r.race_display,
    r.ethnicity_code,
    r.ethnicity_display,
    r.deceased
from ranked as r
join reported_as as ra
    on ra.person_id = r.person_id
where r.recency_rank = 1
