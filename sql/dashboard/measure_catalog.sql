-- measure_catalog: the measures the dashboard shows, whether or not they have results yet.
-- Grain: one row per measure and group (measures.catalog).
select
    measure,
    group_index,
    title,
    version,
    improvement,
    goal_rate
from measures.catalog
order by measure, group_index
