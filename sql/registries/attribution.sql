-- registries.attribution: the provider organization (and practitioner, where the encounters
-- name one) each person is attributed to, with the reason in plain words.
-- Grain: person_id (persons with a primary-care encounter in the last 24 months).
-- Published: kept in the warehouse after the build, for the dashboard's worklists and scorecards.
-- Rank 1 of registries.attribution_rank; basis says how it won: plurality, or a tie broken by
-- the most recent visit (or, tied on that too, by provider id).
with ranked as (
    select
        r.person_id,
        r.provider,
        r.visits,
        r.last_visit_date,
        r.attribution_rank,
        r.practitioner_id,
        r.practitioner_visits,
        sum(r.visits) over (partition by r.person_id) as total_visits,
        count(*) over (partition by r.person_id) as providers,
        lead(r.visits) over (partition by r.person_id order by r.attribution_rank) as runner_up_visits,
        lead(r.last_visit_date) over (partition by r.person_id order by r.attribution_rank) as runner_up_last_visit_date
    from registries.attribution_rank as r
)

select
    r.person_id,
    r.provider as attributed_provider,
    r.practitioner_id as attributed_practitioner_id,
    pr.name as attributed_practitioner,
    r.visits,
    r.total_visits,
    r.providers,
    r.last_visit_date,
    case
        when r.runner_up_visits is null or r.runner_up_visits < r.visits then 'plurality'
        when r.runner_up_last_visit_date < r.last_visit_date then 'tie, most recent visit'
        else 'tie, provider id'
    end as basis,
    r.visits || ' of ' || r.total_visits || ' primary-care visits in 24 months at ' || r.providers
        || case when r.providers = 1 then ' organization' else ' organizations' end
        || '; last visit ' || strftime(r.last_visit_date, '%Y-%m-%d') as explanation
from ranked as r
left join core.practitioner as pr
    on pr.provider = r.provider
    and pr.id = r.practitioner_id
where r.attribution_rank = 1
