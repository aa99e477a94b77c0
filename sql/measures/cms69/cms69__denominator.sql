-- measures.cms69__denominator: persons in the CMS69 denominator.
-- Grain: period_key x person_id (only persons in the denominator).
-- Implements "Denominator": "Initial Population".
select
    ip.period_key,
    ip.person_id,
    ip.age_years
from measures.cms69__initial_population as ip
