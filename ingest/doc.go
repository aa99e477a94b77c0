// Package ingest owns the path from a provider's feed files to the warehouse: it reads FHIR R4
// Bulk Data NDJSON files, Bundles and lone resources (optionally gzip-compressed), strips
// patient identifiers at the door, flattens the resources into Arrow record batches for the
// raw and core tables, and loads each file in one warehouse transaction. It holds no SQL.
//
// # Files
//
// A file's identity is the sha256 of its bytes as delivered (for .gz the compressed bytes);
// a file already loaded by the same provider is skipped. Record problems (invalid_json,
// missing_resource_type, missing_id, wrong_type, invalid_date, missing_subject, unsupported)
// are rejected one by one while the good records load; a file that cannot be read as FHIR at
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
// [Deidentify] runs on every decoded resource before anything is stored (raw JSON, core
// columns, errors). Its rules:
//
//   - every resource (and contained resource): drop narrative and free text (text, div, note,
//     comment, description strings, patientInstruction, conclusion), telecom, photo, contact,
//     Reference.display (Coding.display is terminology and is kept), Attachment content
//     (only contentType, language and size stay) and identifiers (nested ones too);
//     addresses keep only state, country and the first 3 digits of postalCode;
//     extensions lose string, markdown, name, contact point, annotation and attachment values;
//   - Patient: drop name, link and every identifier except the one whose system is
//     Options.LinkageSystem (the pseudonymous linkage token); keep only the US Core
//     extensions (race, ethnicity, birth sex, ...). birthDate and deceased[x] are kept because
//     age criteria need them: the warehouse is pseudonymous, not anonymous;
//   - RelatedPerson and Person: drop name as for Patient;
//   - Practitioner keeps its name and NPI identifier, Organization and Location keep their
//     identifiers and names (they are not patients);
//   - valueString outside extensions (Observation and its components, QuestionnaireResponse
//     answers, ...) is replaced by the fixed text [Redacted]: it may carry free text, but the
//     fact that a value was recorded matters to measures ("value is null"), so an
//     Observation's value_type stays 'string' and value_string stays null.
//
// Rules are by element name, so they also apply to resource types ingest does not flatten.
// docs/deidentification.md summarises them for operators.
package ingest
