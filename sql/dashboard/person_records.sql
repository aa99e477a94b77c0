-- person_records: the provider records linked into one person (pseudonymous patient ids).
-- Grain: one row per (provider, patient_id). Parameter: person_id.
select provider, patient_id
from core.person_record
where person_id = ?
order by provider, patient_id
