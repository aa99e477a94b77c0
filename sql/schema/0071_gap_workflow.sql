-- 0071: care-gap lifecycle and workflow. These tables are never rebuilt by a compute: the gap
-- list (gaps.care_gap) is a model rebuilt every run, while what coordinators did about a gap
-- lives here, keyed by the stable gap key person_id|source_type|source|gap_kind, so no
-- recompute or re-ingest can lose it.

-- One row per episode of a gap: opened by the run that first found it, closed by the first run
-- that no longer finds it. At most one open episode per gap key.
create table gaps.gap_episode (
    gap_key        varchar not null,
    person_id      varchar not null,
    source_type    varchar not null,      -- measure | registry
    source         varchar not null,      -- measure id (CMS122) or registry condition (diabetes)
    gap_kind       varchar not null,
    opened_run     bigint not null,
    opened_at      timestamp not null,
    closed_run     bigint,
    closed_at      timestamp,
    close_reason   varchar                -- met (still in the source, data now meets it) | left_source
);

-- Every open gap of every successful run, with what it said: the gap history.
create table gaps.gap_history (
    run_id         bigint not null,
    gap_key        varchar not null,
    person_id      varchar not null,
    source_type    varchar not null,
    source         varchar not null,
    gap_kind       varchar not null,
    provider       varchar,
    patient_id     varchar,
    measure        varchar,
    group_index    integer,
    period_start   date,
    period_end     date,
    gap            varchar,
    action         varchar,
    opened_date    date,
    due_date       date,
    priority       varchar,
    evidence_date  date,
    evidence_code  varchar,
    evidence_value varchar,
    attributed_provider varchar,
    attributed_practitioner_id varchar,
    risk_tier      varchar
);

-- The current workflow state of a gap; no row means untouched (status open).
create table gaps.workflow (
    gap_key        varchar primary key,
    assignee       varchar,
    status         varchar not null default 'open',
    status_reason  varchar,
    snoozed_until  date,
    updated_at     timestamp not null,
    updated_by     varchar not null
);

-- Notes on a gap, oldest first.
create table gaps.workflow_note (
    gap_key        varchar not null,
    noted_at       timestamp not null,
    actor          varchar not null,
    note           varchar not null
);

-- Every workflow change: who, when, which field, from what to what. meta.audit_log records the
-- same change for the access audit.
create table gaps.workflow_event (
    gap_key        varchar not null,
    occurred_at    timestamp not null,
    actor          varchar not null,
    action         varchar not null,      -- assign | status | note | snooze
    old_value      varchar,
    new_value      varchar
);
