-- measures.cms2__qualifying_encounter: the CMS2 qualifying encounters of each period.
-- Grain: period_key x provider x encounter id.
-- Implements PCSDepressionScreenAndFollowUpFHIR 0.2.000 "Qualifying Encounter During
-- Measurement Period": an encounter typed "Encounter to Screen for Depression", "Physical
-- Therapy Evaluation" or "Telephone Visits", status finished, whose period lies during day of
-- the period (both ends known and inside).
with encounter_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1916'),              -- Encounter to Screen for Depression
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1022'),            -- Physical Therapy Evaluation
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080')  -- Telephone Visits
),

-- Each qualifying encounter once, before it meets the periods.
qualifying as (
    select distinct
        pr.person_id,
        e.provider,
        e.id as encounter_id,
        e.period_start,
        e.period_end
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = e.provider
        and cv.resource_type = 'Encounter'
        and cv.id = e.id
        and cv.element = 'type'
    join encounter_valueset as ev
        on ev.url = cv.url
    where e.status = 'finished'
)

-- The encounter's period lies during day of the measurement period.
select
    mp.period_key,
    q.*
from qualifying as q
join measures.shared__measurement_period as mp
    on cast(q.period_start as date) >= mp.period_start
    and cast(q.period_end as date) <= mp.period_end
