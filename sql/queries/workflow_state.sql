-- workflow_state: the current workflow state of one gap (no row: untouched, status open).
-- Parameter: gap_key.
select assignee, status, status_reason, snoozed_until, updated_at, updated_by
from gaps.workflow
where gap_key = ?
