-- measures.cms2__denominator_exclusion: whether each CMS2 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": exists "History of Bipolar Diagnosis Before Qualifying
-- Encounter": a "Bipolar Disorder" condition on the problem list or a health concern whose
-- prevalence interval starts before the start of a qualifying encounter (instant precision; a
-- condition without an onset starts at the beginning of time, so it always does).

-- Bipolar disorder conditions that are problem-list items or health concerns.
with bipolar as (
    select distinct
        cp.person_id,
        cp.provider,
        cp.id,
        cp.prevalence_start,
        cv.code
    from measures.shared__condition_prevalence as cp
    join measures.shared__coding_valueset as cv
        on cv.provider = cp.provider
        and cv.resource_type = 'Condition'
        and cv.id = cp.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.128' -- Bipolar Disorder
    where exists (
        select 1 from measures.shared__coding_concept as cc
        where cc.provider = cp.provider and cc.resource_type = 'Condition' and cc.id = cp.id
          and cc.element = 'category' and cc.concept in ('problem-list-item', 'health-concern')
    )
),

-- ... whose prevalence starts before a qualifying encounter starts.
history as (
    select
        qe.period_key,
        qe.person_id,
        max(cast(b.prevalence_start as date)) as evidence_date,
        arg_max(b.code, case when b.prevalence_start is not null then (b.prevalence_start, b.code) end) as evidence_code
    from measures.cms2__qualifying_encounter as qe
    join bipolar as b
        on b.person_id = qe.person_id
        and (b.prevalence_start is null or b.prevalence_start < qe.period_start)
    group by qe.period_key, qe.person_id
)

select
    d.period_key,
    d.person_id,
    h.person_id is not null as is_excluded,
    case when h.person_id is not null then 'bipolar disorder' end as exclusion_reason,
    h.evidence_date,
    h.evidence_code
from measures.cms2__denominator as d
left join history as h
    on h.period_key = d.period_key
    and h.person_id = d.person_id
