-- measures.cms117__denominator: persons in the CMS117 denominator.
-- Grain: period_key x person_id (only persons in the denominator).
-- Implements "Denominator": "Initial Population".
select
    ip.period_key,
    ip.person_id,
    ip.birth_date,
    ip.age_years
from measures.cms117__initial_population as ip
