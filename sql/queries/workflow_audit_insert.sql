-- workflow_audit_insert: records a workflow change in the access audit log (action 'workflow').
-- Parameters: occurred_at, actor, object, detail (the gap key and what changed; never note text).
insert into meta.audit_log (occurred_at, actor, action, object, detail)
values (?, ?, 'workflow', ?, ?)
