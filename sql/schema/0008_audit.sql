-- 0008: audit log of patient-level access: every patient-level page view and every export.
create table meta.audit_log (
    occurred_at    timestamp not null,
    actor          varchar not null,      -- user name; 'local' until accounts exist
    action         varchar not null,      -- view | export | workflow
    object         varchar not null,      -- page or export name, e.g. care_gaps
    detail         varchar                -- filters used (never identifiers beyond opaque ids)
);
