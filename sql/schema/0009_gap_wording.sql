-- 0009: what a care gap says to the care team, per measure group: one wording when there is
-- a result to show, one when the period has none. Each measure's catalog migration adds its
-- rows; the check care_gap_in_denominator fails a build where a measure has none.
create table ref.gap_wording (
    measure        varchar not null,
    group_index    integer not null,
    has_result     boolean not null,
    gap            varchar not null,
    action         varchar not null,
    primary key (measure, group_index, has_result)
);

insert into ref.gap_wording values
    ('CMS122', 0, true, 'HbA1c or GMI above 9% or without a value', 'Review the diabetes treatment plan and repeat the HbA1c'),
    ('CMS122', 0, false, 'No HbA1c or GMI test in the period', 'Order an HbA1c test'),
    ('CMS165', 0, true, 'Blood pressure not below 140/90', 'Recheck blood pressure and review the treatment plan'),
    ('CMS165', 0, false, 'No blood pressure reading in the period', 'Take a blood pressure reading at the next visit');
