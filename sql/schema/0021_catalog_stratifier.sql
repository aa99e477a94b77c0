-- 0021: the stratifiers a Measure itself defines (Measure.group.stratifier), as data.
--
-- Every stratifier with criteria in the library is an age interval at the end of the
-- measurement period applied to the initial population (CMS130 "Stratification 1" and
-- "Stratification 2"); a person is in stratum 'true' when the age holds, else 'false'.
-- Stratifiers a Measure declares without criteria (CMS165 has two) are not listed: there is
-- nothing to evaluate. A measure whose stratifier is another kind of rule adds a relation
-- and a union line in sql/measures/stratum/stratum__measure_defined.sql.
create table measures.catalog_stratifier (
    measure        varchar not null,      -- CMS130
    group_index    integer not null,      -- 0-based position in Measure.group
    stratifier_id  varchar not null,      -- Measure.group.stratifier.id
    expression     varchar not null,      -- criteria.expression (the CQL define)
    description    varchar,
    age_min        integer not null,      -- AgeInYearsAt(date from end of "Measurement Period")
    age_max        integer not null,      --   in Interval[age_min, age_max]
    primary key (measure, group_index, stratifier_id)
);

insert into measures.catalog_stratifier values
    ('CMS130', 0, '736a0ff4-9544-4c88-88dd-76274cc3d540', 'Stratification 1',
     'Patients age 46-49 by the end of the measurement period', 46, 49),
    ('CMS130', 0, '426f0691-b064-459c-9661-88dadc8d3f7b', 'Stratification 2',
     'Patients age 50-75 by the end of the measurement period', 50, 75);
