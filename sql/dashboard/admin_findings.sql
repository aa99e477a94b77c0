-- admin_findings: the warning and error findings of each provider's latest quality run, open
-- ones first. Messages hold counts and shares only. Grain: one row per finding.
select
    f.provider,
    f.run_id,
    f.checked_at,
    f.check_name,
    f.category,
    f.severity,
    f.measured,
    f.threshold,
    f.message,
    f.resolved_at,
    f.resolved_note
from meta.quality_finding as f
where f.severity in ('error', 'warning')
    and f.run_id = (select max(q.run_id) from meta.quality_run as q where q.provider = f.provider)
order by f.resolved_at is not null, f.severity = 'warning', f.provider, f.check_name
