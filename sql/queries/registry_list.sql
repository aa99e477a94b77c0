-- registry_list: the registry rows of the latest build, by condition, provider and patient.
-- Parameters: condition, condition ('' = all), include_ever (true: also persons ever
-- diagnosed who are not on the registry now).
select
    provider,
    patient_id,
    person_id,
    condition,
    condition_name,
    case when is_in_registry then '1' else '0' end as in_registry,
    case when is_ever_diagnosed then '1' else '0' end as ever_diagnosed,
    qualified_by,
    exclusion_reason,
    cast(reference_start_date as varchar) as reference_start_date,
    cast(first_diagnosed_date as varchar) as first_diagnosed_date,
    cast(first_qualifying_date as varchar) as first_qualifying_date,
    cast(last_qualifying_date as varchar) as last_qualifying_date,
    cast(qualifying_encounters as varchar) as qualifying_encounters,
    cast(inpatient_encounters as varchar) as inpatient_encounters,
    cast(outpatient_days as varchar) as outpatient_days,
    key_value_name,
    cast(key_value as varchar) as key_value,
    cast(key_value_date as varchar) as key_value_date,
    key_values,
    attributed_provider,
    attributed_practitioner_id,
    attribution_explanation,
    risk_tier,
    cast(risk_score as varchar) as risk_score,
    risk_explanation,
    cast(open_gaps as varchar) as open_gaps,
    open_gap_kinds
from registries.registry
where (? = '' or condition = ?)
    and (is_in_registry or ?)
order by condition, provider, patient_id, person_id
