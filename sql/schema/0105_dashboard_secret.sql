-- 0105: the dashboard's secret. Pages name people and gaps in URLs by opaque ids, the first
-- 32 hex digits of sha256(secret || '|person|' || person_id) (or '|gap|' || gap_key), so no
-- provider patient id appears in an address, a log line or a browser history. The dashboard
-- creates the one row on first start; keeping it keeps bookmarked links working.
create table meta.dashboard_secret (
    secret         varchar not null,
    created_at     timestamp not null
);
