-- goal_insert: records a new goal for one measure group (the latest row is the goal in force).
-- Parameters: measure, group_index, goal_rate (0..1), previous_rate (nullable), set_by, set_at.
insert into measures.goal_history (measure, group_index, goal_rate, previous_rate, set_by, set_at)
values (?, ?, ?, ?, ?, ?)
