-- worklist_workflow: the workflow state of every gap anyone has touched (a small table, read
-- on each worklist view so the list always shows the latest state).
-- Grain: one row per gap key in gaps.workflow.
select gap_key, status, status_reason, assignee, snoozed_until
from gaps.workflow
