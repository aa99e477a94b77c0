-- measures.cms117__denominator_exception: CMS117 defines no denominator exception.
-- Grain: period_key x person_id (every person in the denominator, never excepted).
-- Implements: nothing (the Measure has no denominator-exception population); kept so every
-- measure folder has the same steps.
select
    d.period_key,
    d.person_id,
    false as is_excepted
from measures.cms117__denominator as d
