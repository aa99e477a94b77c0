-- measures.cms138__denominator_exception: CMS138 defines no denominator exception.
-- Grain: period_key x group_index x person_id (every person in each group's denominator,
-- never excepted).
-- Implements: nothing (no group of the Measure has a denominator-exception population); kept
-- so every measure folder has the same steps.
select
    d.period_key,
    d.group_index,
    d.person_id,
    false as is_excepted
from measures.cms138__denominator as d
