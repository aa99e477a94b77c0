-- workflow_upsert: writes the whole workflow state of one gap.
-- Parameters: gap_key, assignee, status, status_reason, snoozed_until, updated_at, updated_by.
insert into gaps.workflow (gap_key, assignee, status, status_reason, snoozed_until, updated_at, updated_by)
values (?, ?, ?, ?, ?, ?, ?)
on conflict (gap_key) do update set
    assignee = excluded.assignee,
    status = excluded.status,
    status_reason = excluded.status_reason,
    snoozed_until = excluded.snoozed_until,
    updated_at = excluded.updated_at,
    updated_by = excluded.updated_by
