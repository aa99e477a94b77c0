-- measures.cms138__denominator: persons in each CMS138 denominator, with the most recent
-- tobacco use screening that decides Denominator 2 and the screening numerators.
-- Grain: period_key x group_index x person_id (only persons in that group's denominator).
-- Implements "Denominator 1" and "Denominator 3": "Initial Population"; "Denominator 2":
-- "Initial Population" and "Most Recent Tobacco Use Screening Indicates Tobacco User" is not
-- null; with "Most Recent Tobacco Use Screening Indicates Tobacco Non User".

-- Tobacco use screenings (isAssessmentPerformed: final/amended/corrected, category survey), one
-- row per observation (the lowest matching code), before they meet the periods.
with screening as (
    select
        pr.person_id,
        o.provider,
        o.id,
        o.effective_start,
        cast(o.effective_start as date) as start_date,
        cast(o.effective_end as date) as end_date,
        min(cv.code) as code
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
    where o.effective_start is not null
        and o.effective_end is not null
        and exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'category' and cc.concept = 'survey'
        )
    group by all
),

-- Each screening's answer: `value as Concept in "Tobacco User"` / `in "Tobacco Non User"` (a
-- value that is not a CodeableConcept is in neither), and its lowest value code.
answer as (
    select
        s.*,
        exists (
            select 1 from measures.shared__coding_valueset as vv
            where vv.provider = s.provider and vv.resource_type = 'Observation' and vv.id = s.id
              and vv.element = 'value'
              and vv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1170' -- Tobacco User
        ) as is_tobacco_user,
        exists (
            select 1 from measures.shared__coding_valueset as vv
            where vv.provider = s.provider and vv.resource_type = 'Observation' and vv.id = s.id
              and vv.element = 'value'
              and vv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1189' -- Tobacco Non User
        ) as is_tobacco_non_user,
        (
            select min(vc.code) from core.coding as vc
            where vc.provider = s.provider and vc.resource_type = 'Observation' and vc.id = s.id
              and vc.element = 'value'
        ) as answer_code,
        -- each person's screenings in the order "most recent" sorts them
        row_number() over (partition by s.person_id order by s.effective_start, s.provider, s.id) as seq
    from screening as s
),

-- The screenings of initial-population persons whose effective interval lies during day of the
-- period; Last(... sort by start of effective.toInterval()): the latest start; ties, which the
-- CQL leaves in source order, are broken by provider and id.
most_recent as (
    select
        ip.period_key,
        ip.person_id,
        arg_max(
            {
                'screening_date': a.start_date,
                'code': a.code,
                'is_tobacco_user': a.is_tobacco_user,
                'is_tobacco_non_user': a.is_tobacco_non_user,
                'answer_code': a.answer_code
            },
            a.seq
        ) as s
    from measures.cms138__initial_population as ip
    join measures.shared__measurement_period as mp
        on mp.period_key = ip.period_key
    join answer as a
        on a.person_id = ip.person_id
        and a.start_date >= mp.period_start
        and a.end_date <= mp.period_end
    group by ip.period_key, ip.person_id
),

-- Every initial-population person with the answer of the most recent screening, if any.
screened as (
    select
        ip.period_key,
        ip.person_id,
        coalesce(m.s.is_tobacco_user, false) as is_tobacco_user,
        coalesce(m.s.is_tobacco_non_user, false) as is_tobacco_non_user,
        m.s.screening_date,
        m.s.code as screening_code,
        m.s.answer_code
    from measures.cms138__initial_population as ip
    left join most_recent as m
        on m.period_key = ip.period_key
        and m.person_id = ip.person_id
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
