-- ingest_freshness: when data last arrived, for the freshness line on every page.
-- Grain: one row; last_loaded_at is null before the first file is loaded.
select
    max(finished_at) as last_loaded_at,
    count(*) as files_loaded
from meta.ingest_file
where status = 'loaded'
