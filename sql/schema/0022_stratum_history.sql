-- 0022: population counts by stratum of every compute run (measures.stratum__summary kept per
-- run, as measures.summary_history keeps the totals). Grain: run x period x measure x group x
-- stratifier x stratum.
create table measures.stratum_summary_history (
    run_id                 bigint not null,
    period_key             varchar not null,
    period_start           date not null,
    period_end             date not null,
    measure                varchar not null,
    group_index            integer not null,
    stratifier             varchar not null,   -- age_band, sex, race, ethnicity, payer_type,
                                               -- organization, practitioner, or a Measure's
                                               -- stratifier id
    stratum                varchar not null,   -- the stratum's value (a code, a band, 'true')
    stratum_display        varchar,
    initial_population     bigint not null,
    denominator            bigint not null,
    denominator_exclusion  bigint not null,
    denominator_exception  bigint not null,
    numerator              bigint not null,
    performance_rate       double
);
