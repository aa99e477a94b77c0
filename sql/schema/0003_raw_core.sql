-- 0003: the raw and core layers filled by ingest.
--
-- Every table carries its provenance: provider, file_id (meta.ingest_file) and batch_id (the
-- Arrow record batch within the file). Resources are keyed by (provider, id): a resource
-- re-sent by the same provider replaces the earlier version. patient_id is the Patient.id the
-- provider sent; core.person links records of one person across providers.
--
-- Times are UTC timestamps (FHIR dateTime converted to UTC; a date alone is midnight).
-- Partial dates ('2025', '2025-03') are stored at their first instant.

-- Every stored resource, verbatim JSON after de-identification: the core tables can be
-- rebuilt from this table without the source files.
create table raw.resource (
    provider       varchar not null,
    file_id        bigint not null,
    batch_id       integer not null,
    line           bigint not null,
    resource_type  varchar not null,
    id             varchar not null,
    patient_id     varchar,
    last_updated   timestamp,
    resource       json not null
);

-- All codings of all CodeableConcepts/Codings the core tables flatten. element names the FHIR
-- path ('code', 'type', 'category', 'reasonCode', 'value', 'component.code',
-- 'component.value', 'vaccineCode', 'medication', 'class', 'dischargeDisposition', ...);
-- seq is the position of the repeating parent (category[1], component[2], ...).
create table core.coding (
    provider       varchar not null,
    file_id        bigint not null,
    batch_id       integer not null,
    resource_type  varchar not null,
    id             varchar not null,
    element        varchar not null,
    seq            integer not null,
    system         varchar,
    code           varchar,
    display        varchar
);

create table core.patient (
    provider        varchar not null,
    file_id         bigint not null,
    batch_id        integer not null,
    id              varchar not null,
    last_updated    timestamp,
    active          boolean,
    gender          varchar,
    birth_date      date,
    deceased        boolean,
    deceased_at     timestamp,
    state           varchar,
    zip3            varchar,
    race_code       varchar,              -- US Core race ombCategory (first)
    race_display    varchar,
    ethnicity_code  varchar,              -- US Core ethnicity ombCategory
    ethnicity_display varchar,
    linkage_token   varchar,              -- pseudonymous token for cross-provider linkage
    general_practitioner_id varchar,
    managing_organization_id varchar
);

create table core.encounter (
    provider        varchar not null,
    file_id         bigint not null,
    batch_id        integer not null,
    id              varchar not null,
    patient_id      varchar,
    last_updated    timestamp,
    status          varchar,
    class_system    varchar,
    class_code      varchar,
    period_start    timestamp,
    period_end      timestamp,
    length_minutes  double,
    service_provider_id varchar,          -- Organization id
    practitioner_id varchar,              -- first participant individual (Practitioner id)
    location_id     varchar
);

create table core.condition (
    provider            varchar not null,
    file_id             bigint not null,
    batch_id            integer not null,
    id                  varchar not null,
    patient_id          varchar,
    last_updated        timestamp,
    clinical_status     varchar,
    verification_status varchar,
    onset_start         timestamp,        -- onsetDateTime / onsetPeriod.start
    onset_end           timestamp,        -- onsetDateTime / onsetPeriod.end
    onset_age_low       double,           -- onsetAge / onsetRange.low, in years
    onset_age_high      double,           -- onsetAge / onsetRange.high, in years
    abatement_start     timestamp,
    abatement_end       timestamp,
    abatement_age_low   double,
    abatement_age_high  double,
    recorded_date       timestamp,
    encounter_id        varchar
);

create table core.observation (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,
    last_updated      timestamp,
    status            varchar,
    effective_start   timestamp,          -- effectiveDateTime / effectivePeriod.start / effectiveInstant
    effective_end     timestamp,          -- effectiveDateTime / effectivePeriod.end / effectiveInstant
    issued            timestamp,
    value_type        varchar,            -- Quantity | CodeableConcept | string | boolean | integer | Range | Ratio | time | dateTime | Period | SampledData
    value_quantity    double,             -- valueQuantity.value / valueInteger / Range.low / Ratio numerator
    value_unit        varchar,            -- UCUM code (else unit)
    value_high        double,             -- Range.high / Ratio denominator
    value_string      varchar,            -- valueString / valueTime (free text is dropped by de-identification)
    value_boolean     boolean,
    value_datetime    timestamp,          -- valueDateTime / valuePeriod.start
    value_datetime_end timestamp,
    data_absent_reason varchar,
    encounter_id      varchar,
    has_member        boolean,
    not_done          boolean             -- qicore-notDone modifier extension or status cancelled with reason
);

-- Observation.component, one row per component (codes in core.coding, element 'component.code').
create table core.observation_component (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,   -- the Observation id
    seq               integer not null,
    value_type        varchar,
    value_quantity    double,
    value_unit        varchar,
    value_high        double,
    value_string      varchar,
    value_boolean     boolean,
    value_datetime    timestamp,
    data_absent_reason varchar
);

create table core.procedure (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,
    last_updated      timestamp,
    status            varchar,
    performed_start   timestamp,
    performed_end     timestamp,
    encounter_id      varchar,
    practitioner_id   varchar
);

create table core.medication_request (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,
    last_updated      timestamp,
    status            varchar,
    intent            varchar,
    do_not_perform    boolean,
    authored_on       timestamp,
    medication_id     varchar,            -- medicationReference (Medication id); codes of
                                          -- medicationCodeableConcept are in core.coding 'medication'
    encounter_id      varchar,
    requester_id      varchar,
    -- dosageInstruction[0] and dispenseRequest, as CumulativeMedicationDuration reads them
    dosage_count      integer,            -- number of dosageInstruction entries
    bounds_start      timestamp,
    bounds_end        timestamp,
    frequency         integer,
    frequency_max     integer,
    period            double,
    period_unit       varchar,
    time_of_day_count integer,
    dose_value        double,             -- doseQuantity.value or doseRange.high.value
    dose_unit         varchar,
    as_needed         boolean,
    supply_duration_value double,         -- dispenseRequest.expectedSupplyDuration
    supply_duration_unit  varchar,
    dispense_quantity double,
    refills           integer,            -- numberOfRepeatsAllowed
    validity_start    timestamp,
    validity_end      timestamp
);

create table core.medication (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    last_updated      timestamp,
    status            varchar
);

create table core.immunization (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,
    last_updated      timestamp,
    status            varchar,
    occurrence_at     timestamp,
    recorded_at       timestamp,
    encounter_id      varchar
);

create table core.service_request (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,
    last_updated      timestamp,
    status            varchar,
    intent            varchar,
    do_not_perform    boolean,
    authored_on       timestamp,
    occurrence_start  timestamp,
    occurrence_end    timestamp,
    encounter_id      varchar
);

create table core.device_request (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,
    last_updated      timestamp,
    status            varchar,
    intent            varchar,
    do_not_perform    boolean,           -- qicore-doNotPerform modifier extension
    authored_on       timestamp,
    occurrence_start  timestamp,
    occurrence_end    timestamp,
    encounter_id      varchar
);

create table core.coverage (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,           -- beneficiary
    last_updated      timestamp,
    status            varchar,
    period_start      timestamp,
    period_end        timestamp,
    payor_id          varchar            -- first payor reference id (Organization)
);

create table core.allergy_intolerance (
    provider            varchar not null,
    file_id             bigint not null,
    batch_id            integer not null,
    id                  varchar not null,
    patient_id          varchar,
    last_updated        timestamp,
    clinical_status     varchar,
    verification_status varchar,
    onset_start         timestamp,
    onset_end           timestamp,
    recorded_date       timestamp
);

create table core.adverse_event (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    patient_id        varchar,           -- subject
    last_updated      timestamp,
    actuality         varchar,
    event_at          timestamp,         -- date
    recorded_at       timestamp
);

create table core.organization (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    last_updated      timestamp,
    active            boolean,
    name              varchar,            -- organisations are not people: their names are kept
    state             varchar
);

create table core.practitioner (
    provider          varchar not null,
    file_id           bigint not null,
    batch_id          integer not null,
    id                varchar not null,
    last_updated      timestamp,
    active            boolean,
    name              varchar,            -- clinician display name (not a patient identifier)
    npi               varchar
);
