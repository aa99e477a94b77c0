-- registry_summary: per condition, how many persons are on the registry, were ever diagnosed,
-- meet the rule but are excluded, and how many registry gaps are open. Parameters: none.
select
    rc.condition,
    rc.name as condition_name,
    cast(count(r.person_id) filter (where r.is_in_registry) as varchar) as in_registry,
    cast(count(r.person_id) filter (where r.is_ever_diagnosed) as varchar) as ever_diagnosed,
    cast(count(r.person_id) filter (where r.meets_rule and not r.is_in_registry) as varchar) as excluded,
    cast(coalesce(sum(r.open_gaps) filter (where r.is_in_registry), 0) as varchar) as open_gaps
from ref.registry_condition as rc
left join registries.registry as r
    on r.condition = rc.condition
group by rc.condition, rc.name
order by rc.condition
