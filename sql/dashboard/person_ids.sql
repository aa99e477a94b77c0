-- person_ids: every person of the latest build, from which the dashboard maps opaque person ids
-- (in URLs) back to person ids once per compute run (opaque_lookup.go).
-- Grain: one row per person (core.person).
select person_id
from core.person
