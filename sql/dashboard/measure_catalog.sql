-- measure_catalog: the measures the dashboard shows, whether or not they have results yet,
-- with the goal in force: the latest one a quality manager set (measures.goal_history), else
-- the catalog's own.
-- Grain: one row per measure and group (measures.catalog).
with latest_goal as (
    select
        measure,
        group_index,
        arg_max(goal_rate, goal_id) as goal_rate
    from measures.goal_history
    group by measure, group_index
)

select
    c.measure,
    c.group_index,
    c.title,
    c.version,
    c.improvement,
    coalesce(g.goal_rate, c.goal_rate) as goal_rate
from measures.catalog as c
left join latest_goal as g
    on g.measure = c.measure
    and g.group_index = c.group_index
order by c.measure, c.group_index
