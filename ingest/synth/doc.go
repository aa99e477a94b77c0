// Package synth generates a synthetic provider network: FHIR R4 Bulk Data NDJSON exports from
// several providers whose patients partly overlap, so that ingest, cross-provider linkage,
// de-identification and the quality measures (CMS122, CMS165 and later others) have realistic
// populations to work on without touching real patient data.
//
// Generate writes Out/<provider-id>/<ResourceType>.ndjson, one resource per line. Everything is
// drawn from a PCG source seeded per person, so the same Options produce byte-identical files,
// and people are generated in chunks and written in order, so memory stays flat for millions of
// patients.
//
// The patients carry names, phone numbers, e-mail and street addresses, medical record numbers
// and SSN-like identifiers on purpose: all invented, they exist so the de-identification at
// ingest is exercised. Each Patient also carries the shared pseudonymous linkage token under
// Options.LinkageSystem; a person seen by several providers has one Patient per provider with
// the same token, birth date and gender.
//
// Codes come from value sets keyed by canonical URL (Options.Codes). The embedded starter set
// (StarterValueSets) is a small, hand-compiled list of a few well-known public codes per value
// set, compiled by the Populace team for generating test data. It is not a VSAC expansion and
// not complete; the displays are our own short wording, and the code systems (ICD-10-CM,
// SNOMED CT, LOINC, CPT, HCPCS) keep their owners' terms. Measures must be computed against
// the published expansions, imported separately.
package synth
