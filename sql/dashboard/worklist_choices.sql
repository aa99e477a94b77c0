-- worklist_choices: the values the worklist's filter pickers offer within an account's scope:
-- kind 'source' (measure ids and registry conditions), 'provider' and 'risk_tier'.
-- Grain: one row per kind and value. Parameters: scope x2 ('*' = all providers).
with scoped as (
    select
        g.source_type,
        g.source,
        coalesce(g.attributed_provider, g.provider) as worklist_provider,
        g.risk_tier
    from gaps.care_gap as g
    where (? = '*' or list_contains(string_split(?, ','), coalesce(g.attributed_provider, g.provider)))
)

select distinct 'source' as kind, source_type || ':' || source as value from scoped
union all
select distinct 'provider', worklist_provider from scoped where worklist_provider is not null
union all
select distinct 'risk_tier', risk_tier from scoped where risk_tier is not null
order by kind, value
