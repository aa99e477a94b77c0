-- 0004: reference data. Value sets are imported at run time (populace valuesets import) from
-- FHIR ValueSet JSON; nothing licensed is shipped with Populace.

create table ref.valueset (
    url            varchar not null,      -- canonical URL, e.g. http://cts.nlm.nih.gov/fhir/ValueSet/<oid>
    version        varchar not null,      -- '' when the resource has none
    oid            varchar,
    name           varchar,
    title          varchar,
    source         varchar not null,      -- expansion | compose
    codes          bigint not null,
    imported_at    timestamp not null,
    primary key (url, version)
);

create table ref.valueset_code (
    url            varchar not null,
    version        varchar not null,
    system         varchar not null,
    code           varchar not null,
    display        varchar
);

-- Direct-reference codes that measures declare in their CQL ('code "..." from "LOINC"'),
-- public facts of each measure's specification, seeded below. concept is the CQL name.
create table ref.concept (
    concept        varchar not null,
    system         varchar not null,
    code           varchar not null,
    display        varchar,
    primary key (concept, system, code)
);

insert into ref.concept (concept, system, code, display) values
    ('Glucose management indicator', 'http://loinc.org', '97506-0', 'Glucose management indicator'),
    ('Systolic blood pressure', 'http://loinc.org', '8480-6', 'Systolic blood pressure'),
    ('Diastolic blood pressure', 'http://loinc.org', '8462-4', 'Diastolic blood pressure'),
    ('Blood pressure panel', 'http://loinc.org', '85354-9', 'Blood pressure panel with all children optional'),
    ('Hospice care [Minimum Data Set]', 'http://loinc.org', '45755-6', 'Hospice care [Minimum Data Set]'),
    ('Yes (qualifier value)', 'http://snomed.info/sct', '373066001', 'Yes (qualifier value)'),
    ('Discharge to healthcare facility for hospice care (procedure)', 'http://snomed.info/sct', '428371000124100', 'Discharge to healthcare facility for hospice care (procedure)'),
    ('Discharge to home for hospice care (procedure)', 'http://snomed.info/sct', '428361000124107', 'Discharge to home for hospice care (procedure)'),
    ('Functional Assessment of Chronic Illness Therapy - Palliative Care Questionnaire (FACIT-Pal)', 'http://loinc.org', '71007-9', 'Functional Assessment of Chronic Illness Therapy - Palliative Care Questionnaire (FACIT-Pal)'),
    ('Housing status', 'http://loinc.org', '71802-3', 'Housing status'),
    ('Lives in a nursing home (finding)', 'http://snomed.info/sct', '160734000', 'Lives in a nursing home (finding)'),
    ('Medical equipment used', 'http://loinc.org', '98181-1', 'Medical equipment used'),
    ('laboratory', 'http://terminology.hl7.org/CodeSystem/observation-category', 'laboratory', 'Laboratory'),
    ('exam', 'http://terminology.hl7.org/CodeSystem/observation-category', 'exam', 'Exam'),
    ('survey', 'http://terminology.hl7.org/CodeSystem/observation-category', 'survey', 'Survey'),
    ('vital-signs', 'http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs', 'Vital Signs');
