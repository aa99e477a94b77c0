// Package ingest owns the path from a provider's feed files to the warehouse: it reads FHIR R4
// Bulk Data NDJSON files, Bundles and lone resources (optionally gzip-compressed), strips
// patient identifiers at the door, flattens the resources into Arrow record batches for the
// raw and core tables, and loads each file in one warehouse transaction. It holds no SQL.
//
// # Files
//
// A file's identity is the sha256 of its bytes as delivered (for .gz the compressed bytes);
// a file already loaded by the same provider is skipped. Record problems (invalid_json,
// missing_resource_type, missing_id, wrong_type, invalid_date, missing_subject, unsupported,
// and with Options.Strict missing_required and unknown_patient) are rejected one by one
// while the good records load (a file whose rejects exceed Options.MaxRejectShare is
// rejected whole); a file that cannot be read as FHIR at
// all (truncated gzip, not JSON, not a Bundle of an accepted type) is recorded as rejected and
// none of its data is kept. Memory does not grow with the file: NDJSON is read line by line
// and a Bundle's entry array one entry at a time.
//
// An NDJSON file holds one resource type: the one its name declares (Observation.ndjson,
// Observation.000.ndjson), else that of its first resource; other lines are wrong_type. A
// file in which no line is a FHIR resource (a bulk-export client log) is rejected whole.
//
// # Flattening
//
// Every resource goes to raw.resource; the types with a core table (see flatteners) also
// fill it, and their CodeableConcepts fill core.coding (element named by its FHIR path, seq
// the position in a repeating element). References keep only the id (see refID); times are
// converted to UTC, partial dates to their first instant.
//
// # De-identification
//
// Every decoded resource is de-identified (deidPolicy.apply) before anything is stored (raw
// JSON, core columns, errors). The rules remove or generalise each HIPAA Safe Harbor
// identifier FHIR can carry; docs/deidentification.md lists them one by one. In short:
//
//   - every resource (and contained resource): drop narrative and free text, telecom, photo,
//     contact, Reference.display (Coding.display is terminology and is kept), Attachment
//     content, identifiers (nested ones and *Identifier elements too), device serials,
//     plan and account numbers, URLs, network addresses, coordinates and primitive
//     extensions (_x); addresses keep only state, country and the 3-digit ZIP ("000" for
//     the restricted ZIP3 areas); ages of 90 years or more become 90;
//   - Patient: drop name and link; keep only the US Core extensions; keep the identifier
//     of Options.LinkageSystem, else compute an HMAC token from Options.LinkageSecret
//     (linkage.go) before the name goes; birthDate by Options.DatePolicy, and everyone
//     aged 90+ at the load gets the birth year that makes them 90;
//   - RelatedPerson and Person are reduced to their relationship to the patient;
//   - Practitioner keeps its name and NPI, Organization and Location their identifiers and
//     names (they are not patients);
//   - valueString outside extensions is replaced by the fixed text [redacted]: the fact
//     that a value was recorded matters to measures, so value_type stays 'string'.
//
// Rules are by element name, so they also apply to resource types ingest does not flatten.
package ingest
