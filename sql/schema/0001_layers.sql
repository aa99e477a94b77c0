-- 0001: one schema per layer.
--   raw       every stored resource, verbatim JSON after de-identification, with provenance
--   core      flattened FHIR resources, one table per resource type (+ codings, components)
--   ref       reference data: value sets, direct-reference codes
--   measures  measure models (rebuilt by each compute) and the kept results of every run
--   gaps      care-gap models
--   meta      run metadata: ingest ledger, rejects, compute runs, parameters
create schema if not exists raw;
create schema if not exists core;
create schema if not exists ref;
create schema if not exists measures;
create schema if not exists gaps;
create schema if not exists meta;
