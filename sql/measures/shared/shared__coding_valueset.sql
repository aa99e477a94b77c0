-- measures.shared__coding_valueset: every coding of a resource element that is in a value set.
-- Grain: provider x resource_type x id x element x seq x url x system x code.
-- Implements retrieves like [Condition: "Diabetes"] and `X in "<value set>"`: a concept is in a
-- value set when any of its codings has the same system and code as a member.
select distinct
    c.provider,
    c.resource_type,
    c.id,
    c.element,
    c.seq,
    vc.url,
    c.system,
    c.code
from core.coding as c
join measures.shared__valueset_code as vc
    on vc.system = c.system
    and vc.code = c.code
