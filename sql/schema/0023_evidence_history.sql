-- 0023: the evidence behind every patient's populations in the primary period of every run
-- (measures.evidence kept per run). Grain: run x measure x group x person x population x
-- evidence item.
create table measures.evidence_history (
    run_id                 bigint not null,
    period_key             varchar not null,
    measure                varchar not null,
    group_index            integer not null,
    person_id              varchar not null,
    population             varchar not null,   -- initial-population, denominator-exclusion,
                                               -- denominator-exception, numerator
    is_in_population       boolean not null,   -- the evidence put the person in (true) or
                                               -- left them out (false)
    evidence_date          date,
    code_system            varchar,
    code                   varchar,
    display                varchar,
    value                  varchar,
    reason                 varchar
);
