-- 0090: data quality of provider feeds: one run per provider and check pass, its findings,
-- and the reference data the checks read (known code systems, plausible ranges).

-- One row per quality run: the checks of sql/quality/ evaluated over one provider's data.
create table meta.quality_run (
    run_id        bigint primary key,
    provider      varchar not null,
    as_of         timestamp not null,    -- the run's notion of "now" (future events, freshness)
    started_at    timestamp not null,
    finished_at   timestamp not null,
    errors        integer not null,      -- error-level findings (the feed is unpublished while any stays open)
    warnings      integer not null
);
create sequence meta.quality_run_seq start 1;

-- One row per check and run. Every check reports, also when it passes (severity info), so
-- the dashboard can chart the measured value. Messages hold counts and shares, never data.
create table meta.quality_finding (
    run_id        bigint not null,
    provider      varchar not null,
    checked_at    timestamp not null,
    check_name    varchar not null,     -- e.g. completeness_encounter_code
    category      varchar not null,     -- completeness | conformance | plausibility | freshness
    severity      varchar not null,     -- info | warning | error
    measured      double,               -- the measured value (a share 0..1, a count or days)
    threshold     double,               -- the value at which the finding reaches its severity
    message       varchar not null,
    resolved_at   timestamp,            -- set by 'populace quality resolve'
    resolved_note varchar
);
create index quality_finding_provider on meta.quality_finding (provider, run_id);

-- Code systems the conformance check knows (canonical URLs as FHIR R4 and US Core name them).
create table ref.known_code_system (
    system        varchar primary key,
    name          varchar not null
);
insert into ref.known_code_system values
    ('http://loinc.org', 'LOINC'),
    ('http://snomed.info/sct', 'SNOMED CT'),
    ('http://hl7.org/fhir/sid/icd-10-cm', 'ICD-10-CM'),
    ('http://hl7.org/fhir/sid/icd-10', 'ICD-10'),
    ('http://www.cms.gov/Medicare/Coding/ICD10', 'ICD-10-PCS'),
    ('http://hl7.org/fhir/sid/icd-9-cm', 'ICD-9-CM'),
    ('http://www.nlm.nih.gov/research/umls/rxnorm', 'RxNorm'),
    ('http://www.ama-assn.org/go/cpt', 'CPT'),
    ('https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'HCPCS'),
    ('http://hl7.org/fhir/sid/cvx', 'CVX'),
    ('http://hl7.org/fhir/sid/ndc', 'NDC'),
    ('http://unitsofmeasure.org', 'UCUM'),
    ('http://ada.org/cdt', 'CDT'),
    ('urn:oid:2.16.840.1.113883.6.238', 'CDC Race and Ethnicity'),
    ('urn:oid:2.16.840.1.113883.3.221.5', 'Source of Payment Typology'),
    ('https://nahdo.org/sopt', 'Source of Payment Typology'),
    ('http://terminology.hl7.org/CodeSystem/v3-ActCode', 'HL7 ActCode'),
    ('http://terminology.hl7.org/CodeSystem/v3-RoleCode', 'HL7 RoleCode'),
    ('http://terminology.hl7.org/CodeSystem/v2-0203', 'HL7 v2 identifier type'),
    ('http://terminology.hl7.org/CodeSystem/observation-category', 'Observation category'),
    ('http://terminology.hl7.org/CodeSystem/condition-category', 'Condition category'),
    ('http://hl7.org/fhir/us/core/CodeSystem/condition-category', 'US Core condition category'),
    ('http://terminology.hl7.org/CodeSystem/condition-clinical', 'Condition clinical status'),
    ('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'Condition verification status'),
    ('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'Allergy clinical status'),
    ('http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', 'Allergy verification status'),
    ('http://terminology.hl7.org/CodeSystem/medicationrequest-category', 'MedicationRequest category'),
    ('http://terminology.hl7.org/CodeSystem/discharge-disposition', 'Discharge disposition'),
    ('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'Data absent reason'),
    ('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'Observation interpretation'),
    ('http://terminology.hl7.org/CodeSystem/coverage-class', 'Coverage class'),
    ('http://terminology.hl7.org/CodeSystem/v3-ActPriority', 'HL7 ActPriority'),
    ('http://terminology.hl7.org/CodeSystem/organization-type', 'Organization type'),
    ('http://terminology.hl7.org/CodeSystem/adverse-event-category', 'AdverseEvent category'),
    ('http://terminology.hl7.org/CodeSystem/reason-medication-not-given', 'Reason medication not given'),
    ('http://terminology.hl7.org/CodeSystem/v3-ActReason', 'HL7 ActReason'),
    ('http://terminology.hl7.org/CodeSystem/v3-NullFlavor', 'HL7 NullFlavor'),
    ('http://hl7.org/fhir/diagnostic-report-status', 'DiagnosticReport status'),
    ('http://terminology.hl7.org/CodeSystem/dose-rate-type', 'Dose rate type'),
    ('http://terminology.hl7.org/CodeSystem/claim-type', 'Claim type'),
    ('http://terminology.hl7.org/CodeSystem/coverage-selfpay', 'Coverage self-pay'),
    ('http://hl7.org/fhir/us/core/CodeSystem/us-core-provenance-participant-type', 'US Core provenance participant');

-- Physically possible values of common measurements, by LOINC code, in the unit given
-- (values in another unit are not judged). Outside the range a value is implausible.
create table ref.plausible_range (
    code          varchar primary key,   -- LOINC
    name          varchar not null,
    unit          varchar not null,      -- UCUM
    low           double not null,
    high          double not null
);
insert into ref.plausible_range values
    ('8480-6', 'Systolic blood pressure', 'mm[Hg]', 20, 300),
    ('8462-4', 'Diastolic blood pressure', 'mm[Hg]', 10, 200),
    ('8867-4', 'Heart rate', '/min', 10, 350),
    ('9279-1', 'Respiratory rate', '/min', 2, 100),
    ('8310-5', 'Body temperature', 'Cel', 25, 46),
    ('8302-2', 'Body height', 'cm', 20, 280),
    ('29463-7', 'Body weight', 'kg', 0.2, 700),
    ('39156-5', 'Body mass index', 'kg/m2', 5, 150),
    ('4548-4', 'Hemoglobin A1c', '%', 2, 25),
    ('17856-6', 'Hemoglobin A1c (HPLC)', '%', 2, 25),
    ('2339-0', 'Glucose', 'mg/dL', 5, 3000),
    ('2345-7', 'Glucose (serum or plasma)', 'mg/dL', 5, 3000),
    ('2093-3', 'Cholesterol', 'mg/dL', 20, 2000),
    ('18262-6', 'LDL cholesterol (direct)', 'mg/dL', 1, 1500),
    ('13457-7', 'LDL cholesterol (calculated)', 'mg/dL', 1, 1500),
    ('2085-9', 'HDL cholesterol', 'mg/dL', 1, 300),
    ('2571-8', 'Triglycerides', 'mg/dL', 5, 10000),
    ('2160-0', 'Creatinine', 'mg/dL', 0.05, 40),
    ('718-7', 'Hemoglobin', 'g/dL', 1, 30),
    ('59408-5', 'Oxygen saturation (pulse oximetry)', '%', 30, 100),
    ('2708-6', 'Oxygen saturation (arterial)', '%', 30, 100);
