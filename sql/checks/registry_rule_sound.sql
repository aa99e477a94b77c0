-- Check: a person is on a registry only when the rule is met and nothing excludes them, every
-- registry row names a known condition, and qualifying dates are in order. Returns offending
-- rows.
select cs.person_id, cs.condition
from registries.condition_status as cs
left join ref.registry_condition as rc
    on rc.condition = cs.condition
where rc.condition is null
   or (cs.is_in_registry and (not cs.meets_rule or cs.exclusion_reason is not null))
   or (cs.meets_rule and cs.first_qualifying_date is null)
   or cs.first_qualifying_date > cs.last_qualifying_date
