-- registries.attribution_rank: every provider organization that gave a person primary care in
-- the 24 months up to the as-of date, ranked; rank 1 is the attribution.
-- Grain: person_id x provider.
-- Published: kept in the warehouse after the build, for the patient page (why this attribution).
-- A primary-care encounter is performed, neither inpatient nor emergency, and typed with a code
-- of a ref.primary_care_valueset value set (office, preventive, wellness, home, telephone and
-- virtual visits). The organization with the most such encounters wins; a tie goes to the most
-- recent visit, then to the provider id (so the result is repeatable). Within the organization
-- the practitioner is chosen the same way among encounters that name one.
with primary_care as (
    select distinct
        e.person_id,
        e.provider,
        e.encounter_id,
        e.encounter_date,
        e.practitioner_id
    from registries.encounter as e
    join measures.shared__coding_valueset as cv
        on cv.provider = e.provider
        and cv.resource_type = 'Encounter'
        and cv.id = e.encounter_id
        and cv.element = 'type'
    join ref.primary_care_valueset as pc
        on pc.valueset_url = cv.url
    cross join registries.as_of as a
    where e.is_performed
        and e.kind = 'outpatient'
        and e.encounter_date between a.last_24_months_start and a.as_of_date
),

by_provider as (
    select
        person_id,
        provider,
        count(*) as visits,
        max(encounter_date) as last_visit_date
    from primary_care
    group by person_id, provider
),

by_practitioner as (
    select
        person_id,
        provider,
        practitioner_id,
        count(*) as visits,
        row_number() over (
            partition by person_id, provider
            order by count(*) desc, max(encounter_date) desc, practitioner_id
        ) as practitioner_rank
    from primary_care
    where practitioner_id is not null
    group by person_id, provider, practitioner_id
)

select
    b.person_id,
    b.provider,
    b.visits,
    b.last_visit_date,
    row_number() over (
        partition by b.person_id
        order by b.visits desc, b.last_visit_date desc, b.provider
    ) as attribution_rank,
    p.practitioner_id,
    p.visits as practitioner_visits
from by_provider as b
left join by_practitioner as p
    on p.person_id = b.person_id
    and p.provider = b.provider
    and p.practitioner_rank = 1
