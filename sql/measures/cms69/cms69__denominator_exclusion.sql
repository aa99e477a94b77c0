-- measures.cms69__denominator_exclusion: whether each CMS69 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": Hospice."Has Hospice Services"
--   or PalliativeCare."Has Palliative Care in the Measurement Period"
--   or exists "Is Pregnant during Day of Measurement Period".
-- The reason reported is the first that holds, in that order.

-- "Is Pregnant during Day of Measurement Period": an active (clinicalStatus ~ active)
-- "Pregnancy or Other Related Diagnoses" condition whose prevalence interval overlaps day of
-- the period, for a person with a qualifying encounter (the `with` clause asks only that one
-- exists).
with pregnancy as (
    select
        mp.period_key,
        cp.person_id,
        max(cast(cp.prevalence_start as date)) as evidence_date,
        arg_max(cv.code, case when cp.prevalence_start is not null then (cp.prevalence_start, cv.code) end) as evidence_code
    from measures.shared__condition_prevalence as cp
    join core.condition as c
        on c.provider = cp.provider
        and c.id = cp.id
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1623' -- Pregnancy or Other Related Diagnoses
    join measures.shared__measurement_period as mp
        on (cp.prevalence_start is null or cast(cp.prevalence_start as date) <= mp.period_end)
        and case
            when cp.prevalence_end is not null then cast(cp.prevalence_end as date) >= mp.period_start
            when cp.is_end_open then true
            else cast(cp.prevalence_start as date) >= mp.period_start
        end
    where c.clinical_status = 'active'
        and exists (
            select 1 from measures.cms69__qualifying_encounter as qe
            where qe.person_id = cp.person_id
              and cast(qe.period_start as date) >= mp.period_start
              and cast(qe.period_end as date) <= mp.period_end
        )
    group by mp.period_key, cp.person_id
),

-- The exclusions that hold for each denominator person.
exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        pc.person_id is not null as has_palliative_care,
        pg.person_id is not null as is_pregnant,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        pc.evidence_date as palliative_date,
        pc.evidence_code as palliative_code,
        pg.evidence_date as pregnancy_date,
        pg.evidence_code as pregnancy_code
    from measures.cms69__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join measures.shared__palliative_care as pc
        on pc.period_key = d.period_key
        and pc.person_id = d.person_id
    left join pregnancy as pg
        on pg.period_key = d.period_key
        and pg.person_id = d.person_id
)

select
    period_key,
    person_id,
    (has_hospice or has_palliative_care or is_pregnant) as is_excluded,
    case
        when has_hospice then 'hospice'
        when has_palliative_care then 'palliative care'
        when is_pregnant then 'pregnancy'
    end as exclusion_reason,
    case
        when has_hospice then hospice_date
        when has_palliative_care then palliative_date
        when is_pregnant then pregnancy_date
    end as evidence_date,
    case
        when has_hospice then hospice_code
        when has_palliative_care then palliative_code
        when is_pregnant then pregnancy_code
    end as evidence_code
from exclusion
