-- network_kpi: the network's size in the primary period of one compute run: people in any
-- measure's initial population, the data providers they are reported under, and the provider
-- organizations (practices) their most recent encounters were with.
-- Grain: one row. Parameters: run_id, run_id.
with person as (
    select
        count(distinct person_id) as people,
        count(distinct provider) as providers
    from measures.result_history
    where run_id = ?
      and period_key = 'primary'
      and initial_population
),

practice as (
    select count(distinct stratum) as practices
    from measures.stratum_summary_history
    where run_id = ?
      and period_key = 'primary'
      and stratifier = 'organization'
      and stratum <> 'none'
)

select
    p.people,
    p.providers,
    o.practices
from person as p
cross join practice as o
