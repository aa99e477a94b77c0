-- audit_count: how many audit records the filter keeps. Parameters: actor x2.
select count(*) from meta.audit_log where (? = '' or actor = ?)
