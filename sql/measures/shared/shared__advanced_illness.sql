-- measures.shared__advanced_illness: persons with an advanced illness diagnosis starting in the
-- year before or during a period.
-- Grain: period_key x person_id (only persons with such a diagnosis).
-- Implements AdvancedIllnessandFrailty 1.16.000 "Has Advanced Illness in Year Before or During
-- Measurement Period": the prevalence interval starts during day of
-- Interval[start of "Measurement Period" - 1 year, end of "Measurement Period"]. A condition
-- without an onset starts at the beginning of time, so it never qualifies.
select
    mp.period_key,
    cp.person_id,
    max(cast(cp.prevalence_start as date)) as evidence_date,
    arg_max(cv.code, case when cp.prevalence_start is not null then (cp.prevalence_start, cv.code) end) as evidence_code
from measures.shared__condition_prevalence as cp
join measures.shared__coding_valueset as cv
    on cv.provider = cp.provider
    and cv.resource_type = 'Condition'
    and cv.id = cp.id
    and cv.element = 'code'
    and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1082' -- Advanced Illness
join measures.shared__measurement_period as mp
    on cast(cp.prevalence_start as date)
        between cast(mp.period_start - interval 1 year as date) and mp.period_end
group by mp.period_key, cp.person_id
