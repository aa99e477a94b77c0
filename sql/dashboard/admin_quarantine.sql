-- admin_quarantine: files rejected whole, with the reason, and the commonest record reject
-- reasons of each (never record content). Grain: one row per rejected file.
select
    f.file_id,
    f.provider,
    f.file_name,
    f.format,
    f.finished_at,
    coalesce(f.error, '') as error,
    f.rejected,
    coalesce((
        select string_agg(reason_code || ' x' || n, ', ' order by n desc, reason_code)
        from (
            select r.reason_code, count(*) as n
            from meta.ingest_reject as r
            where r.file_id = f.file_id
            group by r.reason_code
        )
    ), '') as reject_reasons
from meta.ingest_file as f
where f.status = 'rejected'
order by f.finished_at desc, f.file_id desc
