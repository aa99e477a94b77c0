-- registry_count: how many people in the account's scope are on one condition's registry.
-- Grain: one row. Parameters: condition, scope x2, risk_tier x2.
select count(*)
from registries.registry as r
where r.condition = ?
    and r.is_in_registry
    and (? = '*' or list_contains(string_split(?, ','), coalesce(r.attributed_provider, r.provider)))
    and (? = '' or r.risk_tier = ?)
