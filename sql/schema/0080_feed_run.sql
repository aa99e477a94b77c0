-- 0080: feed runs. A feed is one provider's inbox, polled on its own schedule; every run is
-- recorded here (also a run that found nothing, failed or was interrupted), with what it did
-- to each file it picked up and what it loaded by resource type.

create table meta.feed_run (
    run_id             bigint not null,
    feed               varchar not null,     -- the provider id
    started_at         timestamp not null,
    finished_at        timestamp,
    status             varchar not null,     -- running | succeeded | quarantined | failed | cancelled | interrupted
    attempts           integer not null default 1,
    files_loaded       integer not null default 0,
    files_skipped      integer not null default 0, -- already loaded (same content), archived again
    files_quarantined  integer not null default 0,
    files_failed       integer not null default 0, -- left in the inbox (unreadable, failing warehouse)
    resources          bigint not null default 0,
    rejects            bigint not null default 0,
    error              varchar               -- why the run failed; never patient data
);
create sequence meta.feed_run_seq start 1;

-- Resources loaded by a run, per type.
create table meta.feed_run_count (
    run_id         bigint not null,
    resource_type  varchar not null,
    resources      bigint not null
);

-- Each file a run picked up: its ledger row (null when it could not be read) and its fate.
create table meta.feed_run_file (
    run_id         bigint not null,
    file_name      varchar not null,     -- path relative to the inbox
    file_id        bigint,               -- meta.ingest_file
    status         varchar not null,     -- loaded | skipped | rejected | failed
    moved_to       varchar               -- archive | quarantine | null (left in the inbox)
);
