-- Check: every registry care gap belongs to a person on that condition's registry, comes from
-- a rule of ref.registry_gap_rule and has wording. Returns offending gaps.
select g.gap_key
from gaps.care_gap as g
left join registries.condition_status as cs
    on cs.person_id = g.person_id
    and cs.condition = g.source
left join ref.registry_gap_rule as r
    on r.condition = g.source
    and r.gap_kind = g.gap_kind
where g.source_type = 'registry'
    and (cs.person_id is null
        or not cs.is_in_registry
        or r.condition is null
        or g.gap is null
        or g.action is null)
