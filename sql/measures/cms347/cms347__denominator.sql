-- measures.cms347__denominator: persons in each CMS347 denominator.
-- Grain: period_key x group_index x person_id (only persons in that group's denominator).
-- Implements "Denominator 1" .. "Denominator 4": each equals its initial population.
select
    ip.period_key,
    ip.group_index,
    ip.person_id,
    ip.age_at_start
from measures.cms347__initial_population as ip
