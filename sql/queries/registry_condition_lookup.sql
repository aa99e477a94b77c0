-- registry_condition_lookup: the condition key a user named, by key or name (any case).
-- Parameters: name, name.
select condition
from ref.registry_condition
where lower(condition) = lower(?) or lower(name) = lower(?)
