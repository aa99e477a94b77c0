-- 0005: measure catalog and the results of every compute run.

-- One row per measure and group, as the Measure resource defines them.
create table measures.catalog (
    measure        varchar not null,      -- CMS122
    group_index    integer not null,      -- 0-based position in Measure.group
    title          varchar not null,
    library        varchar not null,      -- CQL library name
    version        varchar not null,
    improvement    varchar not null,      -- increase | decrease (inverse measure)
    has_exclusion  boolean not null,
    has_exception  boolean not null,
    goal_rate      double,                -- target performance rate, 0..1
    primary key (measure, group_index)
);

insert into measures.catalog values
    ('CMS122', 0, 'Diabetes: Glycemic Status Assessment Greater Than 9%',
     'DiabetesGlycemicStatusAssessmentGreaterThan9PercentFHIR', '0.1.002', 'decrease', true, false, 0.15),
    ('CMS165', 0, 'Controlling High Blood Pressure',
     'ControllingHighBloodPressureFHIR', '0.1.000', 'increase', true, false, 0.70);

-- Patient-level results of every run, kept so trends survive and runs can be compared.
-- Grain: run x period x measure x group x person.
create table measures.result_history (
    run_id                 bigint not null,
    period_key             varchar not null,
    period_start           date not null,
    period_end             date not null,
    measure                varchar not null,
    group_index            integer not null,
    person_id              varchar not null,
    provider               varchar,        -- the record the person is reported under
    patient_id             varchar,        -- (core.person primary_provider / primary_patient_id)
    initial_population     boolean not null,
    denominator            boolean not null,
    denominator_exclusion  boolean,
    denominator_exception  boolean,
    numerator              boolean not null,
    exclusion_reason       varchar,
    evidence_date          date,
    evidence_code          varchar,
    evidence_value         varchar
);

-- Aggregates of every run: the trend charts read this.
create table measures.summary_history (
    run_id                 bigint not null,
    period_key             varchar not null,
    period_start           date not null,
    period_end             date not null,
    measure                varchar not null,
    group_index            integer not null,
    initial_population     bigint not null,
    denominator            bigint not null,
    denominator_exclusion  bigint not null,
    denominator_exception  bigint not null,
    numerator              bigint not null,
    performance_rate       double          -- numerator / (denominator - exclusions - exceptions)
);
