-- measures.shared__condition_prevalence: every Condition with its prevalence interval.
-- Grain: provider x condition id.
-- Implements QICoreCommon 2.1.000 prevalenceInterval():
--   active/recurrence/relapse: Interval[start of onset, end of abatement] (closed; no abatement
--     means open-ended, to the end of time);
--   otherwise with an abatement: Interval[start of onset, end of abatement];
--   otherwise: Interval[start of onset, null) whose end is UNKNOWN (cql-execution treats it as
--     somewhere between the start and the end of time).
-- A missing onset start is the beginning of time (a closed null boundary).
-- Onset as an Age/Range starts on the birthday of the low age; an abatement Age/Range ends the
-- day before the birthday one year after the (high) age.

-- Onset and abatement normalised to instants, ages resolved against the record's birth date.
with normalised as (
    select
        c.provider,
        c.id,
        pr.person_id,
        c.clinical_status,
        coalesce(
            c.onset_start,
            cast(p.birth_date + to_years(cast(floor(c.onset_age_low) as integer)) as timestamp)
        ) as onset_at,
        coalesce(
            c.abatement_end,
            cast(
                p.birth_date
                + to_years(cast(floor(coalesce(c.abatement_age_high, c.abatement_age_low)) as integer) + 1)
                - interval 1 day
                as timestamp
            )
        ) as abatement_at
    from core.condition as c
    join core.person_record as pr
        on pr.provider = c.provider
        and pr.patient_id = c.patient_id
    left join core.patient as p
        on p.provider = c.provider
        and p.id = c.patient_id
)

select
    provider,
    id,
    person_id,
    onset_at as prevalence_start,
    abatement_at as prevalence_end,
    -- active without abatement: closed null end, the end of time
    (abatement_at is null and clinical_status in ('active', 'recurrence', 'relapse')) as is_end_open,
    -- not active without abatement: open null end, unknown
    (abatement_at is null and coalesce(clinical_status, '') not in ('active', 'recurrence', 'relapse')) as is_end_unknown
from normalised
