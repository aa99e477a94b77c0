-- measures.shared__nursing_home: persons aged 66 or older whose latest housing status says they
-- live in a nursing home.
-- Grain: period_key x person_id (only such persons).
-- Implements AdvancedIllnessandFrailty 1.16.000 "Is Age 66 or Older Living Long Term in a
-- Nursing Home": the Last "Housing status" assessment (survey, final/amended/corrected) whose
-- effective interval ends on or before day of the end of the period, sorted by that end, has
-- the value "Lives in a nursing home (finding)". Ties on the end are broken by id.

with housing_observation as (
    -- Housing status assessments: coded 71802-3 with the survey category (isAssessmentPerformed),
    -- found once before any period is considered.
    select
        pr.person_id,
        o.provider,
        o.id,
        o.effective_end
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'assessment_performed'
        and sr.status = o.status
    where exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'code' and cc.concept = 'Housing status'
        )
        and exists (
            select 1 from measures.shared__coding_concept as cc
            where cc.provider = o.provider and cc.resource_type = 'Observation' and cc.id = o.id
              and cc.element = 'category' and cc.concept = 'survey'
        )
),

-- Housing status assessments ending on or before the period's last day, latest first.
housing_status as (
    select
        mp.period_key,
        ho.person_id,
        ho.provider,
        ho.id,
        ho.effective_end,
        row_number() over (
            partition by mp.period_key, ho.person_id
            order by ho.effective_end desc, ho.provider desc, ho.id desc
        ) as recency_rank
    from housing_observation as ho
    join measures.shared__measurement_period as mp
        on cast(ho.effective_end as date) <= mp.period_end
)

select
    hs.period_key,
    hs.person_id,
    cast(hs.effective_end as date) as evidence_date,
    vc.code as evidence_code
from housing_status as hs
join measures.shared__age_at_period_end as a
    on a.period_key = hs.period_key
    and a.person_id = hs.person_id
join measures.shared__coding_concept as vc
    on vc.provider = hs.provider
    and vc.resource_type = 'Observation'
    and vc.id = hs.id
    and vc.element = 'value'
    and vc.concept = 'Lives in a nursing home (finding)'
where hs.recency_rank = 1
    and a.age_years >= 66
qualify row_number() over (partition by hs.period_key, hs.person_id order by vc.code) = 1
