-- audit_page: one page of the audit log, newest first. Parameters: actor x2, limit, offset.
select occurred_at, actor, action, object, coalesce(detail, '') as detail
from meta.audit_log
where (? = '' or actor = ?)
order by occurred_at desc
limit ? offset ?
