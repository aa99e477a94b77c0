-- person_registries: the registries one person is on (or was ever diagnosed for), with the
-- key latest values and the open gaps of each condition.
-- Grain: one row per condition. Parameter: person_id.
select
    condition,
    condition_name,
    is_in_registry,
    qualified_by,
    exclusion_reason,
    first_diagnosed_date,
    last_qualifying_date,
    key_values,
    open_gaps
from registries.registry
where person_id = ?
order by is_in_registry desc, condition_name
