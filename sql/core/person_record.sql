-- core.person_record: links each Patient record a provider sent to one person.
-- Grain: one row per (provider, patient_id), published providers only.
-- Published: kept in the warehouse after the build, for the dashboard's patient timeline and linkage reports.
-- Records that carry the same pseudonymous linkage token are one person across providers;
-- without a token a record stays its own person. A provider whose data quality has an open
-- error (core.published_provider) contributes no records, so measures do not see its data.
select
    p.provider,
    p.id as patient_id,
    case
        when p.linkage_token is not null and p.linkage_token <> '' then 't:' || p.linkage_token
        else 'p:' || p.provider || '/' || p.id
    end as person_id
from core.patient as p
join core.published_provider as pp
    on pp.provider = p.provider
