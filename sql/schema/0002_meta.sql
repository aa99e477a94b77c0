-- 0002: run metadata: the ingest ledger, rejected records, compute runs and their parameters.

-- One row per file offered to ingest. content_hash (sha256 of the bytes as delivered) makes a
-- second delivery of the same file a no-op. A file is 'loaded' only when its transaction
-- committed; a file whose load was interrupted leaves no row and no data.
create table meta.ingest_file (
    file_id        bigint primary key,
    provider       varchar not null,
    file_name      varchar not null,     -- base name only; folders may hold identifiers
    content_hash   varchar not null,
    format         varchar not null,     -- ndjson | bundle
    status         varchar not null,     -- loaded | rejected
    resources      bigint not null default 0,
    rejected       bigint not null default 0,
    error          varchar,              -- reason when the whole file was rejected
    started_at     timestamp not null,
    finished_at    timestamp not null
);
create unique index ingest_file_hash on meta.ingest_file (provider, content_hash);
create sequence meta.ingest_file_seq start 1;

-- Resources loaded per file and type (the counts behind the ingest summary).
create table meta.ingest_count (
    file_id        bigint not null,
    resource_type  varchar not null,
    resources      bigint not null
);

-- One row per rejected record: where it was and why, never its content.
create table meta.ingest_reject (
    file_id        bigint not null,
    provider       varchar not null,
    file_name      varchar not null,
    line           bigint not null,     -- NDJSON line, or Bundle entry index + 1
    resource_type  varchar,
    reason_code    varchar not null,    -- e.g. invalid_json, missing_id, wrong_type
    reason         varchar not null
);

-- One row per compute. Results of every run are kept in measures.result_history.
create table meta.compute_run (
    run_id         bigint primary key,
    period_start   date not null,
    period_end     date not null,
    status         varchar not null,    -- running | succeeded | failed
    started_at     timestamp not null,
    finished_at    timestamp,
    error          varchar
);
create sequence meta.compute_run_seq start 1;

-- The parameters of the build in progress: one row per measurement period evaluated.
-- period_key 'primary' is the requested period; 'm<YYYY-MM>' rows are the rolling 12-month
-- periods ending at each month end, which feed the trend charts.
create table meta.parameters (
    run_id         bigint not null,
    period_key     varchar not null,
    period_start   date not null,
    period_end     date not null,
    is_primary     boolean not null
);

-- Runs of scheduled jobs (inbox polling, nightly compute).
create table meta.job_run (
    job            varchar not null,
    started_at     timestamp not null,
    finished_at    timestamp,
    status         varchar not null,     -- running | succeeded | failed | skipped
    detail         varchar
);
