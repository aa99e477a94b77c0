-- registries.as_of: the date registries, attribution, risk and registry gaps are computed as of.
-- Grain: one row.
-- The as-of date is the last day of the primary (requested) measurement period: a compute of
-- 2025 describes the population as the data stood on 2025-12-31. Records dated later are
-- ignored.
select
    period_start,
    period_end,
    period_end as as_of_date,
    cast(period_end - interval 12 months + interval 1 day as date) as last_12_months_start,
    cast(period_end - interval 24 months + interval 1 day as date) as last_24_months_start
from measures.shared__measurement_period
where is_primary
