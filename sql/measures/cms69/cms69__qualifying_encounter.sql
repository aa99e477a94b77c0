-- measures.cms69__qualifying_encounter: the encounters that can be CMS69 qualifying
-- encounters, with the person's age on the day each starts.
-- Grain: provider x encounter id.
-- Implements PCSBMIScreenAndFollowUpFHIR 0.2.000 "Qualifying Encounter during Day of
-- Measurement Period": an encounter typed "Encounter to Evaluate BMI", status finished, whose
-- class is not ~ "virtual" (a missing class is not virtual), and whose period lies during day
-- of the period (both ends known and inside); and AgeInYearsAt(date from start of its period).
-- Whether its period lies during day of a period is asked by its readers: an encounter falls
-- in about twelve of the 25 periods, so the per-encounter work is done once here.

select distinct
    pr.person_id,
    e.provider,
    e.id as encounter_id,
    e.period_start,
    e.period_end,
    cv.code,
    extract(year from e.period_start) - extract(year from p.birth_date)
        - case
            when extract(month from e.period_start) < extract(month from p.birth_date)
              or (extract(month from e.period_start) = extract(month from p.birth_date)
                  and extract(day from e.period_start) < extract(day from p.birth_date))
            then 1
            else 0
          end as age_years
from core.encounter as e
join core.person_record as pr
    on pr.provider = e.provider
    and pr.patient_id = e.patient_id
join core.person as p
    on p.person_id = pr.person_id
join measures.shared__coding_valueset as cv
    on cv.provider = e.provider
    and cv.resource_type = 'Encounter'
    and cv.id = e.id
    and cv.element = 'type'
    and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1.1751' -- Encounter to Evaluate BMI
where e.status = 'finished'
    and not exists (
        select 1 from measures.shared__coding_concept as vc
        where vc.provider = e.provider and vc.resource_type = 'Encounter' and vc.id = e.id
          and vc.element = 'class' and vc.concept = 'virtual'
    )
