-- measures.cms138__denominator: persons in each CMS138 denominator, with the most recent
-- tobacco use screening that decides Denominator 2 and the screening numerators.
-- Grain: period_key x group_index x person_id (only persons in that group's denominator).
-- Implements "Denominator 1" and "Denominator 3": "Initial Population"; "Denominator 2":
-- "Initial Population" and "Most Recent Tobacco Use Screening Indicates Tobacco User" is not
-- null; with "Most Recent Tobacco Use Screening Indicates Tobacco Non User".

-- Tobacco use screenings (isAssessmentPerformed: final/amended/corrected, category survey)
-- whose effective interval lies during day of the period.
with screening as (
    select distinct
        mp.period_key,
        pr.person_id,
        o.provider,
        o.id,
        o.effective_start,
        cv.code
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'assessment_performed'
        and sr.status = o.status
    join measures.shared__coding_valueset as cv
        on cv.provider = o.provider
        and cv.resource_type = 'Observation'
        and cv.id = o.id
        and cv.element = 'code'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1278' -- Tobacco Use Screening
    join measures.shared__measurement_period as mp
        on cast(o.effective_start as date) >= mp.period_start
        and cast(o.effective_end as date) <= mp.period_end
    where exists (
        select 1 from measures.shared__coding_concept as cc
        where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
          and cc.element = 'category' and cc.concept = 'survey'
    )
),

-- Last(... sort by start of effective.toInterval()): the latest start; ties, which the CQL
-- leaves in source order, are broken by provider and id.
most_recent as (
    select
        period_key,
        person_id,
        provider,
        id,
        cast(effective_start as date) as screening_date,
        min(code) as code
    from screening
    group by period_key, person_id, provider, id, effective_start
    qualify row_number() over (
        partition by period_key, person_id
        order by effective_start desc, provider desc, id desc
    ) = 1
),

-- Its answer: `value as Concept in "Tobacco User"` / `in "Tobacco Non User"` (a value that
-- is not a CodeableConcept is in neither).
answer as (
    select
        m.period_key,
        m.person_id,
        m.screening_date,
        m.code,
        exists (
            select 1 from measures.shared__coding_valueset as vv
            where vv.provider = m.provider and vv.resource_type = 'Observation' and vv.id = m.id
              and vv.element = 'value'
              and vv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1170' -- Tobacco User
        ) as is_tobacco_user,
        exists (
            select 1 from measures.shared__coding_valueset as vv
            where vv.provider = m.provider and vv.resource_type = 'Observation' and vv.id = m.id
              and vv.element = 'value'
              and vv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1189' -- Tobacco Non User
        ) as is_tobacco_non_user,
        (
            select min(vc.code) from core.coding as vc
            where vc.provider = m.provider and vc.resource_type = 'Observation' and vc.id = m.id
              and vc.element = 'value'
        ) as answer_code
    from most_recent as m
),

-- Every initial-population person with the answer of the most recent screening, if any.
screened as (
    select
        ip.period_key,
        ip.person_id,
        coalesce(a.is_tobacco_user, false) as is_tobacco_user,
        coalesce(a.is_tobacco_non_user, false) as is_tobacco_non_user,
        a.screening_date,
        a.code as screening_code,
        a.answer_code
    from measures.cms138__initial_population as ip
    left join answer as a
        on a.period_key = ip.period_key
        and a.person_id = ip.person_id
),

-- The three groups in Measure.group order.
measure_group (group_index) as (
    values (0), (1), (2)
)

select
    s.period_key,
    g.group_index,
    s.person_id,
    s.is_tobacco_user,
    s.is_tobacco_non_user,
    s.screening_date,
    s.screening_code,
    s.answer_code
from screened as s
cross join measure_group as g
where g.group_index <> 1
    or s.is_tobacco_user
