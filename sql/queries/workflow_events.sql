-- workflow_events: the workflow history of one gap, oldest first. Parameter: gap_key.
select occurred_at, actor, action, old_value, new_value
from gaps.workflow_event
where gap_key = ?
order by occurred_at, action
