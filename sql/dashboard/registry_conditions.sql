-- registry_conditions: every registry condition with how many people in the account's scope
-- are on it, their high-risk count and their open gaps.
-- Grain: one row per condition (ref.registry_condition). Parameters: scope x2 ('*' = all).
with scoped as (
    select r.condition, r.risk_tier, r.open_gaps
    from registries.registry as r
    where r.is_in_registry
        and (? = '*' or list_contains(string_split(?, ','), coalesce(r.attributed_provider, r.provider)))
)

select
    rc.condition,
    rc.name,
    count(s.condition) as members,
    count(s.condition) filter (where s.risk_tier = 'high') as high_risk,
    coalesce(sum(s.open_gaps), 0) as open_gaps
from ref.registry_condition as rc
left join scoped as s
    on s.condition = rc.condition
group by rc.condition, rc.name
order by rc.name
