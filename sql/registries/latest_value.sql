-- registries.latest_value: each person's latest reading of each registry value.
-- Grain: person_id x value_key.
-- The latest day with a reading wins; on that day the lowest value is taken (as the eCQMs take
-- the lowest blood pressure and HbA1c of the most recent day). is_uncontrolled compares it
-- with ref.registry_value's limits (above uncontrolled_above or below uncontrolled_below).
with ranked as (
    select
        value_key,
        person_id,
        reading_date,
        value,
        unit,
        code,
        row_number() over (
            partition by person_id, value_key
            order by reading_date desc, value asc, provider, id, seq
        ) as recency_rank
    from registries.value_reading
)

select
    r.person_id,
    r.value_key,
    v.name,
    v.marker,
    r.reading_date as value_date,
    r.value,
    r.unit,
    r.code,
    coalesce(r.value > v.uncontrolled_above, false)
        or coalesce(r.value < v.uncontrolled_below, false) as is_uncontrolled
from ranked as r
join ref.registry_value as v
    on v.value_key = r.value_key
where r.recency_rank = 1
