-- workflow_event_insert: records one workflow change of a gap.
-- Parameters: gap_key, occurred_at, actor, action, old_value, new_value.
insert into gaps.workflow_event (gap_key, occurred_at, actor, action, old_value, new_value)
values (?, ?, ?, ?, ?, ?)
