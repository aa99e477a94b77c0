-- registry_page: one page of a condition's registry: the members with their key latest values,
-- attribution, risk and open gaps; highest risk first, then most open gaps.
-- Grain: one row per person. Parameters: condition, scope x2, risk_tier x2, limit, offset.
select
    r.person_id,
    r.provider,
    r.patient_id,
    r.qualified_by,
    r.first_diagnosed_date,
    r.last_qualifying_date,
    r.key_values,
    coalesce(r.attributed_provider, r.provider) as worklist_provider,
    r.attributed_practitioner,
    r.risk_tier,
    r.risk_score,
    r.open_gaps,
    r.open_gap_kinds
from registries.registry as r
where r.condition = ?
    and r.is_in_registry
    and (? = '*' or list_contains(string_split(?, ','), coalesce(r.attributed_provider, r.provider)))
    and (? = '' or r.risk_tier = ?)
order by r.risk_score desc nulls last, r.open_gaps desc, r.provider, r.patient_id, r.person_id
limit ? offset ?
