-- measures.shared__coding_concept: every coding of a resource element that is equivalent to a
-- direct-reference code the CQL declares (ref.concept, keyed by its CQL name).
-- Grain: provider x resource_type x id x element x seq x concept.
-- Implements FHIRHelpers code equivalence `X ~ "<code>"`: same system and same code.
select distinct
    c.provider,
    c.resource_type,
    c.id,
    c.element,
    c.seq,
    rc.concept,
    c.system,
    c.code
from core.coding as c
join ref.concept as rc
    on rc.system = c.system
    and rc.code = c.code
