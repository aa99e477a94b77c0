-- audit_insert: records one patient-level page view or export in meta.audit_log.
-- Parameters: occurred_at (UTC), actor, action, object, detail (filters, no identifiers).
insert into meta.audit_log (occurred_at, actor, action, object, detail)
values (?, ?, ?, ?, ?)
